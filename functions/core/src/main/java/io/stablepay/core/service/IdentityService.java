package io.stablepay.core.service;

import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.in.LogInCommand;
import io.stablepay.core.port.in.RegisterCommand;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Registration, sign-in and token authentication. */
public final class IdentityService implements Identity {

  private final UserStore users;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final Clock clock;
  /** Compared against when the email is unknown, so both failures cost one Argon2 verification. */
  private final String decoyHash;

  public IdentityService(UserStore users, PasswordHasher passwords, TokenService tokens,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.clock = clock;
    this.decoyHash = passwords.hash(UUID.randomUUID().toString());
  }

  @Override
  public User register(RegisterCommand command) {
    User user = new User(UUID.randomUUID().toString(), command.email(), command.firstName(),
        command.lastName(), Role.USER, KycStatus.NOT_STARTED, true, clock.instant());
    users.create(user, passwords.hash(command.password()));
    return user;
  }

  @Override
  public AccessToken logIn(LogInCommand command) {
    Optional<StoredCredentials> stored = users.findCredentials(command.email());
    boolean matches = passwords.matches(command.password(),
        stored.map(StoredCredentials::passwordHash).orElse(decoyHash));
    if (stored.isEmpty() || !matches || !stored.get().user().active()) {
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
    return tokens.issue(stored.get().user());
  }

  @Override
  public Caller authenticate(String bearerToken) {
    Caller caller = tokens.verify(bearerToken);
    User user = users.findById(caller.userId())
        .filter(User::active)
        .orElseThrow(() -> new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED));
    // the role is the account's current one, not what the token said when it was issued
    return new Caller(user.id(), user.role());
  }

  @Override
  public String publicKeySetJson() {
    return tokens.publicKeySetJson();
  }

  @Override
  public User currentUser(Caller caller) {
    return users.findById(caller.userId())
        .orElseThrow(() -> new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED));
  }
}
