package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.PasswordPolicy;
import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.in.LogInCommand;
import io.stablepay.core.port.in.RegisterCommand;
import io.stablepay.core.port.out.AccountLinks;
import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordStrength;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.TokenService;
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
 * Registration, sign-in, sessions, password resets, unlocking a locked sign-in, and the accounts
 * administrators see.
 */
public final class IdentityService implements Identity {

  /** How long a refresh token (and so a session without activity) lasts. */
  public static final Duration REFRESH_LIFETIME = Duration.ofDays(30);

  public static final Duration RESET_LIFETIME = Duration.ofMinutes(30);
  public static final Duration UNLOCK_LIFETIME = Duration.ofHours(1);
  private static final String RESET_PREFIX = "pr_";
  private static final String UNLOCK_PREFIX = "ul_";

  private final UserStore users;
  private final RefreshTokenStore refreshTokens;
  private final LoginThrottle throttle;
  private final AccountTokenStore accountTokens;
  private final Mailer mailer;
  private final AccountLinks links;
  private final PasswordHasher passwords;
  private final PasswordStrength strength;
  private final TokenService tokens;
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
      TokenService tokens,
      RefreshTokenStore refreshTokens,
      LoginThrottle throttle,
      AccountTokenStore accountTokens,
      Mailer mailer,
      AccountLinks links,
      Clock clock) {
    this.strength = strength;
    this.users = users;
    this.accountTokens = accountTokens;
    this.mailer = mailer;
    this.links = links;
    this.refreshTokens = refreshTokens;
    this.throttle = throttle;
    this.passwords = passwords;
    this.tokens = tokens;
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
        offerUnlock(stored.get().user(), now);
      }
      throw new UnauthorizedException(IdentityMessages.BAD_CREDENTIALS);
    }
    User user = stored.get().user();
    RefreshToken.Issued refresh =
        RefreshToken.issue(
            user.id(), UUID.randomUUID().toString(), clock.instant(), REFRESH_LIFETIME);
    refreshTokens.startFamily(refresh.stored());
    return new TokenPair(tokens.issue(user, refresh.stored().familyId()), refresh.plain());
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

  /**
   * Mails the owner of a just-locked account a one-time token that lifts its locks: a stranger
   * guessing cannot keep the owner out. Unknown emails get no mail (and the same answer).
   */
  private void offerUnlock(User user, Instant now) {
    String token = SecretToken.generate(UNLOCK_PREFIX);
    accountTokens.save(SecretToken.hash(token), user.id(), now.plus(UNLOCK_LIFETIME));
    String link =
        links
            .unlock(token)
            .map(
                url ->
                    "open this link:\n\n"
                        + url
                        + "\n\nor send this code to POST /api/auth/unlock:\n\n")
            .orElse("send this code to POST /api/auth/unlock:\n\n");
    mailer.send(
        user.email(),
        "Unlock your StablePay sign-in",
        "Sign-ins to this account failed too often, so they are paused for up to 15 minutes. "
            + "If it was you, or you want back in now, "
            + link
            + token
            + "\n\nThe code works once, within an hour. If the failures were not yours, your "
            + "password held; consider changing it.");
  }

  @Override
  public void unlock(String token) {
    Instant now = clock.instant();
    User user = holderOf(token, UNLOCK_PREFIX, "unlock", now);
    redeem(token, "unlock", now);
    throttle.unlock(user.email());
  }

  /**
   * The user an unexpired, unused one-time token of this kind belongs to, without using it up;
   * checking what the token is for comes next, then {@link #redeem}.
   */
  private User holderOf(String token, String prefix, String kind, Instant now) {
    if (!SecretToken.wellFormed(token, prefix)) {
      throw invalidToken(kind);
    }
    return accountTokens
        .peek(SecretToken.hash(token), now)
        .flatMap(users::findById)
        .orElseThrow(() -> invalidToken(kind));
  }

  /** Uses the token up: only one request can, and only before it expires. */
  private void redeem(String token, String kind, Instant now) {
    if (!accountTokens.consume(SecretToken.hash(token), now)) {
      throw invalidToken(kind);
    }
  }

  private static InvalidRequestException invalidToken(String kind) {
    return new InvalidValueException("the " + kind + " token is invalid, used or expired");
  }

  @Override
  public TokenPair refresh(String refreshToken) {
    Instant now = clock.instant();
    RefreshToken presented = findUsable(refreshToken, now);
    if (presented.usedAt() != null) {
      // a used token came back: it was stolen, or the client was; either way end the family
      refreshTokens.revokeFamily(presented.userId(), presented.familyId());
      throw invalidRefresh();
    }
    User user =
        users
            .findById(presented.userId())
            .filter(User::active)
            .orElseThrow(IdentityService::invalidRefresh);
    RefreshToken.Issued next =
        RefreshToken.issue(user.id(), presented.familyId(), now, REFRESH_LIFETIME);
    if (!refreshTokens.rotate(presented, next.stored(), now)) {
      // another request used it a moment ago: that is reuse too
      refreshTokens.revokeFamily(presented.userId(), presented.familyId());
      throw invalidRefresh();
    }
    return new TokenPair(tokens.issue(user, presented.familyId()), next.plain());
  }

  @Override
  public void logOut(Caller caller, String refreshToken) {
    if (!RefreshToken.wellFormed(refreshToken)) {
      return;
    }
    refreshTokens
        .find(RefreshToken.hashOf(refreshToken))
        .filter(token -> token.userId().equals(caller.userId()))
        .ifPresent(token -> refreshTokens.revokeFamily(token.userId(), token.familyId()));
  }

  private RefreshToken findUsable(String refreshToken, Instant now) {
    if (!RefreshToken.wellFormed(refreshToken)) {
      throw invalidRefresh();
    }
    RefreshToken presented =
        refreshTokens
            .find(RefreshToken.hashOf(refreshToken))
            .orElseThrow(IdentityService::invalidRefresh);
    if (presented.expiredAt(now)
        || refreshTokens.familyRevoked(presented.userId(), presented.familyId())) {
      throw invalidRefresh();
    }
    return presented;
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

  private static UnauthorizedException invalidRefresh() {
    return new UnauthorizedException("the refresh token is invalid, expired or revoked");
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
        .ifPresent(
            user -> {
              String token = SecretToken.generate(RESET_PREFIX);
              accountTokens.save(
                  SecretToken.hash(token), user.id(), clock.instant().plus(RESET_LIFETIME));
              mailer.send(
                  user.email(),
                  "Reset your StablePay password",
                  "Someone asked to reset the password of this account. If it was you, use this "
                      + "code within 30 minutes:\n\n"
                      + token
                      + "\n\nIf it was not you, ignore "
                      + "this message: nothing changes.");
            });
  }

  @Override
  public void resetPassword(String token, String newPassword) {
    Instant now = clock.instant();
    User user = holderOf(token, RESET_PREFIX, "reset", now);
    PasswordPolicy.check(newPassword, user.email());
    requireStrong(newPassword, user.email(), user.firstName(), user.lastName());
    redeem(token, "reset", now);
    users.updatePasswordHash(user.id(), passwords.hash(newPassword));
    refreshTokens.revokeAll(user.id());
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
      refreshTokens.revokeAll(userId);
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
    return tokens.publicKeySetJson();
  }

  @Override
  public User currentUser(Caller caller) {
    return users
        .findById(caller.userId())
        .orElseThrow(() -> new UnauthorizedException(IdentityMessages.NOT_AUTHENTICATED));
  }
}
