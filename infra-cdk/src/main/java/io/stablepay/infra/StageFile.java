package io.stablepay.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One stage's configuration, {@code infra-cdk/stages/<stage>.json}: checked against {@code
 * stage.schema.json} (a classpath resource beside this class) and against itself (treasury networks
 * must be enabled, prices and minimum balances only for treasury networks, thresholds within their
 * signers) before anything is synthesized, each error naming the field it is about. What it holds
 * becomes {@link StackSettings}; CDK context flags override single settings ({@link StablepayApp}).
 *
 * <p>Some settings are functions' settings and reach them as such: each network's confirmation
 * depth and quorum ({@code STABLEPAY_CHAINS_<NET>_CONFIRMATIONS}, {@code ..._QUORUM}) and the daily
 * limits ({@code STABLEPAY_LIMITS_P2P_DAILY_<STATUS>}) and the default merchant fee ({@code
 * STABLEPAY_MERCHANTS_DEFAULT_FEE_BASIS_POINTS}) join the file's own {@code functionEnvironment};
 * its contract and token addresses become the {@code chainSettings} property source.
 */
final class StageFile {

  /** The file every stage's file is checked against. */
  static final String SCHEMA_RESOURCE = "stage.schema.json";

  /** The stages' folder as seen from infra-cdk, where cdk and Maven run. */
  static final Path DEFAULT_DIRECTORY = Path.of("stages");

  /** The one network the platform knows that is not EVM. */
  private static final String NOT_EVM = "TRON";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String> LIMIT_STATUSES =
      Map.of(
          "notStarted", "NOT_STARTED",
          "pending", "PENDING",
          "rejected", "REJECTED",
          "verified", "VERIFIED");

  private final Path file;
  private final JsonNode root;

  private StageFile(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /** {@code stages/<stage>.json} under {@code directory}. */
  static Path of(Path directory, String stage) {
    if (!stage.matches("[a-z][a-z0-9-]{0,30}")) {
      throw new IllegalArgumentException(
          "stage '" + stage + "' is not a stage name (lower-case letters, digits and -)");
    }
    return directory.resolve(stage + ".json");
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws IllegalArgumentException naming the file and every field that is wrong
   */
  static StageFile load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "stage file "
              + file.toAbsolutePath().normalize()
              + " is missing: copy stages/testnet.json, or name another with -c stageFile=<path>");
    }
    try {
      return parse(file, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read stage file " + file, e);
    }
  }

  /** Checks {@code json}, the content of {@code file}. */
  static StageFile parse(Path file, String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stage file " + file + " is not JSON: " + e.getOriginalMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    for (Error error : schema().validate(root)) {
      problems.add(field(error) + ": " + error.getMessage());
    }
    StageFile stage = new StageFile(file, root);
    if (problems.isEmpty()) {
      stage.checkConsistency(problems);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "stage file " + file + " is not valid:\n  " + String.join("\n  ", problems));
    }
    return stage;
  }

  private static Schema schema() {
    try (InputStream in = StageFile.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The field an error is about, as a JSON path ({@code $.networks.ETHEREUM.confirmations}). */
  private static String field(Error error) {
    NodePath at = error.getInstanceLocation();
    StringBuilder path = new StringBuilder("$");
    for (int i = 0; i < at.getNameCount(); i++) {
      Object element = at.getElement(i);
      path.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      path.append('.').append(error.getProperty());
    }
    return path.toString();
  }

  /** What the schema cannot say: how fields relate to each other. */
  private void checkConsistency(List<String> problems) {
    SortedSet<String> networks = networks();
    for (String network : treasuryNetworks()) {
      if (!networks.contains(network)) {
        problems.add("$.treasuryNetworks: " + network + " is not one of the networks " + networks);
      } else if (NOT_EVM.equals(network)) {
        problems.add("$.treasuryNetworks: " + network + " has no treasury key (EVM networks only)");
      }
    }
    for (String network : nativeUsdPrices().keySet()) {
      if (!treasuryNetworks().contains(network)) {
        problems.add(
            "$.nativeUsdPrices." + network + ": not a treasury network " + treasuryNetworks());
      }
    }
    for (String network : minimumBalances().keySet()) {
      if (!treasuryNetworks().contains(network)) {
        problems.add(
            "$.networks."
                + network
                + ".minimumBalances: not a treasury network "
                + treasuryNetworks());
      }
    }
    JsonNode custody = root.path("custody");
    if (!custody.isMissingNode()) {
      threshold(custody, "treasuryOwners", "treasuryThreshold", problems);
      threshold(custody, "relayers", "relayerThreshold", problems);
    }
  }

  private static void threshold(
      JsonNode custody, String signers, String threshold, List<String> problems) {
    int count = custody.path(signers).size();
    if (custody.has(threshold) && custody.path(threshold).asInt() > count) {
      problems.add(
          "$.custody."
              + threshold
              + ": "
              + custody.path(threshold).asInt()
              + " is more than the "
              + count
              + " "
              + signers);
    }
  }

  Path file() {
    return file;
  }

  String networkProfile() {
    return root.path("networkProfile").asText();
  }

  /** The enabled networks, sorted. */
  SortedSet<String> networks() {
    SortedSet<String> networks = new TreeSet<>();
    root.path("networks").fieldNames().forEachRemaining(networks::add);
    return networks;
  }

  /** The file's treasury networks; absent: every enabled network but TRON. */
  SortedSet<String> treasuryNetworks() {
    SortedSet<String> networks = new TreeSet<>();
    if (root.has("treasuryNetworks")) {
      root.path("treasuryNetworks").forEach(network -> networks.add(network.asText()));
    } else {
      networks.addAll(networks());
      networks.remove(NOT_EVM);
    }
    return networks;
  }

  /** Each network's {@code minimumBalances}, where the file sets them. */
  SortedMap<String, MinimumBalances> minimumBalances() {
    SortedMap<String, MinimumBalances> minimums = new TreeMap<>();
    root.path("networks")
        .fields()
        .forEachRemaining(
            network -> {
              JsonNode minimum = network.getValue().path("minimumBalances");
              if (!minimum.isMissingNode()) {
                SortedMap<String, BigDecimal> treasury = new TreeMap<>();
                strings(minimum.path("treasury"))
                    .forEach((asset, amount) -> treasury.put(asset, new BigDecimal(amount)));
                JsonNode gasTank = minimum.path("gasTank");
                minimums.put(
                    network.getKey(),
                    new MinimumBalances(
                        gasTank.isMissingNode() ? null : new BigDecimal(gasTank.asText()),
                        treasury));
              }
            });
    return minimums;
  }

  SortedMap<String, String> nativeUsdPrices() {
    return strings(root.path("nativeUsdPrices"));
  }

  /**
   * The settings every function gets: the file's {@code functionEnvironment}, each network's depth,
   * the daily limits and the default merchant fee.
   */
  SortedMap<String, String> functionEnvironment() {
    SortedMap<String, String> environment = strings(root.path("functionEnvironment"));
    root.path("networks")
        .fields()
        .forEachRemaining(
            network -> {
              JsonNode settings = network.getValue();
              String prefix = "STABLEPAY_CHAINS_" + network.getKey() + "_";
              if (settings.has("confirmations")) {
                environment.put(prefix + "CONFIRMATIONS", settings.path("confirmations").asText());
              }
            });
    root.path("limits")
        .path("p2pDaily")
        .fields()
        .forEachRemaining(
            limit ->
                environment.put(
                    "STABLEPAY_LIMITS_P2P_DAILY_" + LIMIT_STATUSES.get(limit.getKey()),
                    limit.getValue().asText()));
    JsonNode fee = root.path("merchants").path("defaultFeeBasisPoints");
    if (!fee.isMissingNode()) {
      environment.put("STABLEPAY_MERCHANTS_DEFAULT_FEE_BASIS_POINTS", fee.asText());
    }
    return environment;
  }

  /** Each network's quorum where the file sets one. */
  SortedMap<String, Integer> quorums() {
    SortedMap<String, Integer> quorums = new TreeMap<>();
    root.path("networks")
        .fields()
        .forEachRemaining(
            network -> {
              if (network.getValue().has("quorum")) {
                quorums.put(network.getKey(), network.getValue().path("quorum").asInt());
              }
            });
    return quorums;
  }

  /**
   * The file's contract and token addresses as the property source that completes the network
   * registry ({@code {"stablepay":{"chains":{"ethereum":{"contracts":{...},"tokens":{...}}}}}}), or
   * empty when the file has none.
   */
  Optional<ObjectNode> chainSettings() {
    ObjectNode chains = JSON.createObjectNode();
    root.path("networks")
        .fields()
        .forEachRemaining(
            network -> {
              ObjectNode chain = JSON.createObjectNode();
              for (String part : List.of("contracts", "tokens")) {
                JsonNode addresses = network.getValue().path(part);
                if (!addresses.isEmpty()) {
                  chain.set(part, addresses.deepCopy());
                }
              }
              if (!chain.isEmpty()) {
                chains.set(network.getKey().toLowerCase(Locale.ROOT), chain);
              }
            });
    if (chains.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode source = JSON.createObjectNode();
    source.putObject("stablepay").set("chains", chains);
    return Optional.of(source);
  }

  /** A text field ({@code alarmEmail}, {@code mailFrom}, {@code adminEmail}). */
  Optional<String> text(String field) {
    JsonNode value = root.path(field);
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /** A flag ({@code gradualDeployment}, {@code reservedConcurrency}); absent is false. */
  boolean flag(String field) {
    return root.path(field).asBoolean(false);
  }

  OptionalInt kycReviewTimeoutSeconds() {
    JsonNode value = root.path("kycReviewTimeoutSeconds");
    return value.isInt() ? OptionalInt.of(value.asInt()) : OptionalInt.empty();
  }

  /** The API's own domain, when the stage serves it through CloudFront. */
  Optional<StackSettings.Domain> domain() {
    JsonNode domain = root.path("domain");
    return domain.isObject()
        ? Optional.of(
            new StackSettings.Domain(
                domain.path("name").asText(), domain.path("certificateArn").asText()))
        : Optional.empty();
  }

  /** Throttling of the routes that move money: the file's, else the default. */
  StackSettings.Throttling throttling() {
    JsonNode throttling = root.path("throttling");
    StackSettings.Throttling fallback = StackSettings.Throttling.DEFAULT;
    return new StackSettings.Throttling(
        throttling.path("ratePerSecond").asInt(fallback.ratePerSecond()),
        throttling.path("burst").asInt(fallback.burst()));
  }

  private static SortedMap<String, String> strings(JsonNode object) {
    SortedMap<String, String> values = new TreeMap<>();
    object
        .fields()
        .forEachRemaining(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    return values;
  }
}
