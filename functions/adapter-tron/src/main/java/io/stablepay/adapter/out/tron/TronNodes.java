package io.stablepay.adapter.out.tron;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.MetadataUtils;
import io.stablepay.adapter.out.nodes.CircuitBreaker;
import io.stablepay.adapter.out.nodes.NodeFailoverSettings;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NodeEndpoints;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;

/**
 * The gRPC channels of each network's Tron nodes: for every URL of the network's {@link
 * NodeEndpoints} (the nodes secret, or the configured {@code rpcUrl}, comma-separated when several)
 * a pair, to its full node and to its solidity node, behind a {@link CircuitBreaker}. Calls go
 * through {@link #call} or {@link #broadcast}, which fail over between the URLs as {@link
 * TronFailover} tells ({@link NodeFailoverSettings}: the same {@code stablepay.nodes.*} settings as
 * the EVM rail's). The channels are opened on first use and reused while the network's endpoints
 * stay the same (a Lambda container keeps them across invocations); a rotated URL or key opens new
 * ones and closes the old. The key is the secret's {@code apiKey}, else {@link TronSettings}'; the
 * solidity node of a URL comes from {@link TronSettings} when set, else it is the URL's host on
 * port {@link #SOLIDITY_PORT}. Nothing here holds a signing key: transactions are built and signed
 * elsewhere, and the nodes only read and relay. URLs and the API key stay out of messages.
 */
@Singleton
final class TronNodes {

  /**
   * One URL's stubs, the channels under them and its breaker.
   *
   * @param position the URL's place in the network's list, from 1 (a name for it that carries no
   *     key)
   * @param full the full node's {@code Wallet} service
   * @param solidity the solidity node's {@code WalletSolidity} service
   * @param fullChannel the channel under {@code full}
   * @param solidityChannel the channel under {@code solidity}
   * @param breaker counts the URL's transport failures
   */
  record Endpoint(
      int position,
      WalletGrpc.WalletBlockingStub full,
      WalletSolidityGrpc.WalletSolidityBlockingStub solidity,
      ManagedChannel fullChannel,
      ManagedChannel solidityChannel,
      CircuitBreaker breaker) {

    private void close() {
      fullChannel.shutdown();
      solidityChannel.shutdown();
    }
  }

  /**
   * A network's endpoints, opened for one value of its {@link NodeEndpoints}.
   *
   * @param endpoints the value they were opened for
   * @param each one per URL, in its order
   * @param failover spreads calls over {@code each}
   */
  record Client(NodeEndpoints.Endpoints endpoints, List<Endpoint> each, TronFailover failover) {

    private void close() {
      each.forEach(Endpoint::close);
    }
  }

  /** java-tron's default gRPC port for the solidity service. */
  static final int SOLIDITY_PORT = 50061;

  private static final Metadata.Key<String> API_KEY_HEADER =
      Metadata.Key.of("TRON-PRO-API-KEY", Metadata.ASCII_STRING_MARSHALLER);

  private final TronSettings settings;
  private final NodeFailoverSettings failover;
  private final NodeEndpoints endpoints;
  private final Map<NetworkId, Client> clients = new ConcurrentHashMap<>();

  @Inject
  TronNodes(TronSettings settings, NodeFailoverSettings failover, NodeEndpoints endpoints) {
    this.settings = settings;
    this.failover = failover;
    this.endpoints = endpoints;
  }

  /** Nodes at the network's configured {@code rpcUrl} (comma-separated when several). */
  TronNodes(TronSettings settings, NodeFailoverSettings failover) {
    this(settings, failover, TronNodes::configured);
  }

  /** Nodes at the network's configured {@code rpcUrl}, with the default failover settings. */
  TronNodes(TronSettings settings) {
    this(settings, new NodeFailoverSettings());
  }

  /**
   * The network's endpoints, reopened when its {@link NodeEndpoints} changed: the old channels are
   * shut down, which lets calls already running on them finish.
   *
   * @throws ChainUnavailableException when the network has no node configured
   */
  Client client(Network network) {
    if (!network.hasNode()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    NodeEndpoints.Endpoints current = endpoints.of(network);
    Client known = clients.get(network.id());
    if (known != null && known.endpoints().equals(current)) {
      return known;
    }
    Client opened = open(current);
    Client replaced = clients.put(network.id(), opened);
    if (replaced != null) {
      replaced.close();
    }
    return opened;
  }

  /**
   * Runs a read on the network's endpoints with failover: {@code rpc} may run on several, so it
   * must only read.
   *
   * @throws ChainUnavailableException when no endpoint answered, or one answered with an error
   *     status; the message names the status only
   */
  <T> T call(Network network, Function<Endpoint, T> rpc) {
    return client(network).failover().call(network, false, rpc);
  }

  /**
   * Runs a broadcast, which goes to a second endpoint only when it surely did not reach the first
   * (see {@link TronFailover}).
   *
   * @throws ChainUnavailableException as {@link #call} does
   */
  <T> T broadcast(Network network, Function<Endpoint, T> rpc) {
    return client(network).failover().call(network, true, rpc);
  }

  /**
   * The gRPC target of a node setting: {@code host:port} as it is, or the host and port of a URL
   * (the scheme is dropped: the channels speak plaintext gRPC whatever it says).
   */
  static String target(String endpoint) {
    String target = endpoint.trim();
    int scheme = target.indexOf("://");
    if (scheme >= 0) {
      target = target.substring(scheme + 3);
    }
    int path = target.indexOf('/');
    return path >= 0 ? target.substring(0, path) : target;
  }

  /** The solidity node: the configured one, else the full node's host on {@link #SOLIDITY_PORT}. */
  static String solidityTarget(String fullNode, String configured) {
    if (configured != null && !configured.isBlank()) {
      return target(configured);
    }
    String full = target(fullNode);
    int port = full.lastIndexOf(':');
    String host = port > full.lastIndexOf(']') ? full.substring(0, port) : full;
    return host + ":" + SOLIDITY_PORT;
  }

  @PreDestroy
  void close() {
    clients.values().forEach(Client::close);
    clients.clear();
  }

  /**
   * The solidity node of each URL: the configured one for every URL, or one per URL when as many
   * are configured (comma-separated), else each URL's host on {@link #SOLIDITY_PORT}.
   *
   * @throws ChainUnavailableException when another number is configured
   */
  static List<String> solidityTargets(List<String> urls, String configured) {
    if (configured == null || configured.isBlank() || !configured.contains(",")) {
      return urls.stream().map(url -> solidityTarget(url, configured)).toList();
    }
    List<String> listed = Arrays.stream(configured.split(",")).map(TronNodes::target).toList();
    if (listed.size() != urls.size()) {
      throw new ChainUnavailableException(
          "stablepay.tron.solidity-endpoint lists "
              + listed.size()
              + " nodes for "
              + urls.size()
              + " URLs: give one, or one per URL");
    }
    return listed;
  }

  private Client open(NodeEndpoints.Endpoints endpoints) {
    List<ClientInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new CallDeadline(failover.getCallTimeout()));
    String apiKey = endpoints.apiKey() != null ? endpoints.apiKey() : settings.getApiKey();
    if (apiKey != null && !apiKey.isBlank()) {
      Metadata headers = new Metadata();
      headers.put(API_KEY_HEADER, apiKey.trim());
      interceptors.add(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    List<String> urls = endpoints.urls();
    List<String> solidities = solidityTargets(urls, settings.getSolidityEndpoint());
    List<Endpoint> each = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      ManagedChannel full = channel(target(urls.get(i)), interceptors);
      ManagedChannel solidity = channel(solidities.get(i), interceptors);
      each.add(
          new Endpoint(
              i + 1,
              WalletGrpc.newBlockingStub(full),
              WalletSolidityGrpc.newBlockingStub(solidity),
              full,
              solidity,
              new CircuitBreaker(
                  failover.getBreakerThreshold(),
                  failover.getBreakerCoolDown(),
                  System::nanoTime)));
    }
    return new Client(
        endpoints,
        List.copyOf(each),
        new TronFailover(each, failover.getAttempts(), failover.getBackoff()));
  }

  private static NodeEndpoints.Endpoints configured(Network network) {
    if (network.rpcUrl() == null || network.rpcUrl().isBlank()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    return new NodeEndpoints.Endpoints(
        Arrays.stream(network.rpcUrl().split(",")).map(String::trim).toList(), null);
  }

  /** Plaintext, as java-tron's gRPC port speaks it. */
  private static ManagedChannel channel(String target, List<ClientInterceptor> interceptors) {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().intercept(interceptors).build();
  }

  /**
   * Gives each call its own deadline, the call timeout from when it starts (a stub's {@code
   * withDeadlineAfter} would fix one instant for every call made through it).
   */
  private static final class CallDeadline implements ClientInterceptor {

    private final long timeoutNanos;

    CallDeadline(Duration timeout) {
      this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return next.newCall(method, options.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
    }
  }
}
