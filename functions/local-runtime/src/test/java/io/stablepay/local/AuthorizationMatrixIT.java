package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

/**
 * Who may call what, route by route, through the deployed API: every operation of the served
 * OpenAPI document has a rule here, and each is called with no token, a user's, a merchant's and an
 * administrator's. A rule's roles get past authorization (any answer but 401 and 403); every other
 * caller gets 403, and no token gets 401 (chain-event pushes answer 401 to anyone without the
 * provider's signature, token or not). A route added without a rule fails {@link
 * #everyDocumentedRouteHasARuleAndEveryRuleARoute}. Requests carry an empty JSON object and ids
 * nobody owns, so nothing they reach changes anything.
 */
@ExtendWith(RunningPlatform.class)
class AuthorizationMatrixIT {

  enum Who {
    USER,
    MERCHANT,
    ADMIN
  }

  /** Anyone, without a token (its own proof where it needs one: a code, a password). */
  private static final Set<Who> PUBLIC = EnumSet.noneOf(Who.class);

  /** Chain-event pushes: signed with the node provider's secret; no token stands in for it. */
  private static final String SIGNED_PUSHES = "POST /api/payments/webhook";

  private static final Set<Who> SIGNED_IN = EnumSet.allOf(Who.class);
  private static final Set<Who> MERCHANTS = EnumSet.of(Who.MERCHANT);
  private static final Set<Who> ADMINS = EnumSet.of(Who.ADMIN);
  private static final Set<Who> MERCHANTS_AND_ADMINS = EnumSet.of(Who.MERCHANT, Who.ADMIN);

  private static final Map<String, Set<Who>> RULES = rules();

  private static final String PASSWORD = "an authorization matrix passphrase";
  private static ApiClient api;
  private static final Map<Who, String> BEARERS = new TreeMap<>();

  @BeforeAll
  static void callers() {
    api = ApiClient.platform();
    BEARERS.put(
        Who.USER, api.signUp("matrix-u-" + UUID.randomUUID() + "@example.com", PASSWORD).bearer());
    ApiClient.Account merchant =
        api.signUp("matrix-m-" + UUID.randomUUID() + "@example.com", PASSWORD);
    assertThat(
            api.post(
                    "/api/merchant/register",
                    Map.of("businessName", "Matrix Ltd", "businessType", "retail"),
                    "Authorization",
                    merchant.bearer())
                .statusCode())
        .isEqualTo(201);
    BEARERS.put(Who.MERCHANT, merchant.bearer());
    BEARERS.put(Who.ADMIN, RunningPlatform.get().adminBearer());
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyDocumentedRouteHasARuleAndEveryRuleARoute() {
    Map<String, Object> paths =
        (Map<String, Object>)
            new Yaml().<Map<String, Object>>load(api.get("/api/openapi.yml").body()).get("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        (path, operations) ->
            ((Map<String, Object>) operations)
                .keySet().stream()
                    .filter(verb -> Set.of("get", "post", "put", "patch", "delete").contains(verb))
                    .forEach(verb -> documented.add(verb.toUpperCase() + " " + path)));

    assertThat(RULES.keySet())
        .as("routes with a rule but no operation, or the other way round")
        .containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void withoutATokenOnlyThePublicRoutesAnswerAndTheRestAre401() {
    List<String> wrong = new ArrayList<>();
    RULES.forEach(
        (route, allowed) -> {
          int status = call(route, null).statusCode();
          boolean ok =
              allowed.isEmpty() && !route.equals(SIGNED_PUSHES)
                  ? status != 401 && status != 403
                  : status == 401;
          if (!ok) {
            wrong.add(route + " -> " + status);
          }
        });

    assertThat(wrong).as("answers to no token").isEmpty();
  }

  @Test
  void eachRoleGetsPastAuthorizationExactlyWhereItsRuleSaysAndElseIs403() {
    List<String> wrong = new ArrayList<>();
    for (Who who : Who.values()) {
      RULES.forEach(
          (route, allowed) -> {
            if (allowed.isEmpty()) {
              return;
            }
            HttpResponse<String> answer = call(route, BEARERS.get(who));
            int status = answer.statusCode();
            boolean ok = allowed.contains(who) ? status != 401 && status != 403 : status == 403;
            if (!ok) {
              wrong.add(who + " " + route + " -> " + status + " " + answer.body());
            }
          });
    }

    assertThat(wrong).as("answers per role").isEmpty();
  }

  @Test
  void anotherOwnersPaymentRequestAndApiKeyAreNotFoundNotTouched() {
    String owner = BEARERS.get(Who.MERCHANT);
    ApiClient.Account other =
        api.signUp("matrix-o-" + UUID.randomUUID() + "@example.com", PASSWORD);
    api.post(
        "/api/merchant/register",
        Map.of("businessName", "Other Ltd", "businessType", "retail"),
        "Authorization",
        other.bearer());
    JsonNode payment =
        json(
            api.post(
                "/api/payments/request",
                Map.of(
                    "amount",
                    "5",
                    "currency",
                    "USDT",
                    "network",
                    "ETHEREUM",
                    "paymentId",
                    "matrix-" + UUID.randomUUID()),
                "Authorization",
                owner));
    JsonNode key =
        json(api.post("/api/auth/api-keys", Map.of("name", "matrix"), "Authorization", owner));
    String paymentId = payment.path("id").asText();
    String keyId = key.path("key").path("id").asText();
    assertThat(paymentId).as(payment.toString()).isNotBlank();
    assertThat(keyId).as(key.toString()).isNotBlank();

    assertThat(
            api.post(
                    "/api/payments/" + paymentId + "/cancel", "{}", "Authorization", other.bearer())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            api.delete("/api/auth/api-keys/" + keyId, "Authorization", other.bearer()).statusCode())
        .isEqualTo(404);
    // a request anyone may pay is readable by anyone until it ends; then only by its parties
    assertThat(
            api.post("/api/payments/" + paymentId + "/cancel", "{}", "Authorization", owner)
                .statusCode())
        .isEqualTo(200);
    assertThat(api.get("/api/payments/" + paymentId, "Authorization", other.bearer()).statusCode())
        .isEqualTo(404);
    assertThat(api.get("/api/payments/" + paymentId, "Authorization", owner).statusCode())
        .isEqualTo(200);
    assertThat(api.delete("/api/auth/api-keys/" + keyId, "Authorization", owner).statusCode())
        .isEqualTo(204);
  }

  private static HttpResponse<String> call(String route, String bearer) {
    String method = route.substring(0, route.indexOf(' '));
    String path =
        route
            .substring(route.indexOf(' ') + 1)
            .replace("{id}", "nobodys-" + UUID.randomUUID())
            .replace("{hash}", "0x" + "ab".repeat(32));
    String[] headers = bearer == null ? new String[0] : new String[] {"Authorization", bearer};
    return switch (method) {
      case "GET" -> api.get(path, headers);
      case "DELETE" -> api.delete(path, headers);
      case "POST" -> api.post(path, "{}", headers);
      default -> api.call(method, path, "{}", headers);
    };
  }

  private static Map<String, Set<Who>> rules() {
    Map<String, Set<Who>> rules = new TreeMap<>();
    for (String route :
        List.of(
            "GET /.well-known/jwks.json",
            "GET /api/health",
            "POST /api/auth/register",
            "POST /api/auth/login",
            "POST /api/auth/refresh",
            "POST /api/auth/forgot-password",
            "POST /api/auth/reset-password",
            "GET /api/auth/unlock",
            "POST /api/auth/unlock",
            "GET /api/blockchain/networks",
            "GET /api/blockchain/fees",
            "GET /api/blockchain/tx/{hash}",
            "POST /api/blockchain/validate",
            "POST /api/blockchain/estimate",
            SIGNED_PUSHES)) {
      rules.put(route, PUBLIC);
    }
    for (String route :
        List.of(
            "POST /api/auth/logout",
            "GET /api/auth/me",
            "GET /api/auth/api-keys",
            "DELETE /api/auth/api-keys/{id}",
            "POST /api/wallet/create",
            "GET /api/wallet/addresses",
            "GET /api/wallet/balance",
            "GET /api/wallet/transactions",
            "POST /api/wallet/transfer",
            "GET /api/wallet/fees",
            "GET /api/wallet/withdrawals/{id}",
            "GET /api/wallet/import/challenge",
            "POST /api/wallet/import",
            "POST /api/kyc/documents",
            "GET /api/kyc/status",
            "POST /api/kyc/submit",
            "POST /api/merchant/register",
            "GET /api/payments/{id}",
            "POST /api/payments/{id}/pay",
            "GET /api/escrow",
            "POST /api/escrow",
            "GET /api/escrow/{id}",
            "GET /api/escrow/{id}/history",
            "POST /api/escrow/{id}/release",
            "POST /api/escrow/{id}/refund",
            "POST /api/escrow/{id}/dispute",
            "GET /api/subscriptions",
            "POST /api/subscriptions",
            "GET /api/subscriptions/{id}",
            "PATCH /api/subscriptions/{id}",
            "POST /api/subscriptions/{id}/cancel")) {
      rules.put(route, SIGNED_IN);
    }
    for (String route :
        List.of(
            "GET /api/merchant/dashboard",
            "POST /api/merchant/settings",
            "POST /api/merchant/settle",
            "GET /api/merchant/transactions",
            "GET /api/merchant/analytics",
            "GET /api/merchant/webhooks/deliveries",
            "GET /api/merchant/webhooks/deliveries/{id}",
            "POST /api/merchant/webhooks/deliveries/{id}/redeliver",
            "POST /api/payments/request",
            "GET /api/payments/requests",
            "POST /api/payments/{id}/cancel",
            "POST /api/payments/{id}/refund")) {
      rules.put(route, MERCHANTS);
    }
    rules.put("POST /api/auth/api-keys", MERCHANTS_AND_ADMINS);
    for (String route :
        List.of(
            "GET /api/admin/users",
            "POST /api/admin/users/{id}/activate",
            "POST /api/admin/users/{id}/deactivate",
            "GET /api/admin/kyc/pending",
            "POST /api/admin/kyc/review",
            "GET /api/admin/kyc/reviews/{id}/audit",
            "GET /api/admin/sweeps",
            "GET /api/admin/treasury",
            "POST /api/admin/treasury/fundings",
            "GET /api/escrow/disputed",
            "POST /api/escrow/{id}/resolve",
            "POST /api/escrow/process",
            "POST /api/subscriptions/process")) {
      rules.put(route, ADMINS);
    }
    return rules;
  }
}
