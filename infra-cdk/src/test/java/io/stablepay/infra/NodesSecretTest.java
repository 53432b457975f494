package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * Node URLs and provider keys stay out of the template: the {@code prod} stack creates the stage's
 * nodes secret empty, functions get only its ARN, and every function that calls chains may read it.
 */
class NodesSecretTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Any URL a node could be reached at. */
  private static final Pattern URL = Pattern.compile("(?i)\\b(https?|wss?|grpc)://");

  /** A variable named for a key or a node. */
  private static final Pattern KEY_NAME =
      Pattern.compile("(?i)(API_?KEY|PRIVATE_?KEY|ACCESS_?TOKEN|PASSWORD|RPC_?URLS?|NODE_?URLS?)$");

  /** A written value that mentions a key ({@code ?apikey=...}, {@code x-api-key: ...}). */
  private static final Pattern KEY_VALUE =
      Pattern.compile("(?i)(api[-_]?key|secret[-_]?key|access[-_]?token|private[-_]?key)");

  /** A long opaque token, as provider keys are (hex, base64, base58). */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{32,}");

  /** Contract and token addresses are public: not keys, whatever their length. */
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @TempDir static Path workDir;

  @Test
  void noFunctionEnvironmentHoldsANodeUrlOrAKey() {
    assertThat(functions(PROD.template())).hasSizeGreaterThan(10);

    assertThat(leaks(PROD.template())).isEmpty();
  }

  @Test
  void theCheckFindsAUrlOrAKeyWrittenIntoTheEnvironment() throws Exception {
    Template leaky =
        Template.fromStack(
            TestStacks.stack(
                workDir,
                "leaky",
                null,
                TestStacks.NETWORKS,
                Map.of(
                    "functionEnvironment",
                    "STABLEPAY_CHAINS_ETHEREUM_RPC_URL=https://eth.example/v3/k,"
                        + "STABLEPAY_TRON_API_KEY=6f0c2a1e-1c3b-4f5e-9a8b-7c6d5e4f3a2b,"
                        + "STABLEPAY_TRON_SOLIDITY_ENDPOINT=grpc://tron.example:50061,"
                        + "STABLEPAY_X=a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6")));

    assertThat(leaks(leaky))
        .anyMatch(leak -> leak.endsWith(" STABLEPAY_CHAINS_ETHEREUM_RPC_URL"))
        .anyMatch(leak -> leak.endsWith(" STABLEPAY_TRON_API_KEY"))
        .anyMatch(leak -> leak.endsWith(" STABLEPAY_TRON_SOLIDITY_ENDPOINT"))
        .anyMatch(leak -> leak.endsWith(" STABLEPAY_X"));
  }

  /** Each function's variable ("<function> <variable>") that holds or names a URL or a key. */
  private static List<String> leaks(Template template) {
    List<String> leaks = new ArrayList<>();
    functions(template)
        .keySet()
        .forEach(
            id ->
                variables(function(template, id))
                    .forEach(
                        (name, value) -> {
                          if (leaks(name, value)) {
                            leaks.add(id + " " + name);
                          }
                        }));
    return leaks;
  }

  private static boolean leaks(String name, JsonNode value) {
    if (KEY_NAME.matcher(name).find() || URL.matcher(value.toString()).find()) {
      return true;
    }
    // references (Ref, GetAtt) name resources, whose logical ids may say "ApiKey"
    if (!value.isTextual()) {
      return false;
    }
    String written = ADDRESS.matcher(value.asText()).replaceAll("");
    return KEY_VALUE.matcher(written).find() || TOKEN.matcher(written).find();
  }

  @Test
  void theSecretIsCreatedEmptyUnderTheStagesName() {
    Map<String, Object> secret = secret(PROD.template());

    JsonNode properties = JSON.valueToTree(secret).path("Properties");
    assertThat(properties.path("Name").asText()).isEqualTo("stablepay/prod/nodes");
    assertThat(properties.path("SecretString").asText()).isEqualTo("{}");
    // prod keeps the operator's value when the stack goes
    assertThat(JSON.valueToTree(secret).path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(PROD.template().findOutputs("NodesSecretArn")).hasSize(1);
  }

  @Test
  void everyFunctionThatCallsChainsGetsTheArnAndMayReadItAndNoOtherDoes() {
    Template template = PROD.template();
    String secret = logicalId(template, "AWS::SecretsManager::Secret", "NodesSecret");
    int chainFunctions = 0;
    for (Map.Entry<String, Handler> entry : functions(template).entrySet()) {
      JsonNode function = function(template, entry.getKey());
      JsonNode arn = variables(function).get(NodesSecret.ENV);
      boolean reads =
          statementsOf(template, roleOf(function)).stream()
              .anyMatch(
                  statement ->
                      actions(statement).contains("secretsmanager:GetSecretValue")
                          && statement.path("Resource").toString().contains("\"" + secret + "\""));
      if (entry.getValue().callsChains()) {
        chainFunctions++;
        assertThat(arn).as(entry.getKey()).isEqualTo(JSON.valueToTree(Map.of("Ref", secret)));
        assertThat(reads).as(entry.getKey()).isTrue();
        assertThat(variables(function))
            .as(entry.getKey())
            .containsEntry("STABLEPAY_CHAINS_ETHEREUM_ENABLED", JSON.valueToTree("true"));
      } else {
        assertThat(arn).as(entry.getKey()).isNull();
      }
    }
    // the blockchain, wallet, watcher, merchant and signer APIs, the signer's three background
    // functions, the gauges and the escrow's five
    assertThat(chainFunctions).isEqualTo(14);
  }

  private static Map<String, Object> secret(Template template) {
    return template
        .findResources("AWS::SecretsManager::Secret")
        .get(logicalId(template, "AWS::SecretsManager::Secret", "NodesSecret"));
  }

  private static JsonNode function(Template template, String id) {
    return JSON.valueToTree(template.findResources("AWS::Lambda::Function").get(id))
        .path("Properties");
  }

  /** Every function of the template by logical id, with its handler. */
  private static Map<String, Handler> functions(Template template) {
    Map<String, Handler> byClass = new TreeMap<>();
    Handler.ALL.forEach(handler -> byClass.put(handler.className(), handler));
    Map<String, Handler> functions = new TreeMap<>();
    template
        .findResources("AWS::Lambda::Function")
        .forEach(
            (id, function) -> {
              String handler = JSON.valueToTree(function).at("/Properties/Handler").asText();
              if (byClass.containsKey(handler)) {
                functions.put(id, byClass.get(handler));
              }
            });
    return functions;
  }
}
