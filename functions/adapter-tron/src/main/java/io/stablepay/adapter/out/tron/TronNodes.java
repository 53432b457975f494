package io.stablepay.adapter.out.tron;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NodeEndpoints;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;

/**
 * One pair of gRPC channels per network, to its full node and its solidity node, opened on first
 * use and reused while the network's endpoints stay the same (a Lambda container keeps them across
 * invocations; a rotated endpoint or key opens new ones). The full node is the first of the
 * network's {@link NodeEndpoints} (the nodes secret, or the configured {@code rpcUrl}), its key the
 * secret's {@code apiKey} or else {@link TronSettings}'; the solidity node comes from {@link
 * TronSettings}. Callers use trident's generated blocking stubs ({@link Client#full} and {@link
 * Client#solidity}) through {@link #call}, so a transport failure becomes a {@link
 * ChainUnavailableException}. Nothing here holds a key: transactions are built and signed
 * elsewhere, and the nodes only read and relay.
 */
@Singleton
final class TronNodes {

  /**
   * A network's stubs and the channels under them.
   *
   * @param full the full node's {@code Wallet} service
   * @param solidity the solidity node's {@code WalletSolidity} service
   * @param fullChannel the channel under {@code full}
   * @param solidityChannel the channel under {@code solidity}
   */
  record Client(
      WalletGrpc.WalletBlockingStub full,
      WalletSolidityGrpc.WalletSolidityBlockingStub solidity,
      ManagedChannel fullChannel,
      ManagedChannel solidityChannel,
      NodeEndpoints.Endpoints endpoints) {

    private void close() {
      fullChannel.shutdown();
      solidityChannel.shutdown();
    }
  }

  /** java-tron's default gRPC port for the solidity service. */
  static final int SOLIDITY_PORT = 50061;

  private static final int CALL_TIMEOUT_MILLIS = 10_000;
  private static final Metadata.Key<String> API_KEY_HEADER =
      Metadata.Key.of("TRON-PRO-API-KEY", Metadata.ASCII_STRING_MARSHALLER);

  private final TronSettings settings;
  private final NodeEndpoints endpoints;
  private final Map<NetworkId, Client> clients = new ConcurrentHashMap<>();

  @Inject
  TronNodes(TronSettings settings, NodeEndpoints endpoints) {
    this.settings = settings;
    this.endpoints = endpoints;
  }

  /** Nodes at the network's configured {@code rpcUrl}. */
  TronNodes(TronSettings settings) {
    this(
        settings,
        network -> {
          if (network.rpcUrl() == null || network.rpcUrl().isBlank()) {
            throw new ChainUnavailableException("no node is configured for " + network.id());
          }
          return new NodeEndpoints.Endpoints(List.of(network.rpcUrl()), null);
        });
  }

  /**
   * The network's stubs.
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
   * Runs one node call. Whatever it throws (a gRPC status, a closed channel) becomes {@link
   * ChainUnavailableException} naming the status only: endpoints stay out of messages.
   */
  static <T> T call(Network network, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (RuntimeException e) {
      Status.Code code = Status.fromThrowable(e).getCode();
      String reason = code == Status.Code.UNKNOWN ? e.getClass().getSimpleName() : code.name();
      throw new ChainUnavailableException(
          "the " + network.id() + " node did not answer: " + reason, e);
    }
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

  private Client open(NodeEndpoints.Endpoints endpoints) {
    String rpcUrl = endpoints.urls().get(0);
    List<ClientInterceptor> interceptors = new ArrayList<>();
    interceptors.add(new CallDeadline());
    String apiKey = endpoints.apiKey() != null ? endpoints.apiKey() : settings.getApiKey();
    if (apiKey != null && !apiKey.isBlank()) {
      Metadata headers = new Metadata();
      headers.put(API_KEY_HEADER, apiKey.trim());
      interceptors.add(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    ManagedChannel full = channel(target(rpcUrl), interceptors);
    ManagedChannel solidity =
        channel(solidityTarget(rpcUrl, settings.getSolidityEndpoint()), interceptors);
    return new Client(
        WalletGrpc.newBlockingStub(full),
        WalletSolidityGrpc.newBlockingStub(solidity),
        full,
        solidity,
        endpoints);
  }

  /** Plaintext, as java-tron's gRPC port speaks it. */
  private static ManagedChannel channel(String target, List<ClientInterceptor> interceptors) {
    return ManagedChannelBuilder.forTarget(target).usePlaintext().intercept(interceptors).build();
  }

  /**
   * Gives each call its own deadline, {@link #CALL_TIMEOUT_MILLIS} from when it starts (a stub's
   * {@code withDeadlineAfter} would fix one instant for every call made through it).
   */
  private static final class CallDeadline implements ClientInterceptor {

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      return next.newCall(
          method, options.withDeadlineAfter(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    }
  }
}
