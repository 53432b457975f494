package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.PasswordPolicy;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.in.LogInCommand;
import io.stablepay.core.port.in.RegisterCommand;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordStrength;
import io.stablepay.core.port.out.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Registration, sign-in, sessions ({@link Sessions}), password resets and unlocking a locked
 * sign-in (by the one-time {@link AccountTokens} mailed to the owner), and the accounts
 * administrators see.
 */
public final class IdentityService implements Identity {

  /** How long a refresh token (and so a session without activity) lasts. */
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  public static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
  public static final Duration UNLOCK_LIFETIME = Duration.ofHours(1);

  private final UserStore users;
  private final PasswordHasher passwords;
  private final PasswordStrength strength;
  private final LoginThrottle throttle;
  private final Sessions sessions;
  private final AccountTokens accountTokens;
  private final Clock clock;

  /**
   * Compared against when the email is unknown, so both failures cost one Argon2 computation; made
   * on the first unknown email (making it costs what a verification does), not at start.
   */
  private volatile String decoyHash;

  public IdentityService(
      UserStore users,
      PasswordHasher passwords,
      PasswordStrength strength,
      LoginThrottle throttle,
      Sessions sessions,
      AccountTokens accountTokens,
      Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.strength = strength;
    this.throttle = throttle;
    this.sessions = sessions;
    this.accountTokens = accountTokens;
    this.clock = clock;
  }

  @Override
  public User register(RegisterCommand command) {
    requireStrong(command.password(), command.email(), command.firstName(), command.lastName());
    User user =
        new User(
            UUID.randomUUID().toString(),
            command.email(),
            command.firstName(),
            command.lastName(),
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            clock.instant());
    users.create(user, passwords.hash(command.password()));
    return user;
  }

  @Override
  public TokenPair logIn(LogInCommand command) {
    Instant now = clock.instant();
    throttle.check(command.email(), command.sourceAddress(), now);
    Optional<StoredCredentials> stored = users.findCredentials(command.email());
    boolean matches =
        stored.isPresent()
            ? passwords.matches(command.password(), stored.get().passwordHash())
            : failAsSlowlyAsAWrongPassword(command.password());
    if (stored.isEmpty() || !matches || !stored.get().user().active()) {
      boolean lockedNow = throttle.recordFailure(command.email(), command.sourceAddress(), now);
      if (lockedNow && stored.isPresent() && stored.get().user().active()) {
        accountTokens.offerUnlock(stored.get().user(), now);
      }
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
    return sessions.start(stored.get().user());
  }

  /** One Argon2 computation, as a verification against a stored hash costs; always false. */
  private boolean failAsSlowlyAsAWrongPassword(String password) {
    String decoy = decoyHash;
    if (decoy == null) {
      decoyHash = passwords.hash(UUID.randomUUID().toString());
      return false;
    }
    passwords.matches(password, decoy);
    return false;
  }

  @Override
  public void unlock(String token) {
    Instant now = clock.instant();
    User user = accountTokens.holderOf(token, AccountTokens.Kind.UNLOCK, now);
    accountTokens.redeem(token, AccountTokens.Kind.UNLOCK, now);
    throttle.unlock(user.email());
  }

  @Override
  public TokenPair refresh(String refreshToken) {
    return sessions.refresh(refreshToken);
  }

  @Override
  public void logOut(Caller caller, String refreshToken) {
    sessions.logOut(caller, refreshToken);
  }

  /**
   * Refuses a password that the lists of common and breached passwords, keyboard patterns, repeats,
   * or the account's own words would find quickly; the length rules come first.
   */
  private void requireStrong(String password, Email email, String... names) {
    List<String> accountWords =
        new ArrayList<>(
            List.of(email.value(), email.value().substring(0, email.value().indexOf('@'))));
    accountWords.addAll(Arrays.asList(names));
    strength
        .weakness(password, accountWords)
        .ifPresent(
            reason -> {
              throw new InvalidValueException("password is too easy to guess: " + reason);
            });
  }

  @Override
  public void forgotPassword(String email) {
    // a malformed address is refused (it is not anyone's); a well-formed one answers the same
    // whether or not it has an account
    Email address = new Email(email);
    users
        .findCredentials(address)
        .map(StoredCredentials::user)
        .filter(User::active)
        .ifPresent(user -> accountTokens.offerReset(user, clock.instant()));
  }

  @Override
  public void resetPassword(String token, String newPassword) {
    Instant now = clock.instant();
    User user = accountTokens.holderOf(token, AccountTokens.Kind.RESET, now);
    PasswordPolicy.check(newPassword, user.email());
    requireStrong(newPassword, user.email(), user.firstName(), user.lastName());
    accountTokens.redeem(token, AccountTokens.Kind.RESET, now);
    users.updatePasswordHash(user.id(), passwords.hash(newPassword));
    sessions.endAll(user.id());
  }

  @Override
  public void setActive(Caller caller, String userId, boolean active) {
    caller.requireRole(Role.ADMIN);
    if (caller.userId().equals(userId) && !active) {
      throw new InvalidValueException("an administrator cannot deactivate their own account");
    }
    if (userId == null || !users.setActive(userId, active)) {
      throw new io.stablepay.core.domain.NotFoundException("no user " + userId);
    }
    if (!active) {
      sessions.endAll(userId);
    }
  }

  @Override
  public Page<User> listUsers(Caller caller, PageRequest page) {
    caller.requireRole(Role.ADMIN);
    return users.list(page);
  }

  @Override
  public void ensureAdmin(Email email, Supplier<String> initialPassword) {
    if (users.findCredentials(email).isPresent()) {
      return;
    }
    String password = initialPassword.get();
    PasswordPolicy.check(password, email);
    requireStrong(password, email);
    User admin =
        new User(
            UUID.randomUUID().toString(),
            email,
            "Platform",
            "Administrator",
            Role.ADMIN,
            KycStatus.NOT_STARTED,
            true,
            clock.instant());
    try {
      users.create(admin, passwords.hash(password));
    } catch (ConflictException createdConcurrently) {
      // another instance seeded it first: the same outcome
    }
  }

  @Override
  public String publicKeySetJson() {
    return sessions.publicKeySetJson();
  }

  @Override
  public User currentUser(Caller caller) {
    return users
        .findById(caller.userId())
        .orElseThrow(() -> new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED));
  }
}
