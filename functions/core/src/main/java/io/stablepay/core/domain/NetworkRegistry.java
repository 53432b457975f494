package io.stablepay.core.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The networks one deployment serves, in a stable order. Built once at start-up from the profile's
 * registry file (mainnet, testnet or local) plus configuration.
 */
public final class NetworkRegistry {

  private final String profile;
  private final Map<NetworkId, Network> networks;

  public NetworkRegistry(String profile, Collection<Network> networks) {
    this.profile = profile;
    this.networks =
        networks.stream()
            .collect(
                Collectors.toMap(
                    Network::id,
                    Function.identity(),
                    (a, b) -> {
                      throw new IllegalArgumentException("network listed twice: " + a.id());
                    },
                    () -> new java.util.EnumMap<>(NetworkId.class)));
  }

  public String profile() {
    return profile;
  }

  /** Served networks in declaration order of {@link NetworkId}. */
  public List<Network> all() {
    return List.copyOf(networks.values());
  }

  /**
   * The served network named {@code id}.
   *
   * @throws NetworkNotServedException when this deployment does not serve it
   */
  public Network require(NetworkId id) {
    Network network = networks.get(id);
    if (network == null) {
      throw new NetworkNotServedException(id, networks.keySet());
    }
    return network;
  }

  /** Parses a client-supplied network name and returns the served network. */
  public Network require(String name) {
    return require(NetworkId.parse(name));
  }
}
