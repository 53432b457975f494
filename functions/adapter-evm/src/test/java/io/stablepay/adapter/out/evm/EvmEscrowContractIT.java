package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.contracts.wrappers.Escrow;
import io.stablepay.contracts.wrappers.TestStablecoin;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.port.out.DigestSigner;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * The Escrow contract's call data against the real contract on anvil: sent from the chain's
 * unlocked dev accounts (the node signs), it approves, funds, releases and refunds escrows, and the
 * adapter reads back what the contract stores. Also a contract call built and signed by {@link
 * EvmTransactionSender#signCall} through the custody port, mined with the key as sender.
 */
class EvmEscrowContractIT {

  private static final long CHAIN_ID = 31337;
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(300_000);
  private static final BigInteger AMOUNT = BigInteger.valueOf(100_000_000); // 100 USDT

  private static AnvilNode anvil;
  private static Web3j web3j;
  private static Network network;
  private static Token usdt;
  private static String escrow;
  private static String depositor;
  private static String beneficiary;
  private static String arbiter;
  private static final EvmNodes nodes = new EvmNodes();
  private static final EvmEscrowContract contract = new EvmEscrowContract(nodes);

  @BeforeAll
  static void deploy() throws Exception {
    anvil = AnvilNode.startWithoutIntervalMining(CHAIN_ID);
    web3j = anvil.web3j();
    List<String> accounts = LocalContracts.accounts(web3j);
    depositor = Keys.toChecksumAddress(accounts.get(1));
    beneficiary = Keys.toChecksumAddress(accounts.get(2));
    arbiter = Keys.toChecksumAddress(accounts.get(3));
    Map<String, String> tokens = TokenDeployer.deployStablecoins(web3j);
    escrow =
        Keys.toChecksumAddress(
            Escrow.deploy(web3j, LocalContracts.account(web3j, 0), LocalContracts.GAS)
                .send()
                .getContractAddress());
    network =
        new Network(
            NetworkId.ETHEREUM,
            "Ethereum (anvil)",
            ChainFamily.EVM,
            CHAIN_ID,
            "ETH",
            1,
            1,
            null,
            List.of(new Token(Asset.USDT, tokens.get("USDT"), 6)),
            anvil.rpcUrl(),
            Map.of());
    usdt = network.token(Asset.USDT).orElseThrow();
  }

  @AfterAll
  static void stop() {
    nodes.close();
    anvil.close();
  }

  @Test
  void theOnchainIdIsTheKeccakOfThePrefixedIdOneWordLong() {
    String id = contract.onchainId("esc-42");

    assertThat(id)
        .matches("0x[0-9a-f]{64}")
        .isEqualTo(contract.onchainId("esc-42"))
        .isEqualTo(Hash.sha3String("stablepay:escrow:esc-42"))
        .isNotEqualTo(contract.onchainId("esc-43"));
  }

  @Test
  void anEscrowIsFundedAndReleasedByItsDepositor() throws Exception {
    String id = "esc-release";
    TokenDeployer.mint(web3j, usdt.address(), depositor, AMOUNT);
    assertThat(contract.allowance(network, usdt, depositor, escrow)).isZero();

    send(depositor, usdt.address(), contract.approveCall(escrow, AMOUNT));
    assertThat(contract.allowance(network, usdt, depositor, escrow)).isEqualTo(AMOUNT);

    String create = contract.createCall(id, usdt.address(), beneficiary, AMOUNT, arbiter);
    assertThat(contract.estimateGas(network, depositor, escrow, create)).isPositive();
    BigInteger held = balance(escrow);
    send(depositor, escrow, create);

    assertThat(contract.deal(network, escrow, id))
        .isEqualTo(
            new OnchainDeal(
                OnchainDeal.Status.PENDING,
                depositor,
                beneficiary,
                arbiter,
                usdt.address(),
                AMOUNT,
                false));
    assertThat(balance(escrow).subtract(held)).isEqualTo(AMOUNT);
    assertThat(contract.allowance(network, usdt, depositor, escrow)).isZero();
    // the wrapper, generated from the contract's ABI, finds the escrow under the same id
    assertThat(
            escrowAs(0)
                .getEscrow(Numeric.hexStringToByteArray(contract.onchainId(id)))
                .send()
                .amount)
        .isEqualTo(AMOUNT);

    BigInteger paid = balance(beneficiary);
    send(depositor, escrow, contract.releaseCall(id));

    assertThat(balance(beneficiary).subtract(paid)).isEqualTo(AMOUNT);
    assertThat(balance(escrow)).isEqualTo(held);
    assertThat(contract.deal(network, escrow, id).status()).isEqualTo(OnchainDeal.Status.RELEASED);
  }

  @Test
  void aDisputedEscrowIsRefundedByItsArbiter() throws Exception {
    String id = "esc-refund";
    TokenDeployer.mint(web3j, usdt.address(), depositor, AMOUNT);
    send(depositor, usdt.address(), contract.approveCall(escrow, AMOUNT));
    send(depositor, escrow, contract.createCall(id, usdt.address(), beneficiary, AMOUNT, arbiter));
    // the port has no dispute call: the beneficiary disputes through the generated wrapper
    escrowAs(2).dispute(Numeric.hexStringToByteArray(contract.onchainId(id))).send();
    assertThat(contract.deal(network, escrow, id).disputed()).isTrue();
    BigInteger kept = balance(depositor);
    BigInteger paid = balance(beneficiary);

    send(arbiter, escrow, contract.refundCall(id));

    assertThat(balance(depositor).subtract(kept)).isEqualTo(AMOUNT);
    assertThat(balance(beneficiary)).isEqualTo(paid);
    OnchainDeal deal = contract.deal(network, escrow, id);
    assertThat(deal.status()).isEqualTo(OnchainDeal.Status.REFUNDED);
    assertThat(deal.depositor()).isEqualTo(depositor);
    assertThat(deal.amount()).isEqualTo(AMOUNT);
    assertThat(deal.disputed()).isTrue();
  }

  @Test
  void callsThatWouldRevertFailTheirEstimate() {
    String funded = Keys.toChecksumAddress(LocalContracts.accounts(web3j).get(4));
    TokenDeployer.mint(web3j, usdt.address(), funded, AMOUNT);

    assertThatThrownBy(
            () ->
                contract.estimateGas(
                    network, depositor, escrow, contract.releaseCall("esc-never-created")))
        .isInstanceOf(TransferWouldFailException.class)
        .hasMessageContaining("revert");
    // the tokens are there but the escrow may not take them: nothing was approved
    assertThatThrownBy(
            () ->
                contract.estimateGas(
                    network,
                    funded,
                    escrow,
                    contract.createCall(
                        "esc-no-allowance", usdt.address(), beneficiary, AMOUNT, arbiter)))
        .isInstanceOf(TransferWouldFailException.class)
        .hasMessageContaining("revert");
  }

  @Test
  void anUnknownEscrowIsNone() {
    OnchainDeal deal = contract.deal(network, escrow, "esc-never-created");

    assertThat(deal.status()).isEqualTo(OnchainDeal.Status.NONE);
    assertThat(deal.depositor()).isNull();
    assertThat(deal.amount()).isZero();
    assertThat(deal.disputed()).isFalse();
  }

  @Test
  void callDataRefusesWhatIsNotAnAddress() {
    assertThatThrownBy(
            () -> contract.createCall("esc-x", usdt.address(), "0x1234", AMOUNT, arbiter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beneficiary");
    assertThatThrownBy(() -> contract.approveCall("0x" + "0".repeat(40), AMOUNT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCallSignedThroughTheCustodyPortIsMinedAndTakesEffect() throws Exception {
    ECKeyPair key = Keys.createEcKeyPair();
    String owner = Keys.toChecksumAddress(Keys.getAddress(key));
    EvmTransactionSender sender =
        new EvmTransactionSender(nodes, new EvmTransactionSigner(testSigner(key)));
    new Transfer(web3j, LocalContracts.account(web3j, 0))
        .sendFunds(owner, BigDecimal.ONE, Convert.Unit.ETHER)
        .send();
    BigInteger gwei = Convert.toWei("1", Convert.Unit.GWEI).toBigInteger();
    CallOrder order =
        new CallOrder(
            "test-key",
            owner,
            usdt.address(),
            contract.approveCall(escrow, AMOUNT),
            0,
            new TxFees.Eip1559(
                BigInteger.valueOf(100_000), gwei.multiply(BigInteger.valueOf(20)), gwei));

    SignedTransfer signed = sender.signCall(network, order);

    assertThat(sender.broadcast(network, signed).outcome())
        .isEqualTo(BroadcastResult.Outcome.ACCEPTED);
    TransactionReceipt receipt = receipt(signed.hash().value());
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(receipt.getFrom()).isEqualToIgnoringCase(owner);
    assertThat(receipt.getTo()).isEqualToIgnoringCase(usdt.address());
    assertThat(contract.allowance(network, usdt, owner, escrow)).isEqualTo(AMOUNT);
  }

  /** Signs with {@code key} in this process, as KMS would with a key it keeps. Tests only. */
  private static DigestSigner testSigner(ECKeyPair key) {
    return (keyId, digest) -> {
      Sign.SignatureData signature = Sign.signMessage(digest, key, false);
      return new Secp256k1Signature(
          Numeric.toBigInt(signature.getR()),
          Numeric.toBigInt(signature.getS()),
          signature.getV()[0] - 27);
    };
  }

  /** Sent from an unlocked dev account with a fixed gas limit; fails the test if it reverts. */
  private static void send(String from, String to, String data) throws Exception {
    EthSendTransaction sent =
        web3j
            .ethSendTransaction(
                Transaction.createFunctionCallTransaction(from, null, null, GAS_LIMIT, to, data))
            .send();
    assertThat(sent.hasError()).as(() -> sent.getError().getMessage()).isFalse();
    assertThat(receipt(sent.getTransactionHash()).isStatusOK())
        .as("%s to %s reverted", data, to)
        .isTrue();
  }

  private static TransactionReceipt receipt(String hash) throws Exception {
    return new PollingTransactionReceiptProcessor(web3j, 100, 100).waitForTransactionReceipt(hash);
  }

  private static BigInteger balance(String holder) throws Exception {
    return TestStablecoin.load(
            usdt.address(), web3j, LocalContracts.account(web3j, 0), LocalContracts.GAS)
        .balanceOf(holder)
        .send();
  }

  private static Escrow escrowAs(int account) {
    return Escrow.load(escrow, web3j, LocalContracts.account(web3j, account), LocalContracts.GAS);
  }
}
