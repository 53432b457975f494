package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.TokenPair;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.identity.VerifiedToken;
import io.stablepay.core.port.in.IdentityMessages;
import io.stablepay.core.port.in.LogInCommand;
import io.stablepay.core.port.in.RegisterCommand;
import io.stablepay.core.port.out.AccountTokenStore;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.PasswordHasher;
import io.stablepay.core.port.out.PasswordStrength;
import io.stablepay.core.port.out.RefreshTokenStore;
import io.stablepay.core.port.out.SecretMac;
import io.stablepay.core.port.out.TokenService;
import io.stablepay.core.testing.MemoryAttemptStore;
import io.stablepay.core.testing.MemoryUserStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules of sign-in, over in-memory versions of the core's own ports. */
class IdentityServiceTest {

  private static final String PASSWORD = "correct horse battery";

  private final MemoryUserStore users = new MemoryUserStore();
  private final MemoryRefreshTokens refreshTokens = new MemoryRefreshTokens();
  private final List<String[]> sentMail = new ArrayList<>();
  private final Mailer mailer =
      (to, subject, text) -> sentMail.add(new String[] {to.value(), text, subject});
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T22:00:00Z"), ZoneOffset.UTC);
  private final OpaqueTokens tokens = new OpaqueTokens();
  private final MemoryApiKeys keys = new MemoryApiKeys();

  /** The adapter's rules are zxcvbn's (ZxcvbnPasswordStrengthTest); here, what the service does. */
  private final PasswordStrength strength =
      (password, accountWords) ->
          password.startsWith("password") || accountWords.stream().anyMatch(password::startsWith)
              ? Optional.of("this is a very common password")
              : Optional.empty();

  private final IdentityService identity =
      new IdentityService(
          users,
          new ReversingHasher(),
          strength,
          new LoginThrottle(new MemoryAttemptStore(), 100),
          new Sessions(refreshTokens, tokens, users, clock),
          new AccountTokens(
              new MemoryResets(),
              users,
              mailer,
              token -> Optional.of("https://api.example.com/api/auth/unlock?token=" + token)),
          clock);
  private final AuthenticationService authentication =
      new AuthenticationService(users, tokens, refreshTokens, keys, new PepperedMac(), clock);
  private final ApiKeyService apiKeys = new ApiKeyService(keys, new PepperedMac(), clock);

  @Test
  void registersAUserWithANormalisedEmailAndNoCredentialInTheResult() {
    User user = identity.register(RegisterCommand.of(" Ada@Example.com", PASSWORD, "Ada", "L"));

    assertThat(user.email().value()).isEqualTo("ada@example.com");
    assertThat(user.role()).isEqualTo(Role.USER);
    assertThat(user.toString()).doesNotContain(PASSWORD);
    assertThat(users.hashes.get(user.id())).isNotEqualTo(PASSWORD);
  }

  @Test
  void aGuessablePasswordIsRefusedWithTheReasonAndCreatesNothing() {
    assertThatThrownBy(
            () ->
                identity.register(
                    RegisterCommand.of("ada@example.com", "password1234", "Ada", "L")))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class)
        .hasMessage("password is too easy to guess: this is a very common password");
    assertThatThrownBy(
            () ->
                identity.register(
                    RegisterCommand.of(
                        "lovelace@example.com", "lovelace1815xyz", "Ada", "Lovelace")))
        .hasMessageContaining("too easy to guess");

    assertThat(users.findCredentials(new Email("ada@example.com"))).isEmpty();
    assertThat(users.findCredentials(new Email("lovelace@example.com"))).isEmpty();
  }

  @Test
  void aTakenEmailIsAConflictWhateverItsCase() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));

    assertThatThrownBy(
            () -> identity.register(RegisterCommand.of("ADA@example.com", PASSWORD, "Ada", "L")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void wrongPasswordAndUnknownEmailFailTheSameWay() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));

    assertThatThrownBy(() -> identity.logIn(LogInCommand.of("ada@example.com", "wrong password!")))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage(IdentityMessages.BAD_CREDENTIALS);
    assertThatThrownBy(() -> identity.logIn(LogInCommand.of("bob@example.com", PASSWORD)))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage(IdentityMessages.BAD_CREDENTIALS);
    assertThatThrownBy(() -> identity.logIn(LogInCommand.of("not an email", PASSWORD)))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessage(IdentityMessages.BAD_CREDENTIALS);
  }

  @Test
  void aDeactivatedUserCanNeitherLogInNorUseATokenIssuedBefore() {
    User user = identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    AccessToken token = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD)).access();
    assertThat(authentication.authenticate(token.value()))
        .isEqualTo(new Caller(user.id(), Role.USER));

    identity.ensureAdmin(new Email("root@example.com"), () -> PASSWORD);
    User root = users.findCredentials(new Email("root@example.com")).orElseThrow().user();
    identity.setActive(new Caller(root.id(), Role.ADMIN), user.id(), false);

    assertThatThrownBy(() -> authentication.authenticate(token.value()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> identity.logIn(LogInCommand.of("ada@example.com", PASSWORD)))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void fiveFailuresFromOneAddressLockOnlyThatAddressOutOfTheAccount() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    failFiveTimes("ada@example.com", "10.0.0.1");

    assertThatThrownBy(
            () -> identity.logIn(LogInCommand.of("ada@example.com", PASSWORD, "10.0.0.1")))
        .isInstanceOf(io.stablepay.core.domain.RateLimitedException.class);
    assertThat(identity.logIn(LogInCommand.of("ada@example.com", PASSWORD, "10.0.0.2")))
        .isNotNull();
  }

  @Test
  void aJustLockedAccountsOwnerIsMailedOneUnlockCodeThatLiftsTheLockOnce() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    failFiveTimes("ada@example.com", "10.0.0.1");
    failFiveTimes("ada@example.com", "10.0.0.3");

    List<String[]> unlockMails = sentMail.stream().filter(m -> m[2].contains("Unlock")).toList();
    assertThat(unlockMails).hasSize(1);
    assertThat(unlockMails.get(0)[0]).isEqualTo("ada@example.com");
    String code = unlockMails.get(0)[1].replaceAll("(?s).*\\b(ul_[A-Za-z0-9_-]+).*", "$1");
    assertThat(unlockMails.get(0)[1])
        .contains("https://api.example.com/api/auth/unlock?token=" + code);

    identity.unlock(code);
    assertThat(identity.logIn(LogInCommand.of("ada@example.com", PASSWORD, "10.0.0.1")))
        .isNotNull();
    assertThat(identity.logIn(LogInCommand.of("ada@example.com", PASSWORD, "10.0.0.3")))
        .isNotNull();
    assertThatThrownBy(() -> identity.unlock(code))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class)
        .hasMessage("the unlock token is invalid, used or expired");
  }

  @Test
  void anUnknownEmailIsThrottledAlikeAndNobodyIsMailed() {
    failFiveTimes("nobody@example.com", "10.0.0.1");

    assertThatThrownBy(
            () -> identity.logIn(LogInCommand.of("nobody@example.com", PASSWORD, "10.0.0.1")))
        .isInstanceOf(io.stablepay.core.domain.RateLimitedException.class);
    assertThat(sentMail).isEmpty();
  }

  @Test
  void anUnlockCodeIsNotAResetCodeNorTheOtherWayRound() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    identity.forgotPassword("ada@example.com");
    String reset = sentMail.get(0)[1].replaceAll("(?s).*\\b(pr_[A-Za-z0-9_-]+).*", "$1");

    assertThatThrownBy(() -> identity.unlock(reset))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class);
    assertThatThrownBy(() -> identity.unlock("ul_" + reset.substring(3)))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class);
  }

  private void failFiveTimes(String email, String source) {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> identity.logIn(LogInCommand.of(email, "wrong password!", source)))
          .isInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void onlyAnAdminListsUsersAndTheConfiguredAdminIsSeededOnce() {
    User ada = identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    identity.ensureAdmin(new Email("root@example.com"), () -> PASSWORD);
    identity.ensureAdmin(
        new Email("root@example.com"),
        () -> {
          throw new AssertionError("the password of an existing administrator is not read");
        });
    User root = users.findCredentials(new Email("root@example.com")).orElseThrow().user();

    assertThat(root.role()).isEqualTo(Role.ADMIN);
    assertThat(identity.logIn(LogInCommand.of("root@example.com", PASSWORD))).isNotNull();
    assertThat(
            identity
                .listUsers(new Caller(root.id(), Role.ADMIN), PageRequest.of(null, null))
                .data())
        .hasSize(2);
    assertThatThrownBy(
            () -> identity.listUsers(new Caller(ada.id(), Role.USER), PageRequest.of(null, null)))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void aRefreshTokenWorksOnceAndIsReplaced() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    TokenPair first = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));

    TokenPair second = identity.refresh(first.refreshToken());

    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken()).startsWith("rt_");
    assertThat(identity.refresh(second.refreshToken()).refreshToken())
        .isNotEqualTo(second.refreshToken());
    assertThat(refreshTokens.byHash.keySet()).noneMatch(hash -> hash.contains("rt_"));
  }

  @Test
  void reusingARefreshTokenRevokesTheWholeFamily() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    TokenPair first = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));
    TokenPair second = identity.refresh(first.refreshToken());
    TokenPair otherSession = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));

    assertThatThrownBy(() -> identity.refresh(first.refreshToken()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> identity.refresh(second.refreshToken()))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(identity.refresh(otherSession.refreshToken())).isNotNull();
  }

  @Test
  void logOutEndsTheFamilyOfItsOwnTokenOnly() {
    User ada = identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    User bob = identity.register(RegisterCommand.of("bob@example.com", PASSWORD, "Bob", "B"));
    TokenPair adas = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));

    identity.logOut(new Caller(bob.id(), Role.USER), adas.refreshToken());
    TokenPair still = identity.refresh(adas.refreshToken());
    identity.logOut(new Caller(ada.id(), Role.USER), still.refreshToken());

    assertThatThrownBy(() -> identity.refresh(still.refreshToken()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void signingOutEndsTheAccessTokenOfThatSessionAtOnceAndNoOther() {
    User ada = identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    TokenPair phone = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));
    TokenPair laptop = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));
    Caller caller = authentication.authenticate(phone.access().value());

    identity.logOut(caller, phone.refreshToken());

    assertThatThrownBy(() -> authentication.authenticate(phone.access().value()))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(authentication.authenticate(laptop.access().value()).userId()).isEqualTo(ada.id());
  }

  @Test
  void aDetectedRefreshReuseEndsTheAccessTokensIssuedInThatSession() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    TokenPair first = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));
    TokenPair second = identity.refresh(first.refreshToken());
    assertThat(authentication.authenticate(second.access().value())).isNotNull();

    assertThatThrownBy(() -> identity.refresh(first.refreshToken()))
        .isInstanceOf(UnauthorizedException.class);

    assertThatThrownBy(() -> authentication.authenticate(first.access().value()))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> authentication.authenticate(second.access().value()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void garbageIsNotARefreshToken() {
    assertThatThrownBy(() -> identity.refresh("rt_nope")).isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> identity.refresh(null)).isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void aResetTokenMailedToTheOwnerSetsANewPasswordOnceAndEndsEverySession() {
    identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    TokenPair session = identity.logIn(LogInCommand.of("ada@example.com", PASSWORD));

    identity.forgotPassword("nobody@example.com");
    assertThatThrownBy(() -> identity.forgotPassword("not an address"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(sentMail).isEmpty();
    identity.forgotPassword("ADA@example.com");
    assertThat(sentMail).hasSize(1);
    assertThat(sentMail.get(0)[0]).isEqualTo("ada@example.com");
    String token =
        sentMail.get(0)[1].lines().filter(l -> l.startsWith("pr_")).findFirst().orElseThrow();

    assertThatThrownBy(() -> identity.resetPassword(token, "short"))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class);
    identity.resetPassword(token, "a brand new passphrase");

    assertThatThrownBy(() -> identity.resetPassword(token, "another new passphrase"))
        .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class);
    assertThatThrownBy(() -> identity.logIn(LogInCommand.of("ada@example.com", PASSWORD)))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(identity.logIn(LogInCommand.of("ada@example.com", "a brand new passphrase")))
        .isNotNull();
    assertThatThrownBy(() -> identity.refresh(session.refreshToken()))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void anApiKeyActsAsItsOwnerUntilRevokedAndOnlyMerchantsOrAdminsGetOne() {
    User ada = identity.register(RegisterCommand.of("ada@example.com", PASSWORD, "Ada", "L"));
    identity.ensureAdmin(new Email("root@example.com"), () -> PASSWORD);
    User root = users.findCredentials(new Email("root@example.com")).orElseThrow().user();
    Caller admin = new Caller(root.id(), Role.ADMIN);

    ApiKey.Issued issued = apiKeys.createApiKey(admin, "ci");

    assertThat(issued.secret()).startsWith("sk_" + issued.key().id() + "_");
    assertThat(authentication.authenticate(issued.secret())).isEqualTo(admin);
    assertThat(apiKeys.apiKeys(admin)).extracting(ApiKey::id).containsExactly(issued.key().id());
    assertThatThrownBy(() -> authentication.authenticate(issued.secret() + "x"))
        .isInstanceOf(UnauthorizedException.class);
    String forged =
        issued.secret().substring(0, issued.secret().length() - 1)
            + (issued.secret().endsWith("A") ? "B" : "A");
    assertThatThrownBy(() -> authentication.authenticate(forged))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> apiKeys.createApiKey(new Caller(ada.id(), Role.USER), "x"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () -> apiKeys.revokeApiKey(new Caller(ada.id(), Role.USER), issued.key().id()))
        .isInstanceOf(io.stablepay.core.domain.NotFoundException.class);

    apiKeys.revokeApiKey(admin, issued.key().id());
    assertThatThrownBy(() -> authentication.authenticate(issued.secret()))
        .isInstanceOf(UnauthorizedException.class);
  }

  private static final class MemoryApiKeys implements ApiKeyStore {
    final Map<String, Stored> keys = new HashMap<>();

    @Override
    public void save(ApiKey key, String mac) {
      keys.put(key.id(), new Stored(key, mac));
    }

    @Override
    public Optional<Stored> find(String id) {
      return Optional.ofNullable(keys.get(id));
    }

    @Override
    public List<ApiKey> listByOwner(String ownerId) {
      return keys.values().stream()
          .map(Stored::key)
          .filter(k -> k.ownerId().equals(ownerId))
          .toList();
    }

    @Override
    public void touch(String id, Instant now) {
      Stored s = keys.get(id);
      keys.put(
          id,
          new Stored(
              new ApiKey(
                  id,
                  s.key().ownerId(),
                  s.key().name(),
                  s.key().createdAt(),
                  now,
                  s.key().revokedAt()),
              s.mac()));
    }

    @Override
    public boolean revoke(String id, String ownerId, Instant now) {
      Stored s = keys.get(id);
      if (s == null || !s.key().ownerId().equals(ownerId)) {
        return false;
      }
      keys.put(
          id,
          new Stored(
              new ApiKey(
                  id, ownerId, s.key().name(), s.key().createdAt(), s.key().lastUsedAt(), now),
              s.mac()));
      return true;
    }
  }

  /** A keyed hash stand-in: the pepper is fixed; the KMS one is tested against the emulator. */
  private static final class PepperedMac implements SecretMac {
    @Override
    public String mac(String secret) {
      return io.stablepay.core.domain.identity.SecretToken.hash("pepper:" + secret);
    }

    @Override
    public boolean matches(String secret, String mac) {
      return mac(secret).equals(mac);
    }
  }

  private static final class MemoryResets implements AccountTokenStore {
    final Map<String, String> users = new HashMap<>();

    @Override
    public void save(String tokenHash, String userId, Instant expiresAt) {
      users.put(tokenHash, userId);
    }

    @Override
    public Optional<String> peek(String tokenHash, Instant now) {
      return Optional.ofNullable(users.get(tokenHash));
    }

    @Override
    public boolean consume(String tokenHash, Instant now) {
      return users.remove(tokenHash) != null;
    }
  }

  private static final class MemoryRefreshTokens implements RefreshTokenStore {
    final Map<String, RefreshToken> byHash = new HashMap<>();
    final java.util.Set<String> revokedFamilies = new java.util.HashSet<>();

    @Override
    public void startFamily(RefreshToken first) {
      byHash.put(first.hash(), first);
    }

    @Override
    public Optional<RefreshToken> find(String hash) {
      return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public boolean familyRevoked(String userId, String familyId) {
      return revokedFamilies.contains(familyId);
    }

    @Override
    public boolean rotate(RefreshToken used, RefreshToken next, Instant now) {
      RefreshToken current = byHash.get(used.hash());
      if (current.usedAt() != null || revokedFamilies.contains(used.familyId())) {
        return false;
      }
      byHash.put(
          used.hash(),
          new RefreshToken(
              used.hash(), used.userId(), used.familyId(), used.issuedAt(), used.expiresAt(), now));
      byHash.put(next.hash(), next);
      return true;
    }

    @Override
    public void revokeFamily(String userId, String familyId) {
      revokedFamilies.add(familyId);
    }

    @Override
    public void revokeAll(String userId) {
      byHash.values().stream()
          .filter(t -> t.userId().equals(userId))
          .forEach(t -> revokedFamilies.add(t.familyId()));
    }
  }

  /** Not a hash: reversible on purpose, to prove the service never stores the plain text. */
  private static final class ReversingHasher implements PasswordHasher {
    @Override
    public String hash(String password) {
      return new StringBuilder(password).reverse().toString();
    }

    @Override
    public boolean matches(String password, String hash) {
      return hash(password).equals(hash);
    }
  }

  private static final class OpaqueTokens implements TokenService {
    @Override
    public AccessToken issue(User user, String sessionId) {
      return new AccessToken("token-for-" + user.id() + "/" + sessionId, 900);
    }

    @Override
    public VerifiedToken verify(String token) {
      if (!token.startsWith("token-for-") || !token.contains("/")) {
        throw new UnauthorizedException("bad token");
      }
      String[] parts = token.substring("token-for-".length()).split("/", 2);
      return new VerifiedToken(parts[0], Role.USER, parts[1]);
    }

    @Override
    public String publicKeySetJson() {
      return "{\"keys\":[]}";
    }
  }
}
