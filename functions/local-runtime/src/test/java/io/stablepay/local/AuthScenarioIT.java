package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Black-box sign-up and sign-in against the running platform, over HTTP only. */
@ExtendWith(RunningPlatform.class)
class AuthScenarioIT {

  private static final String PASSWORD = "correct horse battery staple";

  private static ApiClient api;
  private static ApiClient gateway;

  /** Every response body seen, checked at the end for leaked secrets. */
  private static final List<String> bodies = new ArrayList<>();

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    gateway = new ApiClient(RunningPlatform.get().stack.gatewayUrl());
  }

  private static String email() {
    return "user-" + UUID.randomUUID() + "@Example.com";
  }

  private static HttpResponse<String> seen(HttpResponse<String> response) {
    bodies.add(response.body());
    return response;
  }

  private static HttpResponse<String> register(String email, String password) {
    return seen(
        api.post(
            "/api/auth/register",
            Map.of(
                "email", email, "password", password, "firstName", "Ada", "lastName", "Lovelace")));
  }

  private static HttpResponse<String> login(ApiClient client, String email, String password) {
    return seen(client.post("/api/auth/login", Map.of("email", email, "password", password)));
  }

  @Test
  void registersLogsInAndReadsTheAccountBack() throws Exception {
    String email = email();

    HttpResponse<String> registered = register(email, PASSWORD);
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    JsonNode user = json(registered);
    assertThat(user.path("email").asText()).isEqualTo(email.toLowerCase());
    assertThat(user.path("role").asText()).isEqualTo("USER");
    assertThat(user.path("kycStatus").asText()).isEqualTo("NOT_STARTED");
    assertThat(user.has("password") || user.has("passwordHash")).isFalse();

    HttpResponse<String> loggedIn = login(api, email.toUpperCase(), PASSWORD);
    assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
    JsonNode tokens = json(loggedIn);
    assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
    assertThat(tokens.path("expiresIn").asInt()).isEqualTo(900);
    String accessToken = tokens.path("accessToken").asText();

    HttpResponse<String> me =
        seen(api.get("/api/auth/me", "Authorization", "Bearer " + accessToken));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(json(me)).isEqualTo(user);
  }

  @Test
  void theAccessTokenVerifiesAgainstThePublishedKeySet() throws Exception {
    String email = email();
    register(email, PASSWORD);
    String token = json(login(api, email, PASSWORD)).path("accessToken").asText();

    HttpResponse<String> jwks = seen(api.get("/.well-known/jwks.json"));
    JWKSet keys = JWKSet.parse(jwks.body());
    SignedJWT jwt = SignedJWT.parse(token);

    assertThat(
            jwt.verify(new ECDSAVerifier(keys.getKeyByKeyId(jwt.getHeader().getKeyID()).toECKey())))
        .isTrue();
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("stablepay-api");
  }

  @Test
  void aTakenEmailInAnyCaseIsAConflict() throws Exception {
    String email = email();
    register(email, PASSWORD);

    LocalRuntimeIT.assertProblem(register(email.toUpperCase(), PASSWORD), 409, "conflict");
  }

  /**
   * Issue 17, defect 4: a soft hyphen, a Cyrillic "е" or a small capital "ᴏ" made a second account
   * that looks like the first, and transfers could be addressed to it by email.
   */
  @Test
  void aLookAlikeEmailIsRefusedAndCreatesNothing() throws Exception {
    String email = email();
    assertThat(register(email, PASSWORD).statusCode()).isEqualTo(201);
    String local = email.substring(0, email.indexOf('@'));
    String domain = email.substring(email.indexOf('@'));
    for (String lookAlike :
        new String[] {
          local.charAt(0) + "\u00ad" + local.substring(1) + domain,
          local.replaceFirst("e", "\u0435") + domain,
          "\u1d0f" + email,
          "\uff41" + email
        }) {
      HttpResponse<String> refused = register(lookAlike, PASSWORD);
      LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
      assertThat(json(refused).path("detail").asText()).contains("ASCII");
      // signing in with it is the same 401 as with an unknown address
      LocalRuntimeIT.assertProblem(login(api, lookAlike, PASSWORD), 401, "unauthorized");
    }
    assertThat(login(api, email, PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void aWeakPasswordIsRefusedWithItsReasonAndCreatesNothing() throws Exception {
    String email = email();

    HttpResponse<String> refused = register(email, "short");
    LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
    assertThat(json(refused).path("detail").asText()).contains("12").doesNotContain("short");
    LocalRuntimeIT.assertProblem(register(email, email.toLowerCase()), 422, "invalid-value");
    assertThat(login(api, email, "short").statusCode()).isEqualTo(401);
    // long enough, but on the common-password lists or a repeat: refused with zxcvbn's reason
    for (String guessable : new String[] {"password1234", "aaaaaaaaaaaa"}) {
      HttpResponse<String> weak = register(email, guessable);
      LocalRuntimeIT.assertProblem(weak, 422, "invalid-value");
      assertThat(json(weak).path("detail").asText())
          .startsWith("password is too easy to guess: ")
          .doesNotContain(guessable);
      assertThat(login(api, email, guessable).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void wrongPasswordAndUnknownEmailAreTheSame401() throws Exception {
    String email = email();
    register(email, PASSWORD);

    HttpResponse<String> wrongPassword = login(api, email, PASSWORD + "!");
    HttpResponse<String> unknownEmail = login(api, email(), PASSWORD);

    LocalRuntimeIT.assertProblem(wrongPassword, 401, "unauthorized");
    assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
    assertThat(wrongPassword.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
  }

  @Test
  void meRefusesMissingTamperedAndForeignTokens() throws Exception {
    String email = email();
    register(email, PASSWORD);
    String token = json(login(api, email, PASSWORD)).path("accessToken").asText();
    String[] parts = token.split("\\.");
    String tampered =
        parts[0]
            + "."
            + parts[1]
            + "."
            + parts[2].substring(0, 10)
            + (parts[2].charAt(10) == 'A' ? 'B' : 'A')
            + parts[2].substring(11);

    LocalRuntimeIT.assertProblem(seen(api.get("/api/auth/me")), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", "Bearer " + tampered)), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", "Basic " + token)), 401, "unauthorized");
  }

  @Test
  void fiveFailuresLockTheAccountFromThatAddressWith429AndTheOwnerIsMailedAnUnlockCode()
      throws Exception {
    String email = email();
    register(email, PASSWORD);
    for (int i = 0; i < 5; i++) {
      assertThat(login(api, email, "wrong password " + i).statusCode()).isEqualTo(401);
    }

    HttpResponse<String> locked = login(api, email, PASSWORD);

    LocalRuntimeIT.assertProblem(locked, 429, "rate-limited");
    assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 900L);
    JsonNode mail =
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> json(api.get("/api/dev/mailbox?to=" + email)).path("messages"),
                messages -> messages.size() == 1)
            .get(0);
    assertThat(mail.path("subject").asText()).containsIgnoringCase("unlock");
    String code =
        mail.path("text")
            .asText()
            .lines()
            .filter(l -> l.startsWith("ul_"))
            .findFirst()
            .orElseThrow();
    assertThat(mail.path("text").asText()).contains("/api/auth/unlock?token=" + code);

    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/auth/unlock", Map.of("token", "ul_x"))), 422, "invalid-value");
    HttpResponse<String> unlocked = seen(api.get("/api/auth/unlock?token=" + code));
    assertThat(unlocked.statusCode()).as(unlocked.body()).isEqualTo(200);
    assertThat(json(unlocked).path("status").asText()).isEqualTo("unlocked");
    assertThat(login(api, email, PASSWORD).statusCode()).isEqualTo(200);
    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/auth/unlock", Map.of("token", code))), 422, "invalid-value");
  }

  @Test
  void anUnknownEmailIsLockedAlikeAndNothingIsMailed() throws Exception {
    String email = email();
    for (int i = 0; i < 5; i++) {
      assertThat(login(api, email, "wrong password " + i).statusCode()).isEqualTo(401);
    }

    LocalRuntimeIT.assertProblem(login(api, email, PASSWORD), 429, "rate-limited");
    assertThat(json(api.get("/api/dev/mailbox?to=" + email)).path("messages").size()).isZero();
  }

  @Test
  void refreshRotatesAndReuseRevokesTheFamily() throws Exception {
    String email = email();
    register(email, PASSWORD);
    JsonNode first = json(login(api, email, PASSWORD));

    HttpResponse<String> rotated = refresh(first.path("refreshToken").asText());
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String second = json(rotated).path("refreshToken").asText();
    assertThat(second).isNotEqualTo(first.path("refreshToken").asText());
    assertThat(json(rotated).path("accessToken").asText()).isNotBlank();

    String secondAccess = "Bearer " + json(rotated).path("accessToken").asText();
    assertThat(seen(api.get("/api/auth/me", "Authorization", secondAccess)).statusCode())
        .isEqualTo(200);

    LocalRuntimeIT.assertProblem(refresh(first.path("refreshToken").asText()), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(refresh(second), 401, "unauthorized");
    // the reuse ended the session: its access tokens too, at once, in every function
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", secondAccess)), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/wallet/balance", "Authorization", secondAccess)), 401, "unauthorized");
  }

  @Test
  void logoutEndsTheSessionsRefreshAndAccessTokensButNoOtherSession() throws Exception {
    String email = email();
    register(email, PASSWORD);
    JsonNode tokens = json(login(api, email, PASSWORD));
    String bearer = "Bearer " + tokens.path("accessToken").asText();
    String otherSession =
        "Bearer " + json(login(api, email, PASSWORD)).path("accessToken").asText();
    assertThat(seen(api.get("/api/wallet/balance", "Authorization", bearer)).statusCode())
        .isEqualTo(200);

    HttpResponse<String> out =
        seen(
            api.post(
                "/api/auth/logout",
                Map.of("refreshToken", tokens.path("refreshToken").asText()),
                "Authorization",
                bearer));

    assertThat(out.statusCode()).isEqualTo(204);
    LocalRuntimeIT.assertProblem(
        refresh(tokens.path("refreshToken").asText()), 401, "unauthorized");
    // the access token ends with its session, not 15 minutes later, in every function
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", bearer)), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/wallet/balance", "Authorization", bearer)), 401, "unauthorized");
    assertThat(seen(api.get("/api/auth/me", "Authorization", otherSession)).statusCode())
        .isEqualTo(200);
    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/auth/logout", Map.of("refreshToken", "x"))), 401, "unauthorized");
  }

  private static HttpResponse<String> refresh(String token) {
    return seen(api.post("/api/auth/refresh", Map.of("refreshToken", token)));
  }

  @Test
  void theSeededAdminPagesThroughUsersAndAUserIsForbidden() throws Exception {
    for (int i = 0; i < 3; i++) {
      register(email(), PASSWORD);
    }
    String adminPassword = RunningPlatform.get().adminPassword();
    String admin =
        "Bearer "
            + json(login(api, RunningPlatform.get().adminEmail(), adminPassword))
                .path("accessToken")
                .asText();

    JsonNode first = json(seen(api.get("/api/admin/users?limit=2", "Authorization", admin)));
    assertThat(first.path("data")).hasSize(2);
    assertThat(first.path("data").get(0).has("isActive")).isTrue();
    String cursor = first.path("nextCursor").asText();
    JsonNode second =
        json(seen(api.get("/api/admin/users?limit=2&cursor=" + cursor, "Authorization", admin)));
    assertThat(second.path("data").get(0).path("id").asText())
        .isNotEqualTo(first.path("data").get(1).path("id").asText());
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/admin/users?limit=101", "Authorization", admin)),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/admin/users?cursor=bogus", "Authorization", admin)),
        422,
        "invalid-value");
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/admin/users?cursor=not%20base64", "Authorization", admin)),
        400,
        "invalid-request");

    String user = email();
    register(user, PASSWORD);
    String bearer = "Bearer " + json(login(api, user, PASSWORD)).path("accessToken").asText();
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/admin/users", "Authorization", bearer)), 403, "forbidden");
  }

  @Test
  void forgotAndResetThroughTheLocalMailbox() throws Exception {
    String email = email();
    register(email, PASSWORD);
    String oldRefresh = json(login(api, email, PASSWORD)).path("refreshToken").asText();

    assertThat(seen(api.post("/api/auth/forgot-password", Map.of("email", email()))).statusCode())
        .isEqualTo(202);
    assertThat(seen(api.post("/api/auth/forgot-password", Map.of("email", email))).statusCode())
        .isEqualTo(202);
    JsonNode mail =
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> json(api.get("/api/dev/mailbox?to=" + email)).path("messages"),
                messages -> messages.size() == 1)
            .get(0);
    String token =
        mail.path("text")
            .asText()
            .lines()
            .filter(l -> l.startsWith("pr_"))
            .findFirst()
            .orElseThrow();

    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/auth/reset-password", Map.of("token", token, "password", "short"))),
        400,
        "invalid-request");
    assertThat(
            seen(api.post(
                    "/api/auth/reset-password",
                    Map.of("token", token, "password", "a brand new passphrase")))
                .statusCode())
        .isEqualTo(204);

    LocalRuntimeIT.assertProblem(
        seen(
            api.post(
                "/api/auth/reset-password",
                Map.of("token", token, "password", "yet another passphrase"))),
        422,
        "invalid-value");
    assertThat(login(api, email, PASSWORD).statusCode()).isEqualTo(401);
    assertThat(login(api, email, "a brand new passphrase").statusCode()).isEqualTo(200);
    LocalRuntimeIT.assertProblem(refresh(oldRefresh), 401, "unauthorized");
  }

  @Test
  void anIdempotencyKeyReplaysTheFirstResponseByteForByte() throws Exception {
    String key = "register-" + UUID.randomUUID();
    Map<String, String> body =
        Map.of("email", email(), "password", PASSWORD, "firstName", "Ada", "lastName", "Lovelace");

    HttpResponse<String> first = seen(api.post("/api/auth/register", body, "Idempotency-Key", key));
    HttpResponse<String> again = seen(api.post("/api/auth/register", body, "Idempotency-Key", key));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    LocalRuntimeIT.assertProblem(
        seen(
            api.post(
                "/api/auth/register",
                Map.of("email", email(), "password", PASSWORD, "firstName", "A", "lastName", "B"),
                "Idempotency-Key",
                key)),
        422,
        "idempotency-mismatch");
  }

  @Test
  void concurrentDuplicatesRunOnce() {
    String key = "register-" + UUID.randomUUID();
    Map<String, String> body =
        Map.of("email", email(), "password", PASSWORD, "firstName", "Ada", "lastName", "Lovelace");

    List<HttpResponse<String>> responses =
        java.util.stream.IntStream.range(0, 4)
            .mapToObj(
                i ->
                    java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> api.post("/api/auth/register", body, "Idempotency-Key", key)))
            .toList()
            .stream()
            .map(java.util.concurrent.CompletableFuture::join)
            .toList();

    assertThat(
            responses.stream()
                .filter(
                    r ->
                        r.statusCode() == 201
                            && r.headers().firstValue("Idempotent-Replayed").isEmpty())
                .count())
        .isEqualTo(1);
    assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isIn(201, 409));
    assertThat(responses.stream().filter(r -> r.statusCode() == 409))
        .allSatisfy(
            r ->
                assertThat(json(r).path("type").asText())
                    .isEqualTo("urn:stablepay:problem:idempotency-conflict"));
  }

  @Test
  void anApiKeyActsAsItsOwnerUntilRevoked() throws Exception {
    String admin =
        "Bearer "
            + json(login(
                    api, RunningPlatform.get().adminEmail(), RunningPlatform.get().adminPassword()))
                .path("accessToken")
                .asText();

    HttpResponse<String> created =
        seen(api.post("/api/auth/api-keys", Map.of("name", "ci"), "Authorization", admin));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String secret = json(created).path("secret").asText();
    String id = json(created).path("key").path("id").asText();
    assertThat(secret).startsWith("sk_" + id + "_");

    String key = "Bearer " + secret;
    assertThat(json(seen(api.get("/api/auth/me", "Authorization", key))).path("email").asText())
        .isEqualTo(RunningPlatform.get().adminEmail());
    assertThat(seen(api.get("/api/admin/users?limit=1", "Authorization", key)).statusCode())
        .isEqualTo(200);
    JsonNode listed = json(seen(api.get("/api/auth/api-keys", "Authorization", admin)));
    assertThat(listed.toString()).contains(id).doesNotContain(secret);

    String user = email();
    register(user, PASSWORD);
    String bearer = "Bearer " + json(login(api, user, PASSWORD)).path("accessToken").asText();
    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/auth/api-keys", Map.of("name", "x"), "Authorization", bearer)),
        403,
        "forbidden");
    LocalRuntimeIT.assertProblem(
        seen(api.delete("/api/auth/api-keys/" + id, "Authorization", bearer)), 404, "not-found");

    assertThat(seen(api.delete("/api/auth/api-keys/" + id, "Authorization", admin)).statusCode())
        .isEqualTo(204);
    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", key)), 401, "unauthorized");
  }

  @Test
  void aDeactivatedAccountIsRefusedOnItsNextRequest() throws Exception {
    String admin =
        "Bearer "
            + json(login(
                    api, RunningPlatform.get().adminEmail(), RunningPlatform.get().adminPassword()))
                .path("accessToken")
                .asText();
    String email = email();
    String id = json(register(email, PASSWORD)).path("id").asText();
    JsonNode tokens = json(login(api, email, PASSWORD));
    String bearer = "Bearer " + tokens.path("accessToken").asText();
    assertThat(seen(api.get("/api/auth/me", "Authorization", bearer)).statusCode()).isEqualTo(200);

    assertThat(
            seen(api.post("/api/admin/users/" + id + "/deactivate", "", "Authorization", admin))
                .statusCode())
        .isEqualTo(204);

    LocalRuntimeIT.assertProblem(
        seen(api.get("/api/auth/me", "Authorization", bearer)), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        refresh(tokens.path("refreshToken").asText()), 401, "unauthorized");
    LocalRuntimeIT.assertProblem(
        seen(api.post("/api/admin/users/nobody/deactivate", "", "Authorization", admin)),
        404,
        "not-found");
  }

  @Test
  void unknownJsonFieldsAreIgnored() {
    HttpResponse<String> registered =
        seen(
            api.post(
                "/api/auth/register",
                Map.of(
                    "email",
                    email(),
                    "password",
                    PASSWORD,
                    "firstName",
                    "Ada",
                    "lastName",
                    "L",
                    "favouriteColour",
                    "teal")));

    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
  }

  @Test
  void validationFailuresNameTheirFields() throws Exception {
    HttpResponse<String> refused =
        seen(
            api.post(
                "/api/auth/register",
                Map.of("email", email(), "password", PASSWORD, "lastName", "L")));

    LocalRuntimeIT.assertProblem(refused, 400, "invalid-request");
    assertThat(json(refused).path("errors").get(0).path("field").asText()).isEqualTo("firstName");
  }

  @Test
  void theDeployedApiGatewayRoutesAuthToTheRealHandler() throws Exception {
    String email = email();
    register(email, PASSWORD);

    HttpResponse<String> loggedIn = login(gateway, email, PASSWORD);

    assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(200);
    assertThat(json(loggedIn).path("accessToken").asText()).contains(".");
  }

  @Test
  void everyRequestIsLoggedWithItsIdAndNoLogLineCarriesASecret() {
    String email = email();
    String requestId = "scenario-" + UUID.randomUUID();
    seen(
        api.post(
            "/api/auth/register",
            Map.of("email", email, "password", PASSWORD, "firstName", "Ada", "lastName", "L"),
            "X-Request-Id",
            requestId));
    String refreshToken = json(login(api, email, PASSWORD)).path("refreshToken").asText();
    String refreshId = refresh(refreshToken).headers().firstValue("X-Request-Id").orElseThrow();

    // the auth function's access line: a JSON line on its output, with the request's id
    Awaitility.await("the access log lines")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              List<JsonNode> lines = RunningPlatform.functionLogs();
              assertThat(lines)
                  .anySatisfy(
                      line -> {
                        assertThat(line.path("loggerName").asText()).isEqualTo("stablepay.access");
                        assertThat(line.path("mdc").path("requestId").asText())
                            .isEqualTo(requestId);
                        assertThat(line.path("formattedMessage").asText())
                            .startsWith("POST /api/auth/register 201");
                      });
              assertThat(lines)
                  .anySatisfy(
                      line -> {
                        assertThat(line.path("loggerName").asText()).isEqualTo("stablepay.access");
                        assertThat(line.path("mdc").path("requestId").asText())
                            .isEqualTo(refreshId);
                        assertThat(line.path("formattedMessage").asText())
                            .startsWith("POST /api/auth/refresh 200");
                      });
            });

    // every event, the runtime's own and each function's line as it printed it
    var events = List.copyOf(RunningPlatform.LOGS.list);
    assertThat(events)
        .isNotEmpty()
        .allSatisfy(
            event ->
                assertNoSecret(
                    event.getFormattedMessage()
                        + event.getMDCPropertyMap()
                        + (event.getThrowableProxy() == null
                            ? ""
                            : event.getThrowableProxy().getMessage()),
                    refreshToken));
    // and every function line as its fields read (JSON escapes undone)
    assertThat(RunningPlatform.functionLogs())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertNoSecret(
                    line.path("formattedMessage").asText()
                        + line.path("mdc")
                        + line.path("throwable"),
                    refreshToken));
  }

  private static void assertNoSecret(String logged, String refreshToken) {
    assertThat(logged)
        .doesNotContain(PASSWORD)
        .doesNotContain("$argon2")
        .doesNotContain(refreshToken)
        .doesNotContain("rt_")
        .doesNotContain("pr_")
        .doesNotContain("sk_");
  }

  @Test
  void noResponseEverCarriesAPasswordOrAHash() {
    register(email(), PASSWORD);
    login(api, email(), PASSWORD);

    assertThat(bodies)
        .isNotEmpty()
        .allSatisfy(
            body ->
                assertThat(body)
                    .doesNotContain(PASSWORD)
                    .doesNotContain("$argon2")
                    .doesNotContainIgnoringCase("hash\"")
                    .doesNotContain("\"mac\""));
  }
}
