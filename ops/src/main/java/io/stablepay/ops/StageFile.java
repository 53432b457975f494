package io.stablepay.ops;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stage's configuration file ({@code infra-cdk/stages/<stage>.json}) as far as the contracts'
 * deployment reads and writes it: the network profile, the enabled networks with their tokens, the
 * custody plan, and the addresses it records under {@code networks.<NET>.contracts}. Everything
 * else in the file is kept as it is.
 */
final class StageFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final ObjectNode root;

  private StageFile(Path path, ObjectNode root) {
    this.path = path;
    this.root = root;
  }

  /**
   * Reads {@code path}.
   *
   * @throws IllegalArgumentException when it is missing or not a JSON object
   */
  static StageFile read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no stage file " + path);
    }
    try {
      JsonNode tree = JSON.readTree(path.toFile());
      if (!(tree instanceof ObjectNode object)) {
        throw new IllegalArgumentException(path + " is not a JSON object");
      }
      return new StageFile(path, object);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read stage file " + path + ": " + e.getMessage());
    }
  }

  Path path() {
    return path;
  }

  /** The registry profile the stage runs ({@code local}, {@code testnet}, {@code mainnet}). */
  String networkProfile() {
    return text(root, "networkProfile");
  }

  /** The enabled networks, in the file's order. */
  List<String> networks() {
    List<String> names = new ArrayList<>();
    object(root, "networks").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** {@code networks.<network>.tokens}: stablecoin contracts by asset, empty when not given. */
  Map<String, String> tokens(String network) {
    Map<String, String> tokens = new LinkedHashMap<>();
    JsonNode node = network(network).path("tokens");
    node.fields().forEachRemaining(e -> tokens.put(e.getKey(), e.getValue().asText()));
    return tokens;
  }

  /** {@code networks.<network>.contracts}: addresses by registry name, empty when not recorded. */
  Map<String, String> contracts(String network) {
    Map<String, String> contracts = new LinkedHashMap<>();
    network(network)
        .path("contracts")
        .fields()
        .forEachRemaining(e -> contracts.put(e.getKey(), e.getValue().asText()));
    return contracts;
  }

  /** The {@code custody} section: who holds which role once the deployer has handed over. */
  Custody custody() {
    if (!root.has("custody")) {
      // the example testnet and prod files leave it out on purpose: the roles are the operator's
      throw new IllegalArgumentException(
          path
              + ": custody is missing: add who will hold the contracts' roles (admin, operator,"
              + " pauser, treasuryOwners and treasuryThreshold, relayers and relayerThreshold,"
              + " bridgeDailyLimit; see docs/operations.md, \"The stage file\") before deploying");
    }
    JsonNode custody = object(root, "custody");
    return new Custody(
        text(custody, "admin"),
        text(custody, "operator"),
        text(custody, "pauser"),
        texts(custody, "treasuryOwners"),
        number(custody, "treasuryThreshold"),
        custody.hasNonNull("settlementVault") ? custody.get("settlementVault").asText() : null,
        texts(custody, "relayers"),
        number(custody, "relayerThreshold"),
        new BigInteger(text(custody, "bridgeDailyLimit")));
  }

  /** Sets {@code networks.<network>.tokens} (the local chains' freshly deployed stablecoins). */
  void setTokens(String network, Map<String, String> tokens) {
    ObjectNode node = network(network).putObject("tokens");
    tokens.forEach(node::put);
  }

  /**
   * Records {@code contracts} as {@code networks.<network>.contracts} of the file at {@code path},
   * read again and written back whole, keeping every other field; deployments on several networks
   * of one stage may finish at the same time.
   */
  static synchronized void recordContracts(
      Path path, String network, Map<String, String> contracts) {
    StageFile file = read(path);
    ObjectNode node = file.network(network).putObject("contracts");
    contracts.forEach(node::put);
    file.write();
  }

  /** Writes the file back to {@code target} (two-space indent, {@code "key": value}). */
  void write(Path target) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter() {
          @Override
          public DefaultPrettyPrinter createInstance() {
            return this;
          }

          @Override
          public void writeObjectFieldValueSeparator(com.fasterxml.jackson.core.JsonGenerator g)
              throws IOException {
            g.writeRaw(": ");
          }
        };
    printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
    try {
      if (target.getParent() != null) {
        Files.createDirectories(target.getParent());
      }
      Files.writeString(
          target, JSON.writer(printer).writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write stage file " + target, e);
    }
  }

  void write() {
    write(path);
  }

  private ObjectNode network(String network) {
    JsonNode node = object(root, "networks").get(network);
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          path + ": networks." + network + " is missing (enabled: " + networks() + ")");
    }
    return object;
  }

  private ObjectNode object(JsonNode parent, String field) {
    if (!(parent.get(field) instanceof ObjectNode object)) {
      throw new IllegalArgumentException(path + ": " + field + " must be an object");
    }
    return object;
  }

  private String text(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isValueNode() || node.asText().isBlank()) {
      throw new IllegalArgumentException(path + ": " + field + " is missing");
    }
    return node.asText();
  }

  private int number(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || !node.canConvertToInt() || node.asInt() < 1) {
      throw new IllegalArgumentException(path + ": " + field + " must be a positive number");
    }
    return node.asInt();
  }

  private List<String> texts(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException(path + ": " + field + " must be a non-empty list");
    }
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  /**
   * The stage's custody plan, as {@code custody} in the file.
   *
   * @param settlementVault where gateway payments go; null means the treasury multisig
   */
  record Custody(
      String admin,
      String operator,
      String pauser,
      List<String> treasuryOwners,
      int treasuryThreshold,
      String settlementVault,
      List<String> relayers,
      int relayerThreshold,
      BigInteger bridgeDailyLimit) {

    Custody {
      treasuryOwners = List.copyOf(treasuryOwners);
      relayers = List.copyOf(relayers);
    }
  }
}
