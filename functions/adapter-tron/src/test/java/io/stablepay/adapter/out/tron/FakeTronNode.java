package io.stablepay.adapter.out.tron;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;

/**
 * A Tron full node and solidity node on loopback ports, each a real gRPC server implementing
 * trident's generated {@code Wallet} or {@code WalletSolidity} service. They answer from the
 * recorded responses under {@code src/test/resources/tron} (or what a test sets) and keep every
 * request they get, with its {@code TRON-PRO-API-KEY} header and deadline. What neither node holds
 * is answered the way java-tron does: with an empty message. A test can make them hang (never
 * answer) or answer every request with an error status.
 */
final class FakeTronNode implements AutoCloseable {

  /**
   * One request as a node got it, with its {@code TRON-PRO-API-KEY} header and the time its
   * deadline left it when it arrived (null without a deadline).
   */
  record Received(
      String node, String method, Message request, String apiKey, Long deadlineMillis) {}

  private static final Metadata.Key<String> API_KEY =
      Metadata.Key.of("TRON-PRO-API-KEY", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CALLER_KEY = Context.key("api-key");

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<ByteString, Chain.Transaction> fullNodeTransactions = new ConcurrentHashMap<>();
  private final Map<ByteString, Chain.Transaction> solidTransactions = new ConcurrentHashMap<>();
  private final Map<ByteString, Response.TransactionInfo> solidInfos = new ConcurrentHashMap<>();
  private final Map<ByteString, Response.Account> accounts = new ConcurrentHashMap<>();
  private volatile Response.BlockExtention nowBlock =
      TronFixtures.read("now-block", Response.BlockExtention.getDefaultInstance());
  private volatile Response.TransactionReturn broadcastReply =
      TronFixtures.read("broadcast-accepted", Response.TransactionReturn.getDefaultInstance());
  private volatile Response.TransactionExtention constantReply =
      TronFixtures.read("balance-of", Response.TransactionExtention.getDefaultInstance());
  private volatile boolean hanging;
  private volatile Status failure;
  private final Map<String, Status> methodFailures = new ConcurrentHashMap<>();
  private final Server full;
  private final Server solidity;
  private final String fullNode;
  private final String solidityNode;

  private FakeTronNode() {
    full = serve(new FullNode());
    solidity = serve(new SolidityNode());
    fullNode = "127.0.0.1:" + full.getPort();
    solidityNode = "127.0.0.1:" + solidity.getPort();
  }

  static FakeTronNode start() {
    return new FakeTronNode();
  }

  /** The full node's gRPC target, {@code 127.0.0.1:port} (still known once closed). */
  String fullNode() {
    return fullNode;
  }

  /** The solidity node's gRPC target, {@code 127.0.0.1:port} (still known once closed). */
  String solidityNode() {
    return solidityNode;
  }

  /** Every request so far, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> received(String node, String method) {
    return received.stream()
        .filter(r -> r.node().equals(node) && r.method().equals(method))
        .toList();
  }

  /** From now on both nodes keep each request they get and never answer it. */
  void hang() {
    hanging = true;
  }

  /** From now on both nodes answer each request with {@code status}, an error. */
  void failWith(Status status) {
    failure = status;
  }

  /** From now on both nodes answer each {@code method} request with {@code status}, an error. */
  void failWith(String method, Status status) {
    methodFailures.put(method, status);
  }

  void answerBroadcastWith(String fixture) {
    broadcastReply = TronFixtures.read(fixture, Response.TransactionReturn.getDefaultInstance());
  }

  void answerConstantCallsWith(String fixture) {
    constantReply = TronFixtures.read(fixture, Response.TransactionExtention.getDefaultInstance());
  }

  void answerLatestBlockWith(Response.BlockExtention block) {
    nowBlock = block;
  }

  /** The full node holds the transaction (pending or in a block not yet solidified). */
  void holdOnFullNode(Chain.Transaction transaction) {
    fullNodeTransactions.put(id(transaction), transaction);
  }

  /** Both nodes hold the transaction, solidified, with its receipt. */
  void solidify(Chain.Transaction transaction, Response.TransactionInfo info) {
    holdOnFullNode(transaction);
    solidTransactions.put(id(transaction), transaction);
    solidInfos.put(info.getId(), info);
  }

  void account(Response.Account account) {
    accounts.put(account.getAddress(), account);
  }

  /** Stops both nodes: later calls find nothing listening. */
  @Override
  public void close() {
    for (Server server : List.of(full, solidity)) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static ByteString id(Chain.Transaction transaction) {
    try {
      return ByteString.copyFrom(
          MessageDigest.getInstance("SHA-256").digest(transaction.getRawData().toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Server serve(BindableService service) {
    ServerInterceptor recordKey =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            Context context = Context.current().withValue(CALLER_KEY, headers.get(API_KEY));
            return Contexts.interceptCall(context, call, headers, next);
          }
        };
    try {
      return NettyServerBuilder.forAddress(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .addService(ServerInterceptors.intercept(service, recordKey))
          .build()
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
  }

  private <T> void answer(
      String node, String method, Message request, T reply, StreamObserver<T> out) {
    Deadline deadline = Context.current().getDeadline();
    received.add(
        new Received(
            node,
            method,
            request,
            CALLER_KEY.get(),
            deadline == null ? null : deadline.timeRemaining(TimeUnit.MILLISECONDS)));
    if (hanging) {
      return;
    }
    Status error = methodFailures.getOrDefault(method, failure);
    if (error != null) {
      out.onError(error.asRuntimeException());
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }

  private final class FullNode extends WalletGrpc.WalletImplBase {

    @Override
    public void getNowBlock2(
        GrpcAPI.EmptyMessage request, StreamObserver<Response.BlockExtention> out) {
      answer("full", "getNowBlock2", request, nowBlock, out);
    }

    @Override
    public void broadcastTransaction(
        Chain.Transaction request, StreamObserver<Response.TransactionReturn> out) {
      answer("full", "broadcastTransaction", request, broadcastReply, out);
    }

    @Override
    public void getTransactionById(
        GrpcAPI.BytesMessage request, StreamObserver<Chain.Transaction> out) {
      answer(
          "full",
          "getTransactionById",
          request,
          fullNodeTransactions.getOrDefault(
              request.getValue(), Chain.Transaction.getDefaultInstance()),
          out);
    }

    @Override
    public void getAccount(
        GrpcAPI.AccountAddressMessage request, StreamObserver<Response.Account> out) {
      answer(
          "full",
          "getAccount",
          request,
          accounts.getOrDefault(request.getAddress(), Response.Account.getDefaultInstance()),
          out);
    }

    @Override
    public void triggerConstantContract(
        TriggerSmartContract request, StreamObserver<Response.TransactionExtention> out) {
      answer("full", "triggerConstantContract", request, constantReply, out);
    }
  }

  private final class SolidityNode extends WalletSolidityGrpc.WalletSolidityImplBase {

    @Override
    public void getTransactionInfoById(
        GrpcAPI.BytesMessage request, StreamObserver<Response.TransactionInfo> out) {
      answer(
          "solidity",
          "getTransactionInfoById",
          request,
          solidInfos.getOrDefault(
              request.getValue(), Response.TransactionInfo.getDefaultInstance()),
          out);
    }

    @Override
    public void getTransactionById(
        GrpcAPI.BytesMessage request, StreamObserver<Chain.Transaction> out) {
      answer(
          "solidity",
          "getTransactionById",
          request,
          solidTransactions.getOrDefault(
              request.getValue(), Chain.Transaction.getDefaultInstance()),
          out);
    }
  }
}
