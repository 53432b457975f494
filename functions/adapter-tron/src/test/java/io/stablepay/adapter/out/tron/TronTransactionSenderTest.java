package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Response;
import org.tron.trident.utils.Base58Check;

/**
 * Signing and broadcasting through trident's generated gRPC stubs against {@link FakeTronNode},
 * which answers from recorded responses. Nothing reaches a Tron network.
 */
class TronTransactionSenderTest {

  private static final String RECIPIENT = "THGb41mLdft1nvi27vcijfZPLN5ZL7yXoN";
  private static final String API_KEY = "test-api-key";
  private static final long BLOCK_TIME =
      TronFixtures.read("now-block", Response.BlockExtention.getDefaultInstance())
          .getBlockHeader()
          .getRawData()
          .getTimestamp();

  private final TestKeySigner signer = new TestKeySigner();
  private final TronSettings settings = new TronSettings();
  private final TronNodes nodes = new TronNodes(settings);
  private FakeTronNode node;
  private Network nile;
  private TronTransactionSender sender;

  @BeforeEach
  void startNode() {
    node = FakeTronNode.start();
    settings.setSolidityEndpoint(node.solidityNode());
    settings.setApiKey(API_KEY);
    nile = TronNetworks.nile(node.fullNode());
    sender = senderAt(BLOCK_TIME + 1_500);
  }

  @AfterEach
  void stopNode() {
    nodes.close();
    node.close();
  }

  private TronTransactionSender senderAt(long millis) {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    return new TronTransactionSender(nodes, signer, settings, clock);
  }

  private TransferOrder order() {
    return new TransferOrder(
        "alias/stablepay-tron-hot",
        signer.address(),
        TronNetworks.USDT,
        RECIPIENT,
        BigInteger.valueOf(25_000_000),
        0,
        new TxFees.Tron(BigInteger.valueOf(30_000_000)));
  }

  private static byte[] txid(SignedTransfer signed) {
    return HexFormat.of().parseHex(signed.hash().value());
  }

  @Test
  void signsAgainstTheFullNodesLatestBlockAndSendsNothing() throws Exception {
    SignedTransfer signed = sender.sign(nile, order());

    assertThat(node.received())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.node()).isEqualTo("full");
              assertThat(request.method()).isEqualTo("getNowBlock2");
              assertThat(request.apiKey()).isEqualTo(API_KEY);
            });
    Chain.Transaction transaction = Chain.Transaction.parseFrom(signed.raw());
    assertThat(HexFormat.of().formatHex(transaction.getRawData().getRefBlockHash().toByteArray()))
        .isEqualTo("52bfa4b2814f816f");
    assertThat(signed.expiresAt()).isEqualTo(Instant.ofEpochMilli(BLOCK_TIME + 60_000));
    assertThat(
            SignatureValidator.verify(
                txid(signed),
                transaction.getSignature(0).toByteArray(),
                Base58Check.base58ToBytes(signer.address())))
        .isTrue();
  }

  @Test
  void aNodeWhoseLatestBlockIsOlderThanTheExpiryWindowIsNotSignedAgainst() {
    TronTransactionSender late = senderAt(BLOCK_TIME + 61_000);

    assertThatThrownBy(() -> late.sign(nile, order()))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("not in sync");
    assertThat(signer.requests()).isEmpty();
  }

  @Test
  void aNodeWithoutALatestBlockIsUnavailable() {
    node.answerLatestBlockWith(Response.BlockExtention.getDefaultInstance());

    assertThatThrownBy(() -> sender.sign(nile, order()))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("no latest block");
  }

  @Test
  void broadcastSendsTheSignedBytesAndAnAcceptedTransactionIsAccepted() {
    SignedTransfer signed = sender.sign(nile, order());

    BroadcastResult result = sender.broadcast(nile, signed);

    assertThat(result).isEqualTo(BroadcastResult.accepted());
    assertThat(node.received("full", "broadcastTransaction"))
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.request().toByteArray()).isEqualTo(signed.raw());
              assertThat(request.apiKey()).isEqualTo(API_KEY);
            });
  }

  @Test
  void aTransactionTheNodeAlreadyHasIsKnown() {
    node.answerBroadcastWith("broadcast-dup");

    assertThat(sender.broadcast(nile, sender.sign(nile, order())))
        .isEqualTo(BroadcastResult.known());
  }

  @Test
  void aRefusalIsRejectedWithTheNodesCodeAndMessage() {
    node.answerBroadcastWith("broadcast-sigerror");
    SignedTransfer signed = sender.sign(nile, order());

    BroadcastResult result = sender.broadcast(nile, signed);

    assertThat(result.outcome()).isEqualTo(BroadcastResult.Outcome.REJECTED);
    assertThat(result.reason())
        .startsWith("SIGERROR: Validate signature error: trans sig validate failed");
    // before calling it rejected, the node was asked whether it has the transaction anyway
    assertThat(node.received("full", "getTransactionById"))
        .singleElement()
        .satisfies(
            request ->
                assertThat(((GrpcAPI.BytesMessage) request.request()).getValue().toByteArray())
                    .isEqualTo(txid(signed)));
  }

  @Test
  void anExpiredTransactionTheNodeDoesNotHaveIsRejected() {
    node.answerBroadcastWith("broadcast-expired");

    BroadcastResult result = sender.broadcast(nile, sender.sign(nile, order()));

    assertThat(result)
        .isEqualTo(BroadcastResult.rejected("TRANSACTION_EXPIRATION_ERROR: Transaction expired"));
  }

  @Test
  void anExpiredTransactionTheNodeHasInABlockIsKnown() throws Exception {
    node.answerBroadcastWith("broadcast-expired");
    SignedTransfer signed = sender.sign(nile, order());
    node.holdOnFullNode(Chain.Transaction.parseFrom(signed.raw()));

    assertThat(sender.broadcast(nile, signed)).isEqualTo(BroadcastResult.known());
  }

  @Test
  void aBusyNodeIsUnavailableSoTheSameBytesAreSentAgain() {
    node.answerBroadcastWith("broadcast-busy");

    assertThatThrownBy(() -> sender.broadcast(nile, sender.sign(nile, order())))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("SERVER_BUSY");
  }

  @Test
  void aStoppedNodeIsUnavailableAndItsAddressIsNotInTheMessage() {
    SignedTransfer signed = sender.sign(nile, order());
    String port = node.fullNode().substring(node.fullNode().indexOf(':') + 1);
    node.close();

    for (Runnable call :
        new Runnable[] {() -> sender.broadcast(nile, signed), () -> sender.sign(nile, order())}) {
      assertThatThrownBy(call::run)
          .isInstanceOf(ChainUnavailableException.class)
          .hasMessage("the TRON node did not answer: UNAVAILABLE")
          .message()
          .doesNotContain("127.0.0.1")
          .doesNotContain(port);
    }
  }

  @Test
  void aNetworkWithoutANodeIsUnavailable() {
    SignedTransfer signed = sender.sign(nile, order());
    Network noNode = TronNetworks.nile(null);

    assertThatThrownBy(() -> sender.sign(noNode, order()))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
    assertThatThrownBy(() -> sender.broadcast(noNode, signed))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
  }

  @Test
  void bytesThatAreNotTheNamedTransactionAreNotSent() {
    SignedTransfer signed = sender.sign(nile, order());
    SignedTransfer mislabelled =
        new SignedTransfer(new TxHash("ab".repeat(32)), signed.raw(), signed.expiresAt());
    SignedTransfer garbage = new SignedTransfer(signed.hash(), new byte[] {1, 2, 3}, null);

    assertThatThrownBy(() -> sender.broadcast(nile, mislabelled))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another transaction");
    assertThatThrownBy(() -> sender.broadcast(nile, garbage))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(node.received("full", "broadcastTransaction")).isEmpty();
  }

  @Test
  void tronHasNoNonces() {
    assertThat(sender.family()).isEqualTo(ChainFamily.TRON);
    assertThat(sender.transactionCount(nile, signer.address(), true)).isZero();
    assertThat(node.received()).isEmpty();
  }
}
