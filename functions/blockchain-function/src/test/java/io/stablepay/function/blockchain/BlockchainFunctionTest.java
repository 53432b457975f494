package io.stablepay.function.blockchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.json.JsonMapper;
import io.stablepay.function.LambdaInvocationContext;
import io.stablepay.schema.Functions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployed handler class ({@link BlockchainApiHandler}, built as Lambda builds it: no-argument
 * constructor, its own environment), invoked as Lambda invokes it, with the sample API Gateway v2
 * events of {@code events/}. Runs the mainnet profile the stack deploys by default; no chain is
 * called.
 */
class BlockchainFunctionTest {

  private static BlockchainApiHandler handler;
  private static JsonMapper json;

  @BeforeAll
  static void coldStart() {
    // Lambda always sets AWS_REGION; the function builds its Secrets Manager client (the nodes
    // secret) at start, as every function builds its AWS clients, and the SDK needs a region
    if (System.getenv("AWS_REGION") == null) {
      System.setProperty("aws.region", "us-east-1");
    }
    handler = new BlockchainApiHandler();
    json = handler.getApplicationContext().getBean(JsonMapper.class);
  }

  @AfterAll
  static void shutdown() {
    if (handler != null) {
      handler.close();
    }
  }

  @Test
  void theContextRunsInTheBlockchainFunctionsOwnEnvironment() {
    assertThat(handler.getApplicationContext().getEnvironment().getActiveNames())
        .contains(Functions.BLOCKCHAIN_API)
        .doesNotContain(Functions.AUTH_API, Functions.WALLET_API, Functions.SIGNER_API);
  }

  @Test
  void listsTheMainnetNetworksWithTheirRealContracts() throws IOException {
    APIGatewayV2HTTPResponse response = invoke("apigw-v2-blockchain-networks.json");

    assertThat(response.getStatusCode()).isEqualTo(200);
    Map<String, Object> body = body(response);
    List<Map<String, Object>> networks = (List<Map<String, Object>>) body.get("networks");
    assertThat(networks)
        .extracting(n -> n.get("id"))
        .containsExactly("ETHEREUM", "POLYGON", "BSC", "ARBITRUM", "OPTIMISM", "BASE", "TRON");
    assertThat(networks.get(0).get("tokens").toString())
        .contains("0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48");
    // node URLs may carry provider keys: only the local profile shows them
    assertThat(networks).allSatisfy(n -> assertThat(n).doesNotContainKey("rpcUrl"));
  }

  @Test
  void validatesAndChecksumsAnAddress() throws IOException {
    APIGatewayV2HTTPResponse response = invoke("apigw-v2-blockchain-validate.json");

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(body(response))
        .containsEntry("valid", true)
        .containsEntry("normalized", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48")
        .containsEntry("reason", null);
  }

  @Test
  void malformedJsonIsAProblemDocument() throws IOException {
    APIGatewayV2HTTPResponse response = invoke("apigw-v2-blockchain-validate-malformed.json");

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(contentType(response)).startsWith("application/problem+json");
    assertThat(body(response))
        .containsEntry("type", "urn:stablepay:problem:invalid-request")
        .containsEntry("status", 400)
        .containsKey("detail");
  }

  @Test
  void anUnknownNetworkIsAProblemDocument() throws IOException {
    APIGatewayV2HTTPResponse response = invoke("apigw-v2-blockchain-fees-unknown-network.json");

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(contentType(response)).startsWith("application/problem+json");
    assertThat(body(response)).containsEntry("type", "urn:stablepay:problem:unknown-network");
    assertThat((String) body(response).get("detail")).contains("SOLANA");
  }

  @Test
  void aPathApiGatewayDecodedIntoCharactersNoUriHoldsIsAnsweredNotAnError() throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    APIGatewayV2HTTPEvent event =
        json.readValue(
            Files.readAllBytes(root.resolve("events/apigw-v2-health.json")),
            APIGatewayV2HTTPEvent.class);
    // what API Gateway passes for GET /api/blockchain/tx/%C2%9A%3D%1D%25zz?q=%01
    event.setRawPath("/api/blockchain/tx/\u009a=\u001d%zz \ud83d\ude00");
    event.setRawQueryString("q=\u0001 x");
    event.getRequestContext().getHttp().setPath(event.getRawPath());

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(event, new LambdaInvocationContext(Functions.BLOCKCHAIN_API));

    assertThat(response.getStatusCode()).as(response.getBody()).isBetween(400, 499);
    assertThat(contentType(response)).startsWith("application/problem+json");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentIsServedAsJsonToo() throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    APIGatewayV2HTTPEvent event =
        json.readValue(
            Files.readAllBytes(root.resolve("events/apigw-v2-health.json")),
            APIGatewayV2HTTPEvent.class);
    event.setRawPath("/api/openapi.json");
    event.getRequestContext().getHttp().setPath("/api/openapi.json");
    event.setHeaders(Map.of("accept", "application/json"));

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(event, new LambdaInvocationContext(Functions.BLOCKCHAIN_API));

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    assertThat(contentType(response)).startsWith("application/json");
    Map<String, Object> document = body(response);
    assertThat((String) document.get("openapi")).startsWith("3.");
    assertThat((Map<String, Object>) document.get("paths"))
        .containsKeys("/api/auth/login", "/api/wallet/balance", "/api/auth/unlock");
  }

  private static APIGatewayV2HTTPResponse invoke(String eventFile) throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    byte[] event = Files.readAllBytes(root.resolve("events").resolve(eventFile));
    return handler.handleRequest(
        json.readValue(event, APIGatewayV2HTTPEvent.class),
        new LambdaInvocationContext(Functions.BLOCKCHAIN_API));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> body(APIGatewayV2HTTPResponse response) throws IOException {
    return json.readValue(response.getBody(), Map.class);
  }

  private static String contentType(APIGatewayV2HTTPResponse response) {
    return response.getHeaders().entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("content-type"))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse("");
  }
}
