package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkNotServedException;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.UnknownNetworkException;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.escrow.OnchainEscrow.Phase;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.testing.FakeEscrowContract;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSender;
import io.stablepay.core.testing.FixedTreasuryKeys;
import io.stablepay.core.testing.MemoryAuditLog;
import io.stablepay.core.testing.MemoryEscrowStore;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryNonceStore;
import io.stablepay.core.testing.MemoryUserStore;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MemoryWorkflows;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingAlerts;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An on-chain escrow's calls to the Escrow contract, step by step, and what each outcome does. */
class OnchainEscrowsTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String TOKEN = "0x" + "d0".repeat(20);
  private static final String CONTRACT = "0x" + "e5".repeat(20);
  private static final String BENEFICIARY = "0x" + "b0".repeat(20);
  private static final String TREASURY = "0x" + "11".repeat(20);
  private static final String ARBITER = "0x" + "22".repeat(20);
  private static final Duration REPLACE_AFTER = Duration.ofMinutes(3);

  /** 25 USDT in the ledger's units (6 decimals). */
  private static final BigInteger AMOUNT = Asset.USDT.parseAmount("25");

  /** 25 USDT in the token's own units on this network (18 decimals). */
  private static final BigInteger ONCHAIN = new BigInteger("25000000000000000000");

  private static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  private final MutableClock clock = new MutableClock(NOW);
  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final FakeSender sender = new FakeSender();
  private final MemoryNonceStore nonces = new MemoryNonceStore();
  private final FakeEscrowContract contract = new FakeEscrowContract();
  private final FixedTreasuryKeys keys = new FixedTreasuryKeys();
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemoryEscrowStore store = new MemoryEscrowStore();
  private final MemoryLedger ledger = new MemoryLedger();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final NetworkRegistry registry =
      new NetworkRegistry(
          "test",
          List.of(
              network(
                  NetworkId.BSC, "http://127.0.0.1:1", Map.of(OnchainEscrows.CONTRACT, CONTRACT)),
              network(NetworkId.ETHEREUM, "http://127.0.0.1:2", Map.of()),
              network(NetworkId.POLYGON, null, Map.of(OnchainEscrows.CONTRACT, CONTRACT))));
  private final OnchainEscrows onchain =
      new OnchainEscrows(
          new EscrowPorts(
              store, ledger, new MemoryUserStore(), new MemoryWorkflows(), audit, alerts, clock),
          registry,
          List.of(rail),
          List.of(contract),
          keys,
          wallets,
          new OutgoingCalls(
              List.of(rail),
              List.of(sender),
              new NonceAllocator(nonces),
              alerts,
              new WithdrawalSettings(
                  Map.of(), 20, REPLACE_AFTER, 12, BigInteger.ONE, Duration.ofMinutes(2), 3),
              clock));

  OnchainEscrowsTest() {
    rail.feeQuote =
        new FeeQuote.Eip1559(
            NetworkId.BSC,
            100,
            BigInteger.TEN.pow(9),
            BigInteger.TEN.pow(9),
            BigInteger.TEN.pow(9).multiply(BigInteger.valueOf(3)),
            NOW);
    keys.add(NetworkId.BSC, TreasuryRole.TREASURY, 0x11);
    keys.add(NetworkId.BSC, TreasuryRole.GAS_TANK, 0x22);
    wallets.create(new Wallet("w-bob", "bob", "key-bob", BENEFICIARY, "T" + "b".repeat(33), NOW));
  }

  @Test
  void checkNamesTheNetworkOnlyWhereTheContractTheTokenAndTheBeneficiarysAddressAllAre() {
    assertThat(onchain.check(" Bsc", Asset.USDT, "bob")).isEqualTo(NetworkId.BSC);

    assertThatThrownBy(() -> onchain.check("ethereum", Asset.USDT, "bob"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("not held on-chain on ETHEREUM");
    assertThatThrownBy(() -> onchain.check("polygon", Asset.USDT, "bob"))
        .as("no node")
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> onchain.check("tron", Asset.USDT, "bob"))
        .isInstanceOf(NetworkNotServedException.class);
    assertThatThrownBy(() -> onchain.check("nowhere", Asset.USDT, "bob"))
        .isInstanceOf(UnknownNetworkException.class);
    assertThatThrownBy(() -> onchain.check("bsc", Asset.DAI, "bob"))
        .isInstanceOf(UnsupportedAssetException.class);
    assertThatThrownBy(() -> onchain.check("bsc", Asset.USDT, "carl"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no wallet");
  }

  @Test
  void theFirstStepApprovesTheContractFromTheTreasuryWhenItsAllowanceIsShort() {
    Escrow approving = onchain.advance(requested("esc_1", "bob"));

    OnchainEscrow chain = approving.onchain();
    assertThat(chain.phase()).isEqualTo(Phase.APPROVING);
    assertThat(
            List.of(
                chain.contract(),
                chain.token(),
                chain.beneficiary(),
                chain.depositor(),
                chain.arbiter()))
        .containsExactly(CONTRACT, TOKEN, BENEFICIARY, TREASURY, ARBITER);
    OutgoingCall call = chain.current();
    assertThat(List.of(call.purpose(), call.keyId(), call.from(), call.to()))
        .containsExactly("approve", "treasury-BSC", TREASURY, TOKEN);
    assertThat(FakeEscrowContract.read(call.data()))
        .as("an unlimited approval, once")
        .isEqualTo("approve:" + CONTRACT + ":" + UNLIMITED);
    assertThat(stored("esc_1")).isEqualTo(approving);
    assertThat(sender.broadcasts).containsExactly(call.latest().transfer());
  }

  @Test
  void aConfirmedApprovalIsFollowedByTheCreateCallForTheAmountInTheTokensOwnUnits() {
    Escrow approving = onchain.advance(requested("esc_1", "bob"));
    confirm(approving, TxStatus.SUCCESS);
    contract.allowances.put(FakeEscrowContract.allowanceKey(TOKEN, TREASURY, CONTRACT), UNLIMITED);

    Escrow funding = onchain.advance(stored("esc_1"));

    assertThat(funding.onchain().phase()).isEqualTo(Phase.FUNDING);
    assertThat(funding.onchain().calls())
        .extracting(OutgoingCall::purpose)
        .containsExactly("approve", "create");
    OutgoingCall create = funding.onchain().current();
    assertThat(create.nonce()).isEqualTo(approving.onchain().current().nonce() + 1);
    assertThat(List.of(create.from(), create.to())).containsExactly(TREASURY, CONTRACT);
    assertThat(FakeEscrowContract.read(create.data()))
        .isEqualTo(
            String.join(
                ":", "createEscrow", "esc_1", TOKEN, BENEFICIARY, ONCHAIN.toString(), ARBITER));
    assertThat(sender.broadcasts).last().isEqualTo(create.latest().transfer());
  }

  @Test
  void aConfirmedCreateTheContractHoldsAsAskedLocksTheEscrowAndBooksTheTokensIntoIt() {
    Escrow locked = locked("esc_1");

    assertThat(locked.onchain().phase()).isEqualTo(Phase.LOCKED);
    assertThat(stored("esc_1")).isEqualTo(locked);
    assertThat(ledger.posted(locked.fundTransferId())).isTrue();
    assertThat(ledger.balance(AccountId.escrowContract(NetworkId.BSC, Asset.USDT)))
        .isEqualTo(AMOUNT.negate());
    assertThat(ledger.balance(AccountId.treasury(NetworkId.BSC, Asset.USDT))).isEqualTo(AMOUNT);

    // nobody decided yet: a locked escrow is left as it is
    int signed = sender.signed.size();
    assertThat(onchain.advance(locked)).isEqualTo(locked);
    assertThat(sender.signed).hasSize(signed);
    assertThat(ledger.transfers()).isEqualTo(1);
  }

  @Test
  void aConfirmedCreateTheContractDoesNotHoldAsAskedIsLeftToAnOperatorOnceAndBooksNothing() {
    allowEnough();
    Escrow funding = onchain.advance(requested("esc_1", "bob"));
    confirm(funding, TxStatus.SUCCESS);
    contract.deals.put("esc_1", deal(OnchainDeal.Status.PENDING, ONCHAIN.add(BigInteger.ONE)));

    Escrow after = onchain.advance(funding);
    Escrow later = onchain.advance(stored("esc_1"));

    assertThat(alerts.kinds()).as("once").containsExactly("escrow-onchain-mismatch");
    // no further step looks at the chain for it: it goes on in the ledger only
    assertThat(after.onchain().phase()).isEqualTo(Phase.FAILED);
    assertThat(after.awaitsChain()).isFalse();
    assertThat(later).isEqualTo(after).isEqualTo(stored("esc_1"));
    assertThat(audit.actions()).containsExactly("escrow.onchain-failed");
    assertThat(ledger.transfers()).isZero();
  }

  @Test
  void aRevertedFundingFailsOverToTheLedgerWithAnAlertAndAnAuditEntry() {
    allowEnough();
    Escrow funding = onchain.advance(requested("esc_1", "bob"));
    confirm(funding, TxStatus.FAILED);

    Escrow failed = onchain.advance(funding);

    assertThat(failed.onchain().phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.onchain().failure()).startsWith("create reverted in 0x");
    assertThat(failed.awaitsChain()).isFalse();
    assertThat(stored("esc_1")).isEqualTo(failed);
    assertThat(alerts.kinds()).containsExactly("escrow-onchain-funding-failed");
    assertThat(audit.entries)
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.actor()).isEqualTo("chain");
              assertThat(entry.action()).isEqualTo("escrow.onchain-failed");
              assertThat(entry.detail()).containsEntry("reason", failed.onchain().failure());
            });
    assertThat(ledger.transfers()).isZero();
    assertThat(onchain.advance(failed)).isEqualTo(failed);
  }

  @Test
  void aDroppedFundingCallFailsTheFundingToo() {
    Escrow approving = onchain.advance(requested("esc_1", "bob"));
    clock.advance(REPLACE_AFTER.plusSeconds(1));
    sender.latest = approving.onchain().current().nonce() + 1;

    Escrow failed = onchain.advance(approving);

    assertThat(failed.onchain().phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.onchain().failure()).isEqualTo("approve was dropped");
    assertThat(alerts.kinds())
        .containsExactly("outgoing-call-dropped", "escrow-onchain-funding-failed");
  }

  @Test
  void withoutTheBeneficiarysWalletOrTheTreasurysFundsTheFundingFailsBeforeAnythingIsSent() {
    Escrow noWallet = onchain.advance(requested("esc_1", "carl"));
    allowEnough();
    contract.reverting.add("createEscrow");
    Escrow noFunds = onchain.advance(requested("esc_2", "bob"));

    assertThat(noWallet.onchain().failure())
        .isEqualTo("the network lacks the beneficiary's" + " wallet");
    assertThat(noFunds.onchain().failure())
        .isEqualTo("the treasury cannot fund it: execution reverted");
    assertThat(List.of(noWallet.onchain().phase(), noFunds.onchain().phase()))
        .containsOnly(Phase.FAILED);
    assertThat(sender.signed).isEmpty();
    assertThat(sender.broadcasts).isEmpty();
    assertThat(alerts.kinds())
        .containsExactly("escrow-onchain-funding-failed", "escrow-onchain-funding-failed");
  }

  @Test
  void aDecidedReleaseIsSentByTheArbiterAndItsConfirmationSettlesTheEscrow() {
    Escrow decided = decided("esc_1", Decision.RELEASE, AMOUNT);

    Escrow settling = onchain.advance(decided);

    OutgoingCall release = settling.onchain().current();
    assertThat(settling.onchain().phase()).isEqualTo(Phase.SETTLING);
    assertThat(List.of(release.purpose(), release.keyId(), release.from(), release.to()))
        .containsExactly("release", "gas_tank-BSC", ARBITER, CONTRACT);
    assertThat(FakeEscrowContract.read(release.data())).isEqualTo("release:esc_1");
    assertThat(sender.broadcasts).last().isEqualTo(release.latest().transfer());

    assertThat(onchain.advance(settling)).as("not mined yet").isEqualTo(settling);
    confirm(settling, TxStatus.SUCCESS);
    Escrow settled = onchain.advance(settling);

    assertThat(settled.onchain().phase()).isEqualTo(Phase.SETTLED);
    assertThat(settled.awaitsChain()).isFalse();
    assertThat(stored("esc_1")).isEqualTo(settled);
    assertThat(ledger.transfers()).as("the escrow service posts the outcome").isEqualTo(1);
  }

  @Test
  void aSplitIsSentAsARefundToTheTreasury() {
    Escrow decided = decided("esc_1", Decision.SPLIT, Asset.USDT.parseAmount("5"));

    Escrow settling = onchain.advance(decided);

    assertThat(FakeEscrowContract.read(settling.onchain().current().data()))
        .isEqualTo("refund:esc_1");
  }

  @Test
  void aRevertedReleaseIsSentAgainUpToTheLimitThenLeftToAnOperator() {
    Escrow escrow = onchain.advance(decided("esc_1", Decision.RELEASE, AMOUNT));
    for (int sent = 1; sent < OnchainEscrow.MAX_SETTLE_CALLS; sent++) {
      confirm(escrow, TxStatus.FAILED);
      escrow = onchain.advance(escrow);
      assertThat(escrow.onchain().settleCalls()).isEqualTo(sent + 1);
    }
    confirm(escrow, TxStatus.FAILED);

    Escrow stuck = onchain.advance(escrow);

    assertThat(stuck).isEqualTo(escrow);
    assertThat(stuck.onchain().phase()).isEqualTo(Phase.SETTLING);
    assertThat(sender.orders).hasSize(1 + OnchainEscrow.MAX_SETTLE_CALLS);
    assertThat(alerts.raised)
        .singleElement()
        .asString()
        .startsWith("escrow-onchain-stuck:")
        .contains("the contract says PENDING");
  }

  @Test
  void aReleaseThatRevertedBecauseTheContractHadAlreadyReleasedItIsSettled() {
    Escrow settling = onchain.advance(decided("esc_1", Decision.RELEASE, AMOUNT));
    confirm(settling, TxStatus.FAILED);
    contract.deals.put("esc_1", deal(OnchainDeal.Status.RELEASED, ONCHAIN));

    Escrow settled = onchain.advance(settling);

    assertThat(settled.onchain().phase()).isEqualTo(Phase.SETTLED);
    assertThat(settled.onchain().settleCalls()).isEqualTo(1);
    assertThat(alerts.raised).isEmpty();
  }

  @Test
  void aReleaseTheNodeSaysWouldRevertRaisesAnAlertAndSendsNothing() {
    Escrow decided = decided("esc_1", Decision.RELEASE, AMOUNT);
    contract.reverting.add("release");
    int signed = sender.signed.size();

    Escrow after = onchain.advance(decided);

    assertThat(after).isEqualTo(decided);
    assertThat(after.onchain().phase()).isEqualTo(Phase.LOCKED);
    assertThat(sender.signed).hasSize(signed);
    assertThat(alerts.raised)
        .singleElement()
        .asString()
        .startsWith("escrow-onchain-stuck:")
        .contains("would revert");
  }

  @Test
  void aCallWhoseRecordCouldNotBeWrittenIsNeverSentAndGivesItsNonceBack() {
    Escrow requested = requested("esc_1", "bob");
    store.refuse = escrow -> true;

    assertThat(onchain.advance(requested)).isEqualTo(requested);
    assertThat(stored("esc_1")).isEqualTo(requested);
    assertThat(sender.signed).hasSize(1);
    assertThat(sender.broadcasts).isEmpty();

    store.refuse = escrow -> false;
    Escrow approving = onchain.advance(requested);
    assertThat(approving.onchain().current().nonce()).isZero();
    assertThat(sender.broadcasts)
        .containsExactly(approving.onchain().current().latest().transfer());
  }

  @Test
  void anOverdueCallIsReplacedStoredAndSentAgain() {
    Escrow approving = onchain.advance(requested("esc_1", "bob"));
    clock.advance(REPLACE_AFTER.plusSeconds(1));

    Escrow replaced = onchain.advance(approving);

    OutgoingCall call = replaced.onchain().current();
    assertThat(replaced.onchain().phase()).isEqualTo(Phase.APPROVING);
    assertThat(call.attempts()).hasSize(2);
    assertThat(call.nonce()).isEqualTo(approving.onchain().current().nonce());
    assertThat(stored("esc_1")).isEqualTo(replaced);
    assertThat(sender.broadcasts).last().isEqualTo(call.latest().transfer());
  }

  private Escrow requested(String id, String beneficiary) {
    Escrow escrow =
        Escrow.funding(id, "ada", beneficiary, new TokenAmount(Asset.USDT, AMOUNT), null, null, NOW)
            .heldOn(NetworkId.BSC)
            .held(NOW);
    assertThat(store.create(escrow)).isTrue();
    return escrow;
  }

  /** Funded on-chain: created, confirmed, and held by the contract as asked. */
  private Escrow locked(String id) {
    allowEnough();
    Escrow funding = onchain.advance(requested(id, "bob"));
    confirm(funding, TxStatus.SUCCESS);
    contract.deals.put(id, deal(OnchainDeal.Status.PENDING, ONCHAIN));
    return onchain.advance(funding);
  }

  /** Locked, then decided (as the escrow service claims an outcome). */
  private Escrow decided(String id, Decision decision, BigInteger toBeneficiary) {
    Escrow locked = locked(id);
    assertThat(locked.onchain().phase()).isEqualTo(Phase.LOCKED);
    assertThat(
            store.update(
                locked.settling(
                    decision, new TokenAmount(Asset.USDT, toBeneficiary), "admin", "a test", NOW)))
        .isTrue();
    return stored(id);
  }

  private void allowEnough() {
    contract.allowances.put(FakeEscrowContract.allowanceKey(TOKEN, TREASURY, CONTRACT), ONCHAIN);
  }

  /** The escrow's call in flight mined with {@code status}, at the confirmation depth. */
  private void confirm(Escrow escrow, TxStatus status) {
    OutgoingCall call = escrow.onchain().current();
    rail.transactions.put(
        call.latest().hash(),
        new ChainTransaction(
            NetworkId.BSC,
            call.latest().hash(),
            status,
            100L,
            3,
            3,
            call.from(),
            call.to(),
            List.of()));
  }

  private static OnchainDeal deal(OnchainDeal.Status status, BigInteger amount) {
    return new OnchainDeal(status, TREASURY, BENEFICIARY, ARBITER, TOKEN, amount, false);
  }

  private Escrow stored(String id) {
    return store.find(id).orElseThrow();
  }

  private static Network network(NetworkId id, String rpcUrl, Map<String, String> contracts) {
    return new Network(
        id,
        id.name(),
        ChainFamily.EVM,
        56,
        "BNB",
        3,
        3,
        null,
        List.of(new Token(Asset.USDT, TOKEN, 18)),
        rpcUrl,
        contracts);
  }
}
