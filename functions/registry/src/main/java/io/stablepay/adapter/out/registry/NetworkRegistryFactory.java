package io.stablepay.adapter.out.registry;

import io.micronaut.context.annotation.Factory;
import io.micronaut.serde.ObjectMapper;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the {@link NetworkRegistry} once at start-up: the profile's registry file from the
 * classpath, narrowed to the served networks, completed with which of them are enabled, their
 * quorum and contract addresses from configuration (node URLs are read when used, not here). Any
 * inconsistency stops the start-up with a message naming it.
 */
@Factory
public class NetworkRegistryFactory {

  @Singleton
  NetworkRegistry networkRegistry(
      NetworkSettings settings, List<ChainSettings> chains, ObjectMapper json) {
    return build(settings, chains, read(json, settings.getProfile()));
  }

  static RegistryFile read(ObjectMapper json, String profile) {
    String resource = "networks/" + profile + ".json";
    try (InputStream in =
        NetworkRegistryFactory.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no registry file " + resource + " on the classpath");
      }
      return json.readValue(in, RegistryFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  static NetworkRegistry build(
      NetworkSettings settings, List<ChainSettings> chains, RegistryFile file) {
    Map<NetworkId, ChainSettings> byNetwork = new TreeMap<>();
    for (ChainSettings chain : chains) {
      byNetwork.put(NetworkId.parse(chain.getName()), chain);
    }
    // an unset environment variable arrives as one blank entry: it means "serve them all"
    Set<NetworkId> served =
        settings.getServed().stream()
            .filter(name -> !name.isBlank())
            .map(NetworkId::parse)
            .collect(Collectors.toSet());
    List<Network> networks = new ArrayList<>();
    for (RegistryFile.NetworkEntry entry : file.networks()) {
      NetworkId id = NetworkId.parse(entry.id());
      if (!served.isEmpty() && !served.contains(id)) {
        continue;
      }
      networks.add(network(entry, id, byNetwork.get(id)));
    }
    Set<NetworkId> listed =
        file.networks().stream().map(e -> NetworkId.parse(e.id())).collect(Collectors.toSet());
    for (NetworkId id : served) {
      if (!listed.contains(id)) {
        throw new IllegalStateException(
            id + " is configured to be served but the " + file.profile() + " registry lacks it");
      }
    }
    return new NetworkRegistry(file.profile(), networks);
  }

  private static Network network(
      RegistryFile.NetworkEntry entry, NetworkId id, ChainSettings chain) {
    ChainFamily family = ChainFamily.valueOf(entry.family());
    if (family != id.family()) {
      throw new IllegalStateException(id + " is a " + id.family() + " network, not " + family);
    }
    Map<String, String> tokenOverrides = chain == null ? Map.of() : upperKeys(chain.getTokens());
    List<Token> tokens = new ArrayList<>();
    for (RegistryFile.TokenEntry token : entry.tokens()) {
      Asset asset = Asset.parse(token.asset());
      String address = tokenOverrides.getOrDefault(asset.name(), token.address());
      tokens.add(new Token(asset, address, token.decimals()));
    }
    for (String asset : tokenOverrides.keySet()) {
      if (tokens.stream().noneMatch(t -> t.asset().name().equals(asset))) {
        throw new IllegalStateException(
            "stablepay.chains." + id + ".tokens." + asset + " names a token the registry lacks");
      }
    }
    return new Network(
        id,
        entry.name(),
        family,
        entry.chainId(),
        entry.nativeSymbol(),
        confirmations(entry, id, chain),
        entry.blockTimeSeconds(),
        entry.explorerUrl(),
        tokens,
        chain == null ? null : chain.getRpcUrl(),
        chain == null ? Map.of() : chain.getContracts(),
        enabled(chain),
        chain == null ? 1 : chain.getQuorum());
  }

  private static boolean enabled(ChainSettings chain) {
    if (chain == null) {
      return false;
    }
    if (chain.getEnabled() != null) {
      return chain.getEnabled();
    }
    return chain.getRpcUrl() != null && !chain.getRpcUrl().isBlank();
  }

  /**
   * The stage's depth ({@code stablepay.chains.<net>.confirmations}) where it sets one, else the
   * registry file's; a stage may wait longer than the registry, never less: the registry's depth is
   * the least at which the platform treats a block as final.
   */
  private static int confirmations(
      RegistryFile.NetworkEntry entry, NetworkId id, ChainSettings chain) {
    if (chain == null || chain.getConfirmations() == null) {
      return entry.confirmations();
    }
    int configured = chain.getConfirmations();
    if (configured < entry.confirmations()) {
      throw new IllegalStateException(
          "stablepay.chains."
              + id
              + ".confirmations is "
              + configured
              + ", below the "
              + entry.confirmations()
              + " the registry requires on "
              + id);
    }
    return configured;
  }

  private static Map<String, String> upperKeys(Map<String, String> map) {
    Map<String, String> upper = new TreeMap<>();
    map.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
    return upper;
  }
}
