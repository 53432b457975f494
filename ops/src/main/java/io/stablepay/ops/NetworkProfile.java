package io.stablepay.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network profile of the registry ({@code networks/<profile>.json} on the classpath, from the
 * registry module): each network's chain id and the token addresses it knows.
 */
final class NetworkProfile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final JsonNode networks;

  private NetworkProfile(String name, JsonNode networks) {
    this.name = name;
    this.networks = networks;
  }

  static NetworkProfile load(String profile) {
    String resource = "/networks/" + profile + ".json";
    try (InputStream in = NetworkProfile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no network profile " + profile + " (" + resource + ")");
      }
      return new NetworkProfile(profile, JSON.readTree(in).path("networks"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The network's EVM chain id. */
  long chainId(String network) {
    JsonNode chainId = network(network).path("chainId");
    if (!chainId.canConvertToLong()) {
      throw new IllegalArgumentException(network + " has no EVM chain id in profile " + name);
    }
    return chainId.asLong();
  }

  /** Whether the network is an EVM network (the contracts deploy only there). */
  boolean isEvm(String network) {
    return "EVM".equals(network(network).path("family").asText());
  }

  /** Token addresses the profile gives for the network, by asset; assets without one are left. */
  Map<String, String> tokens(String network) {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (JsonNode token : network(network).path("tokens")) {
      if (token.hasNonNull("address")) {
        tokens.put(token.path("asset").asText(), token.get("address").asText());
      }
    }
    return tokens;
  }

  private JsonNode network(String network) {
    for (JsonNode node : networks) {
      if (network.equals(node.path("id").asText())) {
        return node;
      }
    }
    throw new IllegalArgumentException("network " + network + " is not in profile " + name);
  }
}
