package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import java.math.BigInteger;
import java.time.Clock;
import java.util.HexFormat;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;
import org.tron.trident.utils.Base58Check;

/**
 * The rail's node reads through trident's generated gRPC stubs against {@link FakeTronNode}, which
 * answers from recorded responses: confirmation on the solidity node, balances on the full node.
 */
class TronRailNodeTest {

  private static final Chain.Transaction RECORDED_TRANSFER =
      TronFixtures.read("transaction-success", Chain.Transaction.getDefaultInstance());
  private static final Response.TransactionInfo RECORDED_RECEIPT =
      TronFixtures.read("transaction-info-success", Response.TransactionInfo.getDefaultInstance());
  private static final Chain.Transaction REVERTED =
      TronFixtures.read("transaction-revert", Chain.Transaction.getDefaultInstance());
  private static final Response.TransactionInfo REVERTED_RECEIPT =
      TronFixtures.read("transaction-info-revert", Response.TransactionInfo.getDefaultInstance());
  private static final String SENDER = "TGexEkipwwnskd2rDXWvptwLLhjCTcNeCi";
  private static final String RECIPIENT = "THGb41mLdft1nvi27vcijfZPLN5ZL7yXoN";
  private static final Token USDT = TronNetworks.USDT;

  private final TronSettings settings = new TronSettings();
  private final TronNodes nodes = new TronNodes(settings);
  private final TronRail rail = new TronRail(settings, nodes, Clock.systemUTC());
  private FakeTronNode node;
  private Network nile;

  @BeforeEach
  void startNode() {
    node = FakeTronNode.start();
    settings.setSolidityEndpoint(node.solidityNode());
    nile = TronNetworks.nile(node.fullNode());
  }

  @AfterEach
  void stopNode() {
    nodes.close();
    node.close();
  }

  private static TxHash hash(Chain.Transaction transaction) {
    return TxHash.of(
        HexFormat.of().formatHex(FakeTronNode.id(transaction).toByteArray()), ChainFamily.TRON);
  }

  @Test
  void aSolidifiedTransferIsAFinalSuccessWithItsTransferEvent() {
    node.solidify(RECORDED_TRANSFER, RECORDED_RECEIPT);
    TxHash hash = hash(RECORDED_TRANSFER);

    ChainTransaction found = rail.transaction(nile, hash);

    assertThat(hash.value())
        .isEqualTo("c70b20da8cb8d96a99c1aceb283412acb9dea313a9e467178431a3c6ae8b9f08");
    assertThat(found.status()).isEqualTo(TxStatus.SUCCESS);
    assertThat(found.hash()).isEqualTo(hash);
    assertThat(found.blockNumber()).isEqualTo(65_571_547L);
    assertThat(found.confirmations()).isEqualTo(19);
    assertThat(found.requiredConfirmations()).isEqualTo(19);
    assertThat(found.finalized()).isTrue();
    assertThat(found.from()).isEqualTo(SENDER);
    assertThat(found.to()).isEqualTo(USDT.address());
    assertThat(found.transfers())
        .containsExactly(
            new TokenTransfer(USDT.address(), USDT, SENDER, RECIPIENT, BigInteger.ONE));
    assertThat(found.transfers().get(0).decimalAmount()).isEqualTo("0.000001");
    assertThat(node.received("solidity", "getTransactionInfoById"))
        .singleElement()
        .satisfies(
            request ->
                assertThat(((GrpcAPI.BytesMessage) request.request()).getValue().toByteArray())
                    .isEqualTo(HexFormat.of().parseHex(hash.value())));
    assertThat(node.received("full", "getTransactionById")).isEmpty();
  }

  @Test
  void aRevertedTransferIsFailedWithoutTransfers() {
    node.solidify(REVERTED, REVERTED_RECEIPT);

    ChainTransaction found = rail.transaction(nile, hash(REVERTED));

    assertThat(found.status()).isEqualTo(TxStatus.FAILED);
    assertThat(found.blockNumber()).isEqualTo(66_987_567L);
    assertThat(found.finalized()).isFalse();
    assertThat(found.from()).isEqualTo("TCpx8iDTCCb2ceiMB2QMfYWPohVYz8ar2J");
    assertThat(found.to()).isEqualTo(USDT.address());
    assertThat(found.transfers()).isEmpty();
  }

  @Test
  void aContractThatRanOutOfEnergyIsFailed() {
    Response.TransactionInfo outOfEnergy =
        RECORDED_RECEIPT.toBuilder()
            .setReceipt(
                RECORDED_RECEIPT.getReceipt().toBuilder()
                    .setResult(Chain.Transaction.Result.contractResult.OUT_OF_ENERGY))
            .clearLog()
            .build();
    node.solidify(RECORDED_TRANSFER, outOfEnergy);

    assertThat(rail.transaction(nile, hash(RECORDED_TRANSFER)).status()).isEqualTo(TxStatus.FAILED);
  }

  @Test
  void aSolidifiedTrxTransferHasNoContractResultAndSucceeds() {
    TransferContract payment =
        TransferContract.newBuilder()
            .setOwnerAddress(ByteString.copyFrom(Base58Check.base58ToBytes(SENDER)))
            .setToAddress(ByteString.copyFrom(Base58Check.base58ToBytes(RECIPIENT)))
            .setAmount(1_000_000)
            .build();
    Chain.Transaction transaction =
        RECORDED_TRANSFER.toBuilder()
            .setRawData(
                RECORDED_TRANSFER.getRawData().toBuilder()
                    .clearFeeLimit()
                    .setContract(
                        0,
                        Chain.Transaction.Contract.newBuilder()
                            .setType(Chain.Transaction.Contract.ContractType.TransferContract)
                            .setParameter(Any.pack(payment))))
            .build();
    Response.TransactionInfo receipt =
        Response.TransactionInfo.newBuilder()
            .setId(FakeTronNode.id(transaction))
            .setBlockNumber(65_571_547L)
            .setReceipt(Response.ResourceReceipt.newBuilder().setNetUsage(267))
            .build();
    node.solidify(transaction, receipt);

    ChainTransaction found = rail.transaction(nile, hash(transaction));

    assertThat(found.status()).isEqualTo(TxStatus.SUCCESS);
    assertThat(found.from()).isEqualTo(SENDER);
    assertThat(found.to()).isEqualTo(RECIPIENT);
    assertThat(found.transfers()).isEmpty();
  }

  @Test
  void aTransactionOnlyTheFullNodeHasIsPending() {
    node.holdOnFullNode(RECORDED_TRANSFER);

    ChainTransaction found = rail.transaction(nile, hash(RECORDED_TRANSFER));

    assertThat(found.status()).isEqualTo(TxStatus.PENDING);
    assertThat(found.blockNumber()).isNull();
    assertThat(found.confirmations()).isZero();
    assertThat(found.from()).isEqualTo(SENDER);
    assertThat(found.to()).isEqualTo(USDT.address());
    assertThat(node.received())
        .extracting(FakeTronNode.Received::node, FakeTronNode.Received::method)
        .containsExactly(
            Tuple.tuple("solidity", "getTransactionInfoById"),
            Tuple.tuple("full", "getTransactionById"));
  }

  @Test
  void aTransactionNeitherNodeHasIsNotFound() {
    TxHash unknown = hash(REVERTED);

    ChainTransaction found = rail.transaction(nile, unknown);

    assertThat(found).isEqualTo(ChainTransaction.notFound(nile, unknown));
  }

  @Test
  void theTokenBalanceIsBalanceOfRunAsAConstantCall() {
    BigInteger balance = rail.tokenBalance(nile, USDT, SENDER);

    assertThat(balance).isEqualTo(new BigInteger("12500000000"));
    assertThat(node.received("full", "triggerConstantContract"))
        .singleElement()
        .satisfies(
            request -> {
              TriggerSmartContract call = (TriggerSmartContract) request.request();
              assertThat(call.getContractAddress().toByteArray())
                  .isEqualTo(Base58Check.base58ToBytes(USDT.address()));
              assertThat(call.getOwnerAddress().toByteArray())
                  .isEqualTo(Base58Check.base58ToBytes(SENDER));
              assertThat(HexFormat.of().formatHex(call.getData().toByteArray()))
                  .isEqualTo(
                      "70a08231"
                          + "000000000000000000000000495511a493d8c362be4267224e6d81013a6862ee");
            });
  }

  @Test
  void aTokenBalanceFromAnAddressWithoutAContractIsUnavailable() {
    node.answerConstantCallsWith("balance-of-no-contract");

    assertThatThrownBy(() -> rail.tokenBalance(nile, USDT, SENDER))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("returned no USDT balance");
  }

  @Test
  void theNativeBalanceIsTheAccountsSunAndZeroForAnAccountNeverActivated() {
    node.account(TronFixtures.read("account", Response.Account.getDefaultInstance()));

    assertThat(rail.nativeBalance(nile, SENDER)).isEqualTo(BigInteger.valueOf(2_015_236_160L));
    assertThat(rail.nativeBalance(nile, RECIPIENT)).isZero();
    assertThat(node.received("full", "getAccount"))
        .extracting(request -> ((GrpcAPI.AccountAddressMessage) request.request()).getAddress())
        .containsExactly(
            ByteString.copyFrom(Base58Check.base58ToBytes(SENDER)),
            ByteString.copyFrom(Base58Check.base58ToBytes(RECIPIENT)));
  }

  @Test
  void withoutANodeEveryReadIsUnavailable() {
    Network noNode = TronNetworks.nile(null);
    TxHash hash = hash(RECORDED_TRANSFER);

    assertThatThrownBy(() -> rail.transaction(noNode, hash))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
    assertThatThrownBy(() -> rail.tokenBalance(noNode, USDT, SENDER))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
    assertThatThrownBy(() -> rail.nativeBalance(noNode, SENDER))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("no node is configured for TRON");
  }

  @Test
  void aStoppedNodeIsUnavailable() {
    node.close();

    assertThatThrownBy(() -> rail.transaction(nile, hash(RECORDED_TRANSFER)))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessage("the TRON node did not answer: UNAVAILABLE");
    assertThatThrownBy(() -> rail.nativeBalance(nile, SENDER))
        .isInstanceOf(ChainUnavailableException.class);
  }

  @Test
  void healthIsUpWhenTheNodeAnswersAndDownWhenItDoesNot() {
    assertThat(rail.health(nile)).isEqualTo(ComponentHealth.up("chain:TRON"));
    assertThat(rail.health(TronNetworks.nile(null))).isEqualTo(ComponentHealth.up("chain:TRON"));

    node.close();

    ComponentHealth down = rail.health(nile);
    assertThat(down.up()).isFalse();
    assertThat(down.reason()).isEqualTo("the TRON node did not answer: UNAVAILABLE");
  }
}
