package io.stablepay.adapter.out.evm;

import io.stablepay.adapter.out.nodes.CircuitBreaker;
import io.stablepay.adapter.out.nodes.NodeFailoverSettings;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NodeEndpoints;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.protocol.Web3j;

/**
 * The web3j clients of each network's node endpoints. The endpoints are asked of {@link
 * NodeEndpoints} on every use (it caches them), and the clients are rebuilt when they change, so a
 * rotated URL takes effect without a restart; between changes a Lambda container keeps the clients
 * across invocations. Nothing is read while the function starts.
 */
@Singleton
final class EvmNodes {

  /** A network's clients, built for one list of URLs. */
  private record Clients(
      List<String> urls, Web3j failover, List<NodeEndpoint> endpoints, List<Web3j> each) {

    void shutdown() {
      failover.shutdown();
      each.forEach(Web3j::shutdown);
    }
  }

  private final NodeEndpoints endpoints;
  private final NodeFailoverSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final Map<NetworkId, Clients> clients = new ConcurrentHashMap<>();

  @Inject
  EvmNodes(NodeEndpoints endpoints, NodeFailoverSettings settings) {
    this.endpoints = endpoints;
    this.settings = settings;
  }

  /** Clients of the network's configured {@code rpcUrl} (comma-separated when several). */
  EvmNodes() {
    this(EvmNodes::configured, new NodeFailoverSettings());
  }

  /**
   * A client that spreads calls over the network's endpoints with failover.
   *
   * @throws ChainUnavailableException when the network has no node configured
   */
  Web3j client(Network network) {
    return clients(network).failover();
  }

  /**
   * Clients of {@code count} distinct endpoints whose circuits are closed (or due a retry), in the
   * configured order, for reads that must agree.
   *
   * @throws ChainUnavailableException when fewer than {@code count} endpoints are available
   */
  List<Web3j> distinct(Network network, int count) {
    Clients current = clients(network);
    List<Web3j> chosen = new ArrayList<>();
    for (int i = 0; i < current.endpoints().size() && chosen.size() < count; i++) {
      if (current.endpoints().get(i).available()) {
        chosen.add(current.each().get(i));
      }
    }
    if (chosen.size() < count) {
      throw new ChainUnavailableException(
          "only "
              + chosen.size()
              + " of "
              + current.endpoints().size()
              + " "
              + network.id()
              + " endpoints are available, "
              + count
              + " must agree");
    }
    return chosen;
  }

  private Clients clients(Network network) {
    if (!network.hasNode()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    List<String> urls = endpoints.of(network).urls();
    Clients known = clients.get(network.id());
    if (known != null && known.urls().equals(urls)) {
      return known;
    }
    // the clients replaced may still be in use by a running call; they hold nothing to release
    Clients built = build(urls);
    clients.put(network.id(), built);
    return built;
  }

  private Clients build(List<String> urls) {
    List<NodeEndpoint> nodes = new ArrayList<>();
    List<Web3j> each = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      NodeEndpoint node =
          new NodeEndpoint(
              i + 1,
              new JdkHttpService(http, urls.get(i), settings.getCallTimeout()),
              new CircuitBreaker(
                  settings.getBreakerThreshold(), settings.getBreakerCoolDown(), System::nanoTime));
      nodes.add(node);
      each.add(Web3j.build(node));
    }
    Web3j failover =
        Web3j.build(new FailoverService(nodes, settings.getAttempts(), settings.getBackoff()));
    return new Clients(List.copyOf(urls), failover, List.copyOf(nodes), List.copyOf(each));
  }

  private static NodeEndpoints.Endpoints configured(Network network) {
    if (network.rpcUrl() == null || network.rpcUrl().isBlank()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    return new NodeEndpoints.Endpoints(
        Arrays.stream(network.rpcUrl().split(",")).map(String::trim).toList(), null);
  }

  @PreDestroy
  void close() {
    clients.values().forEach(Clients::shutdown);
    clients.clear();
    http.close();
  }
}
