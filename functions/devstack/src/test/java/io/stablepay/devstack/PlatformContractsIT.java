package io.stablepay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.contracts.ContractSuite;
import io.stablepay.contracts.wrappers.Escrow;
import io.stablepay.contracts.wrappers.MultiSigWallet;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.TestStablecoin;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/**
 * The deployed suite on a real anvil chain, driven through the generated web3j wrappers the
 * functions use: a gateway payment emits its reference, an escrow ends exactly once, and the
 * treasury multisig moves funds only with two of its three owners.
 */
class PlatformContractsIT {

  private static final BigInteger HUNDRED_USDT = BigInteger.valueOf(100_000_000);

  private static AnvilNode anvil;
  private static Web3j web3j;
  private static List<String> accounts;
  private static String usdt;
  private static Map<String, String> contracts;

  @BeforeAll
  static void deploy() {
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    web3j = anvil.web3j();
    accounts = LocalContracts.accounts(web3j);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(web3j);
    usdt = tokens.get("USDT");
    contracts = LocalContracts.deploy(web3j, tokens.values(), List.of(31338L));
  }

  @AfterAll
  static void stop() {
    anvil.close();
  }

  @Test
  void everyContractIsDeployedWithCode() throws Exception {
    assertThat(contracts)
        .containsOnlyKeys(
            ContractSuite.TREASURY,
            ContractSuite.GATEWAY,
            ContractSuite.ESCROW,
            ContractSuite.SUBSCRIPTION,
            ContractSuite.BRIDGE);
    for (String address : contracts.values()) {
      String code =
          web3j
              .ethGetCode(address, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
              .send()
              .getCode();
      assertThat(code).as(address).hasSizeGreaterThan(2);
    }
  }

  @Test
  void aGatewayPaymentEmitsPaymentCompletedWithItsReference() throws Exception {
    String payer = accounts.get(7);
    TokenDeployer.mint(web3j, usdt, payer, HUNDRED_USDT);
    token(7).approve(contracts.get(ContractSuite.GATEWAY), HUNDRED_USDT).send();
    byte[] ref = Hash.sha3("merchant-7/order-1001".getBytes(StandardCharsets.UTF_8));
    BigInteger vaultBefore = balance(contracts.get(ContractSuite.TREASURY));

    TransactionReceipt receipt = gateway(7).pay(ref, usdt, BigInteger.valueOf(25_000_000)).send();

    List<PaymentGateway.PaymentCompletedEventResponse> events =
        PaymentGateway.getPaymentCompletedEvents(receipt);
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.paymentRef).isEqualTo(ref);
              assertThat(event.payer).isEqualToIgnoringCase(payer);
              assertThat(event.token).isEqualToIgnoringCase(usdt);
              assertThat(event.amount).isEqualTo(BigInteger.valueOf(25_000_000));
            });
    assertThat(balance(contracts.get(ContractSuite.TREASURY)).subtract(vaultBefore))
        .isEqualTo(BigInteger.valueOf(25_000_000));
    assertThat(balance(contracts.get(ContractSuite.GATEWAY))).isZero();
  }

  @Test
  void aGatewayPaymentInAnUnlistedTokenReverts() throws Exception {
    String other = TokenDeployer.deployStablecoins(web3j).get("USDT");
    byte[] ref = Hash.sha3("merchant-7/order-1002".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> gateway(7).pay(ref, other, BigInteger.ONE).send())
        .isInstanceOf(TransactionException.class);
  }

  @Test
  void anEscrowIsReleasedExactlyOnce() throws Exception {
    byte[] id = fundEscrow("escrow-release", 8);

    escrow(7).release(id).send();

    assertThat(balance(accounts.get(8))).isEqualTo(HUNDRED_USDT);
    assertThatThrownBy(() -> escrow(0).release(id).send()).isInstanceOf(TransactionException.class);
    assertThatThrownBy(() -> escrow(8).refund(id).send()).isInstanceOf(TransactionException.class);
    assertThat(balance(accounts.get(8))).isEqualTo(HUNDRED_USDT);
    assertThat(escrow(0).getEscrow(id).send().status).isEqualTo(BigInteger.TWO); // RELEASED
  }

  @Test
  void anEscrowIsRefundedExactlyOnce() throws Exception {
    byte[] id = fundEscrow("escrow-refund", 9);
    BigInteger depositorBefore = balance(accounts.get(7));

    escrow(9).refund(id).send();

    assertThat(balance(accounts.get(7)).subtract(depositorBefore)).isEqualTo(HUNDRED_USDT);
    assertThatThrownBy(() -> escrow(0).refund(id).send()).isInstanceOf(TransactionException.class);
    assertThatThrownBy(() -> escrow(7).release(id).send()).isInstanceOf(TransactionException.class);
    assertThat(balance(accounts.get(9))).isZero();
    assertThat(escrow(0).getEscrow(id).send().status).isEqualTo(BigInteger.valueOf(3)); // REFUNDED
  }

  @Test
  void theTreasuryMultisigNeedsTwoOfItsThreeOwners() throws Exception {
    String treasury = contracts.get(ContractSuite.TREASURY);
    String recipient = "0x000000000000000000000000000000000000bEEF";
    TokenDeployer.mint(web3j, usdt, treasury, HUNDRED_USDT);
    BigInteger treasuryBefore = balance(treasury);
    String transfer =
        FunctionEncoder.encode(
            new Function(
                "transfer", List.of(new Address(recipient), new Uint256(HUNDRED_USDT)), List.of()));

    TransactionReceipt proposed =
        multisig(1)
            .propose(usdt, BigInteger.ZERO, org.web3j.utils.Numeric.hexStringToByteArray(transfer))
            .send();
    byte[] txId = MultiSigWallet.getProposedEvents(proposed).getFirst().txId;

    assertThat(multisig(0).confirmations(txId).send()).isEqualTo(BigInteger.ONE);
    assertThatThrownBy(() -> multisig(1).execute(txId).send())
        .isInstanceOf(TransactionException.class);
    assertThat(balance(recipient)).isZero();

    multisig(2).confirm(txId).send();
    multisig(3).execute(txId).send();

    assertThat(balance(recipient)).isEqualTo(HUNDRED_USDT);
    assertThat(treasuryBefore.subtract(balance(treasury))).isEqualTo(HUNDRED_USDT);
    assertThatThrownBy(() -> multisig(1).execute(txId).send())
        .isInstanceOf(TransactionException.class);
  }

  @Test
  void aStrangerCannotConfirmForTheTreasury() throws Exception {
    TransactionReceipt proposed =
        multisig(1).propose(accounts.get(9), BigInteger.ZERO, new byte[0]).send();
    byte[] txId = MultiSigWallet.getProposedEvents(proposed).getFirst().txId;

    assertThatThrownBy(() -> multisig(8).confirm(txId).send())
        .isInstanceOf(TransactionException.class);
    assertThat(multisig(0).confirmations(txId).send()).isEqualTo(BigInteger.ONE);
  }

  private byte[] fundEscrow(String name, int beneficiary) throws Exception {
    TokenDeployer.mint(web3j, usdt, accounts.get(7), HUNDRED_USDT);
    token(7).approve(contracts.get(ContractSuite.ESCROW), HUNDRED_USDT).send();
    byte[] id = Hash.sha3(name.getBytes(StandardCharsets.UTF_8));
    escrow(7)
        .createEscrow(
            id, usdt, accounts.get(beneficiary), HUNDRED_USDT, BigInteger.ZERO, accounts.get(0))
        .send();
    assertThat(balance(contracts.get(ContractSuite.ESCROW))).isGreaterThanOrEqualTo(HUNDRED_USDT);
    return id;
  }

  private static TestStablecoin token(int account) {
    return TestStablecoin.load(
        usdt, web3j, LocalContracts.account(web3j, account), LocalContracts.GAS);
  }

  private static PaymentGateway gateway(int account) {
    return PaymentGateway.load(
        contracts.get(ContractSuite.GATEWAY),
        web3j,
        LocalContracts.account(web3j, account),
        LocalContracts.GAS);
  }

  private static Escrow escrow(int account) {
    return Escrow.load(
        contracts.get(ContractSuite.ESCROW),
        web3j,
        LocalContracts.account(web3j, account),
        LocalContracts.GAS);
  }

  private static MultiSigWallet multisig(int account) {
    return MultiSigWallet.load(
        contracts.get(ContractSuite.TREASURY),
        web3j,
        LocalContracts.account(web3j, account),
        LocalContracts.GAS);
  }

  private static BigInteger balance(String owner) throws Exception {
    return token(0).balanceOf(owner).send();
  }
}
