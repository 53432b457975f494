package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.Functions;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;

/**
 * Black-box: the whole local stack as `make run` starts it (emulator with the CDK stack, two anvil
 * chains with tokens, every deployed function in its own JVM), called over HTTP through the
 * deployed API Gateway (and the forwarder in front of it). Runs on free ports.
 */
@ExtendWith(RunningPlatform.class)
class LocalRuntimeIT {

  private static final ObjectMapper JSON = ApiClient.JSON;
  private static final String RECIPIENT = "0x000000000000000000000000000000000000bEEF";

  private static LocalStack stack;
  private static String api;

  @BeforeAll
  static void platform() {
    stack = RunningPlatform.get().stack;
    api = RunningPlatform.get().api;
  }

  @Test
  void theDeployedGatewayRoutesWalletCallsAndTheScheduleTargetRunsTheWatcher() throws Exception {
    ApiClient gateway = new ApiClient(stack.gatewayUrl());
    ApiClient.Account account =
        gateway.signUp("gateway-" + UUID.randomUUID() + "@example.com", "correct horse battery");

    HttpResponse<String> balance =
        gateway.get("/api/wallet/balance", "Authorization", account.bearer());
    assertThat(balance.statusCode()).as(balance.body()).isEqualTo(200);
    assertThat(JSON.readTree(balance.body()).path("balances")).hasSize(3);
    assertProblem(gateway.get("/api/wallet/transactions"), 401, "unauthorized");

    // what EventBridge Scheduler does every minute (here every second): invoke the deployed
    // watcher function through the Lambda API with a scheduled event
    String watched =
        RunningPlatform.get()
            .invoke(
                Functions.CHAIN_WATCHER,
                JSON.writeValueAsString(
                    Map.of(
                        "source",
                        "aws.scheduler",
                        "detail-type",
                        "Scheduled Event",
                        "time",
                        java.time.Instant.now().toString())));
    assertThat(watched).contains("watched 2 networks");
  }

  @Test
  void theForwarderAnswersAsTheDeployedGatewayDoes() throws Exception {
    ApiClient gateway = new ApiClient(RunningPlatform.get().api);
    ApiClient forwarder = new ApiClient(RunningPlatform.get().direct);

    HttpResponse<String> viaGateway = gateway.get("/api/blockchain/networks");
    HttpResponse<String> viaForwarder =
        forwarder.get("/api/blockchain/networks", "X-Request-Id", "fwd-123");
    assertThat(viaForwarder.statusCode())
        .as(viaForwarder.body())
        .isEqualTo(200)
        .isEqualTo(viaGateway.statusCode());
    assertThat(JSON.readTree(viaForwarder.body())).isEqualTo(JSON.readTree(viaGateway.body()));
    assertThat(viaForwarder.headers().firstValue("content-type"))
        .isEqualTo(viaGateway.headers().firstValue("content-type"));
    // request headers go in and response headers come back unchanged
    assertThat(viaForwarder.headers().firstValue("X-Request-Id")).contains("fwd-123");
    assertThat(viaForwarder.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(viaForwarder.headers().firstValue("Cache-Control"))
        .isEqualTo(viaGateway.headers().firstValue("Cache-Control"));
    // so do errors, whoever answers them
    for (String path : new String[] {"/api/blockchain/fees?network=SOLANA", "/api/nowhere"}) {
      HttpResponse<String> refused = forwarder.get(path);
      HttpResponse<String> refusedByGateway = gateway.get(path);
      assertThat(refused.statusCode()).as(path).isEqualTo(refusedByGateway.statusCode());
      assertThat(refused.headers().firstValue("content-type"))
          .as(path)
          .isEqualTo(refusedByGateway.headers().firstValue("content-type"));
      assertThat(JSON.readTree(refused.body()).path("type"))
          .as(path)
          .isEqualTo(JSON.readTree(refusedByGateway.body()).path("type"));
    }
    assertProblem(forwarder.get("/api/blockchain/fees?network=SOLANA"), 400, "unknown-network");
    // a body and an Authorization header reach the deployed function: an account made through
    // the forwarder signs in through the gateway, and its token works through either
    String email = "forwarded-" + UUID.randomUUID() + "@example.com";
    ApiClient.Account account = forwarder.signUp(email, "correct horse battery");
    assertThat(account.id()).isNotBlank();
    String bearer =
        "Bearer "
            + JSON.readTree(
                    gateway
                        .post(
                            "/api/auth/login",
                            Map.of("email", email, "password", "correct horse battery"))
                        .body())
                .path("accessToken")
                .asText();
    HttpResponse<String> meViaForwarder = forwarder.get("/api/auth/me", "Authorization", bearer);
    HttpResponse<String> meViaGateway = gateway.get("/api/auth/me", "Authorization", bearer);
    assertThat(meViaForwarder.statusCode()).as(meViaForwarder.body()).isEqualTo(200);
    assertThat(meViaForwarder.body()).isEqualTo(meViaGateway.body());
    assertThat(JSON.readTree(meViaForwarder.body()).path("id").asText()).isEqualTo(account.id());
  }

  @Test
  void theHealthOfTheBlockchainFunctionCoversEveryLocalChain() throws Exception {
    HttpResponse<String> response = get("/api/health");

    JsonNode body = JSON.readTree(response.body());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(body.path("status").asText()).isEqualTo("UP");
    // the blockchain function reports the nodes of the networks it serves, nothing else: it has
    // no AWS clients (no table, keys, queues or workflows) and does not read the watchers
    assertThat(body.path("components").properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("chain:ETHEREUM", "chain:POLYGON");
    for (String component : new String[] {"chain:ETHEREUM", "chain:POLYGON"}) {
      assertThat(body.path("components").path(component).path("status").asText())
          .as(component)
          .isEqualTo("UP");
    }
  }

  @Test
  void listsTheLocalChainsWithTheirDeployedTokensAndContracts() throws Exception {
    JsonNode networks = JSON.readTree(get("/api/blockchain/networks").body()).path("networks");

    assertThat(networks).hasSize(2);
    assertThat(networks.get(0).path("id").asText()).isEqualTo("ETHEREUM");
    assertThat(networks.get(0).path("chainId").asLong()).isEqualTo(31337);
    assertThat(networks.get(1).path("chainId").asLong()).isEqualTo(31338);
    for (JsonNode network : networks) {
      assertThat(network.path("rpcUrl").asText()).startsWith("http://127.0.0.1:");
      assertThat(network.path("tokens")).hasSize(3);
      network
          .path("tokens")
          .forEach(
              token -> assertThat(token.path("address").asText()).matches("0x[0-9a-fA-F]{40}"));
      JsonNode contracts = network.path("contracts");
      assertThat(contracts.properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(
              "bridge-vault", "escrow", "payment-gateway", "subscription", "treasury-multisig");
      Web3j chain =
          Web3j.build(new org.web3j.protocol.http.HttpService(network.path("rpcUrl").asText()));
      try {
        for (JsonNode address : contracts) {
          assertThat(
                  chain
                      .ethGetCode(address.asText(), DefaultBlockParameterName.LATEST)
                      .send()
                      .getCode())
              .as(address.asText())
              .hasSizeGreaterThan(2);
        }
      } finally {
        chain.shutdown();
      }
    }
  }

  @Test
  void validatesEvmAndTronAddresses() throws Exception {
    assertThat(
            validate("ETHEREUM", "0xde709f2102306220921060314715629080e2fb77")
                .path("normalized")
                .asText())
        .isEqualTo("0xde709f2102306220921060314715629080e2fb77");
    assertThat(
            validate("POLYGON", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
                .path("valid")
                .asBoolean())
        .isFalse();
    assertThat(validate("TRON", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t").path("valid").asBoolean())
        .isTrue();
    JsonNode badTron = validate("TRON", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u");
    assertThat(badTron.path("valid").asBoolean()).isFalse();
    assertThat(badTron.path("reason").asText()).contains("checksum");
  }

  @Test
  void badRequestsGetProblemDocuments() throws Exception {
    assertProblem(post("/api/blockchain/validate", "{\"network\":"), 400, "invalid-request");
    assertProblem(
        post("/api/blockchain/validate", "{\"network\":\"ETHEREUM\"}"), 400, "invalid-request");
    assertProblem(get("/api/blockchain/fees?network=SOLANA"), 400, "unknown-network");
    assertProblem(get("/api/blockchain/fees"), 400, "invalid-request");
    // a parameter without a value is refused, not read as absent
    assertProblem(get("/api/blockchain/fees?network="), 400, "invalid-request");
    assertProblem(get("/api/blockchain/tx/0xnothex?network=ETHEREUM"), 400, "invalid-request");
    assertProblem(get("/api/nowhere"), 404, "not-found");
  }

  @Test
  void quotesFeesAndEstimatesARealTransferFromTheChain() throws Exception {
    LocalChain ethereum = stack.chains().get(0);
    Web3j web3j = ethereum.node().web3j();
    String holder = web3j.ethAccounts().send().getAccounts().get(0);
    TokenDeployer.mint(
        web3j, ethereum.tokens().get("USDC"), holder, BigInteger.valueOf(10_000_000));

    JsonNode fees = JSON.readTree(get("/api/blockchain/fees?network=ethereum").body());
    assertThat(new BigInteger(fees.path("baseFeePerGas").asText())).isPositive();

    HttpResponse<String> estimate =
        post(
            "/api/blockchain/estimate",
            java.util.Map.of(
                "network",
                "ETHEREUM",
                "asset",
                "USDC",
                "from",
                holder,
                "to",
                RECIPIENT,
                "amount",
                "2.5"));
    JsonNode body = JSON.readTree(estimate.body());
    assertThat(estimate.statusCode()).as(estimate.body()).isEqualTo(200);
    assertThat(body.path("unit").asText()).isEqualTo("gas");
    assertThat(Long.parseLong(body.path("units").asText())).isBetween(30_000L, 100_000L);
    assertThat(body.path("amount").asText()).isEqualTo("2.5");
    assertThat(body.path("feeAsset").asText()).isEqualTo("ETH");
  }

  @Test
  void reportsATransactionWithItsDecodedTransfer() throws Exception {
    LocalChain polygon = stack.chains().get(1);
    Web3j web3j = polygon.node().web3j();
    String holder = web3j.ethAccounts().send().getAccounts().get(0);
    String dai = polygon.tokens().get("DAI");
    TokenDeployer.mint(web3j, dai, holder, new BigInteger("5000000000000000000"));
    String data =
        "0xa9059cbb"
            + "0".repeat(24)
            + RECIPIENT.substring(2).toLowerCase()
            + String.format("%064x", new BigInteger("1500000000000000000"));
    String hash =
        web3j
            .ethSendTransaction(
                Transaction.createFunctionCallTransaction(
                    holder, null, null, BigInteger.valueOf(100_000), dai, data))
            .send()
            .getTransactionHash();

    JsonNode tx =
        Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> JSON.readTree(get("/api/blockchain/tx/" + hash + "?network=POLYGON").body()),
                body -> body.path("finalized").asBoolean());

    assertThat(tx.path("status").asText()).isEqualTo("SUCCESS");
    assertThat(tx.path("transfers").get(0).path("asset").asText()).isEqualTo("DAI");
    assertThat(tx.path("transfers").get(0).path("amount").asText()).isEqualTo("1.5");
  }

  @Test
  void theDeployedHttpApiInTheEmulatorReachesTheRealHandler() throws Exception {
    HttpResponse<String> response =
        new ApiClient(stack.gatewayUrl()).get("/api/blockchain/networks");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("networks")).hasSize(2);
  }

  @Test
  void everyResponseCarriesARequestIdAndSecurityHeaders() {
    HttpResponse<String> given =
        new ApiClient(api).get("/api/blockchain/networks", "X-Request-Id", "trace-123");
    HttpResponse<String> generated = get("/api/nowhere");
    HttpResponse<String> hostile =
        new ApiClient(api).get("/api/blockchain/networks", "X-Request-Id", "<script>");

    assertThat(given.headers().firstValue("X-Request-Id")).contains("trace-123");
    assertThat(generated.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f-]{36}"));
    assertThat(hostile.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).doesNotContain("<"));
    for (HttpResponse<String> response : java.util.List.of(given, generated)) {
      assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
      assertThat(response.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
  }

  @Test
  void aBodyOverSixtyFourKibIsRefusedWith413() throws Exception {
    String big = "{\"network\":\"ETHEREUM\",\"address\":\"" + "a".repeat(70_000) + "\"}";

    assertProblem(post("/api/blockchain/validate", big), 413, "payload-too-large");
  }

  @Test
  void servesTheOpenApiDocument() throws Exception {
    HttpResponse<String> response = get("/api/openapi.yml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("/api/blockchain/validate").contains("/api/health");
  }

  private static JsonNode validate(String network, String address) throws Exception {
    HttpResponse<String> response =
        post("/api/blockchain/validate", java.util.Map.of("network", network, "address", address));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  static void assertProblem(HttpResponse<String> response, int status, String code)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .as(response.body())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asText()).isEqualTo("urn:stablepay:problem:" + code);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  private static HttpResponse<String> get(String path) {
    return new ApiClient(api).get(path);
  }

  private static HttpResponse<String> post(String path, Object body) {
    return new ApiClient(api).post(path, body);
  }
}
