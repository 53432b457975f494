package io.stablepay.core.service;

import static io.stablepay.core.service.EscrowWorkflowService.CHAIN;
import static io.stablepay.core.service.EscrowWorkflowService.SCHEDULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Status;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.escrow.OnchainEscrow.Phase;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.CreateEscrowCommand;
import io.stablepay.core.port.in.EscrowRecovery;
import io.stablepay.core.port.in.EscrowWorkflow;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.in.ResolveEscrowCommand;
import io.stablepay.core.port.in.WorkflowStep;
import io.stablepay.core.port.out.Workflows.Workflow;
import io.stablepay.core.testing.FakeEscrowContract;
import io.stablepay.core.testing.FakeRail;
import io.stablepay.core.testing.FakeSender;
import io.stablepay.core.testing.FixedLimits;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Escrows' rules, from the hold to their one outcome, against the ports' contracts in memory. */
class EscrowServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Instant DEADLINE = NOW.plus(Duration.ofDays(7));
  private static final String CONTRACT = "0x" + "e5".repeat(20);
  private static final String TOKEN = "0x" + "d0".repeat(20);
  private static final String BOB_ADDRESS = "0x" + "b0".repeat(20);

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryEscrowStore store = new MemoryEscrowStore();
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryUserStore users = new MemoryUserStore();
  private final MemoryWalletStore wallets = new MemoryWalletStore();
  private final MemoryWorkflows workflows = new MemoryWorkflows();
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final FakeRail rail = new FakeRail(ChainFamily.EVM);
  private final FakeSender sender = new FakeSender();
  private final FakeEscrowContract contract = new FakeEscrowContract();
  private final FixedTreasuryKeys keys = new FixedTreasuryKeys();
  private final Services services = services(true);
  private final Escrows escrows = services.escrows();
  private final EscrowWorkflow workflow = services.workflow();
  private final EscrowRecovery recovery = services.recovery();

  private final Caller ada = new Caller("ada", Role.USER);
  private final Caller bob = new Caller("bob", Role.USER);
  private final Caller carl = new Caller("carl", Role.USER);
  private final Caller root = new Caller("root", Role.ADMIN);

  /** The escrow services, each through its port. */
  private record Services(Escrows escrows, EscrowWorkflow workflow, EscrowRecovery recovery) {}

  /** The escrow services as the wiring builds them; {@code onchain}: with the Escrow contracts. */
  private Services services(boolean onchain) {
    Network ethereum =
        new Network(
            NetworkId.ETHEREUM,
            "Ethereum",
            ChainFamily.EVM,
            1,
            "ETH",
            3,
            12,
            null,
            List.of(new Token(Asset.USDT, TOKEN, 6)),
            "http://127.0.0.1:1",
            Map.of(OnchainEscrows.CONTRACT, CONTRACT));
    OutgoingCalls calls =
        new OutgoingCalls(
            List.of(rail),
            List.of(sender),
            new NonceAllocator(new MemoryNonceStore()),
            alerts,
            new WithdrawalSettings(
                Map.of(), 20, Duration.ofMinutes(3), 12, BigInteger.ONE, Duration.ofMinutes(2), 3),
            clock);
    EscrowPorts ports = new EscrowPorts(store, ledger, users, workflows, audit, alerts, clock);
    OnchainEscrows contracts =
        onchain
            ? new OnchainEscrows(
                ports,
                new NetworkRegistry("test", List.of(ethereum)),
                List.of(rail),
                List.of(contract),
                keys,
                wallets,
                calls)
            : null;
    return new Services(
        new EscrowService(ports, wallets, List.of(rail), FixedLimits.daily(1_000), contracts),
        new EscrowWorkflowService(ports, contracts),
        new EscrowRecoveryService(ports));
  }

  @BeforeEach
  void accounts() {
    user("ada", "ada@example.com", true);
    user("bob", "bob@example.com", true);
    user("carl", "carl@example.com", true);
    user("dan", "dan@example.com", false);
    wallets.create(new Wallet("w-bob", "bob", "k-bob", BOB_ADDRESS, "T" + "b".repeat(33), NOW));
    fund("ada", "100");
  }

  @Test
  void creatingAnEscrowHoldsTheAmountFromThePayersBalanceAndStartsItsWorkflow() {
    Escrow escrow =
        escrows.create(
            ada,
            "k-1",
            CreateEscrowCommand.of(" bob@example.com ", "usdt", "40", " a bike ", DEADLINE, null));

    assertThat(escrow.status()).isEqualTo(Status.HELD);
    assertThat(List.of(escrow.depositorId(), escrow.beneficiaryId(), escrow.description()))
        .containsExactly("ada", "bob", "a bike");
    assertThat(store.find(escrow.id())).contains(escrow);
    assertThat(available("ada")).isEqualTo(units("60"));
    assertThat(ledger.balance(escrow.account())).isEqualTo(units("40"));
    assertThat(available("bob")).isZero();
    assertThat(ledger.movements)
        .extracting(Movement::userId, Movement::direction, Movement::counterparty, Movement::memo)
        .containsExactly(
            tuple(
                "ada",
                Movement.Direction.OUT,
                "bob@example.com",
                "escrow " + escrow.id() + ": a bike"));
    assertThat(audit.entries)
        .singleElement()
        .isEqualTo(
            new AuditEntry(
                "ada",
                "escrow.created",
                escrow.id(),
                Map.of(
                    "beneficiaryId",
                    "bob",
                    "asset",
                    "USDT",
                    "amount",
                    "40",
                    "releaseAfter",
                    DEADLINE.toString(),
                    "network",
                    ""),
                NOW));
    assertThat(workflows.started)
        .containsExactly(
            Map.entry(escrow.executionName(), Map.of("escrowId", escrow.id(), "generation", "0")));
    // the beneficiary may also be named by an address of theirs
    assertThat(
            escrows
                .create(
                    ada, "k-2", CreateEscrowCommand.of(BOB_ADDRESS, "USDT", "1", null, null, null))
                .beneficiaryId())
        .isEqualTo("bob");
  }

  @Test
  void theSameKeyNamesTheSameEscrowAndHoldsTheMoneyOnce() {
    Escrow first = held("k-1", "40", DEADLINE);
    Escrow again = held("k-1", "40", DEADLINE);

    assertThat(again).isEqualTo(first);
    assertThat(available("ada")).isEqualTo(units("60"));
    assertThat(ledger.transfers()).isEqualTo(2); // the funding and the hold
    assertThat(audit.actions()).containsExactly("escrow.created");
    assertThat(workflows.started).hasSize(1);

    assertThatThrownBy(() -> held("k-1", "41", DEADLINE))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThatThrownBy(() -> held("k-1", "40", null))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThat(held("k-2", "40", DEADLINE).id()).isNotEqualTo(first.id());
    assertThat(available("ada")).isEqualTo(units("20"));
  }

  @Test
  void refusalsHoldNothing() {
    assertThatThrownBy(
            () ->
                escrows.create(
                    ada,
                    " ",
                    CreateEscrowCommand.of("bob@example.com", "USDT", "1", null, null, null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Idempotency-Key");
    assertThatThrownBy(() -> create("ada@example.com", "1", null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("yourself");
    assertThatThrownBy(() -> create("nobody@example.com", "1", null, null))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> create("dan@example.com", "1", null, null))
        .as("an inactive account")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> create("bob@example.com", "0", null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("greater than zero");
    assertThatThrownBy(() -> create("bob@example.com", "-1", null, null))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> create("bob@example.com", "1.0000001", null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("fractional digits");
    assertThatThrownBy(() -> create("bob@example.com", "1", "x".repeat(141), null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 140");
    for (Instant when :
        List.of(NOW, NOW.minusSeconds(1), NOW.plus(Duration.ofDays(300)).plusSeconds(1))) {
      assertThatThrownBy(() -> create("bob@example.com", "1", null, when))
          .isInstanceOf(InvalidValueException.class)
          .hasMessageContaining("releaseAfter");
    }
    assertThatThrownBy(() -> create("bob@example.com", "100.000001", null, null))
        .isInstanceOf(InsufficientFundsException.class)
        .hasMessage("the available USDT balance does not cover 100.000001 USDT");
    assertThatThrownBy(
            () ->
                services(false)
                    .escrows()
                    .create(
                        ada,
                        "k-9",
                        CreateEscrowCommand.of(
                            "bob@example.com", "USDT", "1", null, null, "ethereum")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("not held on-chain in this deployment");

    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(store.size()).isZero();
    assertThat(workflows.started).isEmpty();
    assertThat(audit.entries).isEmpty();
  }

  @Test
  void aRefusedHoldLeavesNoRecordSoTheSameRequestSucceedsOnceTheMoneyIsThere() {
    assertThatThrownBy(() -> held("k-1", "150", null))
        .isInstanceOf(InsufficientFundsException.class);
    assertThat(store.size()).isZero();

    fund("ada", "50");
    Escrow escrow = held("k-1", "150", null);

    assertThat(escrow.status()).isEqualTo(Status.HELD);
    assertThat(available("ada")).isZero();
  }

  @Test
  void theDailyLimitsOfBothPartiesApplyToTheHold() {
    fund("ada", "5000");
    assertThatThrownBy(() -> held("k-1", "1000.000001", null))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("daily P2P sending");

    held("k-2", "600", null);
    assertThatThrownBy(() -> held("k-3", "400.000001", null))
        .isInstanceOf(LimitExceededException.class);

    assertThat(store.size()).isEqualTo(1);
    assertThat(available("ada")).isEqualTo(units("4500"));
  }

  @Test
  void onlyTheDepositorReleasesAndTheBeneficiaryIsPaidOnce() {
    Escrow escrow = held("k-1", "40", DEADLINE);
    assertThatThrownBy(() -> escrows.release(bob, escrow.id()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("only the depositor");
    assertThatThrownBy(() -> escrows.release(carl, escrow.id()))
        .isInstanceOf(NotFoundException.class);

    Escrow released = escrows.release(ada, escrow.id());
    int transfers = ledger.transfers();

    assertThat(released.status()).isEqualTo(Status.RELEASED);
    assertThat(released.outcome().by()).isEqualTo("ada");
    assertThat(available("bob")).isEqualTo(units("40"));
    assertThat(ledger.balance(escrow.account())).isZero();
    assertThat(ledger.movements)
        .last()
        .extracting(Movement::userId, Movement::direction, Movement::counterparty)
        .containsExactly("bob", Movement.Direction.IN, "ada@example.com");
    assertThat(audit.entries)
        .last()
        .isEqualTo(
            new AuditEntry(
                "ada",
                "escrow.decided",
                escrow.id(),
                Map.of("decision", "RELEASE", "toBeneficiary", "40", "toDepositor", "0"),
                NOW));
    assertThat(workflows.running(Workflow.ESCROW, escrow.executionName()))
        .as("the execution asleep until the deadline is stopped")
        .isFalse();

    assertThat(escrows.release(ada, escrow.id())).isEqualTo(released);
    assertThat(ledger.transfers()).isEqualTo(transfers);
    assertThatThrownBy(() -> escrows.refund(bob, escrow.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is RELEASED");
    assertThat(available("bob")).isEqualTo(units("40"));
  }

  @Test
  void onlyTheBeneficiaryRefundsAndTheParkedTaskIsWoken() {
    Escrow escrow = held("k-1", "40", null);
    assertThat(workflow.schedule(escrow.id(), 0, NOW).outcome()).isEqualTo("AWAIT");
    assertThat(workflow.deadline(escrow.id(), 0).status()).as("none").isEqualTo(Status.HELD);
    workflow.await(escrow.id(), 0, "token-1");
    assertThat(stored(escrow.id()).taskToken()).isEqualTo("token-1");
    assertThat(workflows.succeeded).isEmpty();
    assertThatThrownBy(() -> escrows.refund(ada, escrow.id()))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("only the beneficiary");

    Escrow refunded = escrows.refund(bob, escrow.id());

    assertThat(refunded.status()).isEqualTo(Status.REFUNDED);
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(available("bob")).isZero();
    assertThat(workflows.succeeded).containsEntry("token-1", Map.of("status", "REFUNDED"));
    assertThat(workflow.schedule(escrow.id(), 0, NOW)).isEqualTo(WorkflowStep.end(0));
    // a token parked after the escrow moved on completes its task at once
    workflow.await(escrow.id(), 0, "token-2");
    assertThat(workflows.succeeded).containsEntry("token-2", Map.of("status", "REFUNDED"));
  }

  @Test
  void aDisputeStopsTheDeadlineAndWakesAnExecutionThatWaitsForAnAdministrator() {
    Escrow escrow = held("k-1", "40", DEADLINE);
    assertThatThrownBy(() -> escrows.dispute(carl, escrow.id(), "why"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> escrows.dispute(bob, escrow.id(), " "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("needs a reason");

    Escrow disputed = escrows.dispute(bob, escrow.id(), " not delivered ");

    assertThat(disputed.status()).isEqualTo(Status.DISPUTED);
    assertThat(disputed.dispute().reason()).isEqualTo("not delivered");
    assertThat(audit.entries)
        .last()
        .isEqualTo(
            new AuditEntry(
                "bob", "escrow.disputed", escrow.id(), Map.of("reason", "not delivered"), NOW));
    // the execution asleep until the deadline is replaced by one that waits for an administrator
    assertThat(disputed.generation()).isEqualTo(1);
    assertThat(workflows.running(Workflow.ESCROW, escrow.executionName())).isFalse();
    assertThat(workflows.started)
        .last()
        .isEqualTo(
            Map.entry(
                disputed.executionName(), Map.of("escrowId", escrow.id(), "generation", "1")));
    assertThat(workflow.schedule(escrow.id(), 1, NOW).outcome()).isEqualTo("AWAIT");
    assertThat(escrows.disputed(root, new PageRequest(10, null)).data()).containsExactly(disputed);
    assertThatThrownBy(() -> escrows.dispute(ada, escrow.id(), "me too"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already disputed");

    clock.advance(Duration.ofDays(8));
    assertThat(workflow.deadline(escrow.id(), 0).status()).isEqualTo(Status.DISPUTED);
    assertThat(workflow.deadline(escrow.id(), 1).status()).isEqualTo(Status.DISPUTED);
    assertThat(available("bob")).isZero();

    // a party may still give in
    assertThat(escrows.release(ada, escrow.id()).status()).isEqualTo(Status.RELEASED);
    assertThat(available("bob")).isEqualTo(units("40"));
  }

  @Test
  void anAdministratorWhoIsNoPartySplitsADisputedEscrowWithAReason() {
    String id = held("k-1", "40", null).id();
    assertThatThrownBy(
            () -> escrows.resolve(root, id, ResolveEscrowCommand.of("RELEASE", null, "early")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("only a disputed escrow");
    escrows.dispute(ada, id, "not delivered");

    assertThatThrownBy(
            () -> escrows.resolve(bob, id, ResolveEscrowCommand.of("RELEASE", null, "mine")))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                escrows.resolve(
                    new Caller("ada", Role.ADMIN),
                    id,
                    ResolveEscrowCommand.of("REFUND", null, "mine")))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("of their own");
    assertThatThrownBy(() -> escrows.resolve(root, id, ResolveEscrowCommand.of("halve", null, "r")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("RELEASE, REFUND");
    assertThatThrownBy(() -> escrows.resolve(root, id, ResolveEscrowCommand.of("SPLIT", "15", " ")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("needs a reason");
    for (String share : List.of("", "0", "40")) {
      assertThatThrownBy(
              () -> escrows.resolve(root, id, ResolveEscrowCommand.of("SPLIT", share, "r")))
          .isInstanceOf(InvalidValueException.class);
    }
    assertThatThrownBy(
            () -> escrows.resolve(root, id, ResolveEscrowCommand.of("RELEASE", "15", "r")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("only for a SPLIT");

    Escrow split =
        escrows.resolve(root, id, ResolveEscrowCommand.of("split", "15", "half delivered"));

    assertThat(split.status()).isEqualTo(Status.SPLIT);
    assertThat(available("bob")).isEqualTo(units("15"));
    assertThat(available("ada")).isEqualTo(units("85"));
    assertThat(audit.entries)
        .last()
        .isEqualTo(
            new AuditEntry(
                "root",
                "escrow.decided",
                id,
                Map.of(
                    "decision",
                    "SPLIT",
                    "toBeneficiary",
                    "15",
                    "toDepositor",
                    "25",
                    "reason",
                    "half delivered"),
                NOW));
    assertThatThrownBy(
            () ->
                escrows.resolve(
                    root, id, ResolveEscrowCommand.of("REFUND", null, "changed my mind")))
        .isInstanceOf(ConflictException.class);
    assertThat(escrows.resolve(root, id, ResolveEscrowCommand.of("SPLIT", "15", "again")))
        .isEqualTo(split);
  }

  @Test
  void theWorkflowWaitsForTheDeadlineWhichReleasesTheEscrowOnceHowOftenItIsRetried() {
    Escrow escrow = held("k-1", "40", DEADLINE);
    assertThat(workflow.schedule(escrow.id(), 0, NOW))
        .isEqualTo(new WorkflowStep("WAIT", DEADLINE, null, 0));
    clock.advance(Duration.ofDays(7));

    Escrow released = workflow.deadline(escrow.id(), 0);
    int transfers = ledger.transfers();

    assertThat(released.status()).isEqualTo(Status.RELEASED);
    assertThat(released.outcome().by()).isEqualTo(Escrow.DEADLINE);
    assertThat(audit.entries)
        .last()
        .extracting(AuditEntry::actor, AuditEntry::action)
        .containsExactly("deadline", "escrow.decided");
    assertThat(workflow.deadline(escrow.id(), 0)).isEqualTo(released);
    assertThat(ledger.transfers()).isEqualTo(transfers);
    assertThat(available("bob")).isEqualTo(units("40"));
    assertThat(workflow.schedule(escrow.id(), 0, NOW)).isEqualTo(WorkflowStep.end(0));
    assertThatThrownBy(() -> escrows.release(ada, escrow.id()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aLongExecutionContinuesAsTheNextGenerationAndAStaleOneEnds() {
    Instant far = NOW.plus(Duration.ofDays(299));
    Escrow escrow = held("k-1", "40", far);

    WorkflowStep step = workflow.schedule(escrow.id(), 0, NOW.minus(Duration.ofDays(2)));

    assertThat(step).isEqualTo(WorkflowStep.continueAs(Escrow.executionName(escrow.id(), 1), 1));
    assertThat(workflow.schedule(escrow.id(), 0, NOW)).isEqualTo(WorkflowStep.end(1));
    assertThat(workflow.deadline(escrow.id(), 0).status()).isEqualTo(Status.HELD);
    assertThat(workflow.schedule(escrow.id(), 1, NOW))
        .isEqualTo(new WorkflowStep("WAIT", far, null, 1));
    // one that waits on a person continues once it has run for the whole span
    String waiting = held("k-2", "1", null).id();
    assertThat(workflow.schedule(waiting, 0, NOW.minus(Duration.ofDays(300))).outcome())
        .isEqualTo("AWAIT");
    assertThat(workflow.schedule(waiting, 0, NOW.minus(Duration.ofDays(301))))
        .isEqualTo(WorkflowStep.continueAs(Escrow.executionName(waiting, 1), 1));
  }

  @Test
  void aDeadlineStepThatDiedAfterItsClaimIsFinishedByTheNextScheduleAndPaysOnce() {
    String id = held("k-1", "40", DEADLINE).id();
    clock.advance(Duration.ofDays(7));
    store.refuse = escrow -> escrow.status() == Status.RELEASED;
    assertThatThrownBy(() -> workflow.deadline(id, 0)).isInstanceOf(ConflictException.class);
    store.refuse = escrow -> false;
    int transfers = ledger.transfers();

    assertThat(workflow.deadline(id, 0).status()).as("retried").isEqualTo(Status.SETTLING);
    assertThat(workflow.schedule(id, 0, NOW)).isEqualTo(WorkflowStep.end(0));

    assertThat(stored(id).status()).isEqualTo(Status.RELEASED);
    assertThat(ledger.transfers()).isEqualTo(transfers);
    assertThat(available("bob")).isEqualTo(units("40"));
    assertThat(audit.actions()).containsExactly("escrow.created", "escrow.decided");
  }

  @Test
  void anOutcomeRetriedAfterACrashMovesTheMoneyOnceAndTheCatchUpFinishesIt() {
    String id = held("k-1", "40", null).id();
    store.refuse = escrow -> escrow.status() == Status.RELEASED;
    assertThatThrownBy(() -> escrows.release(ada, id)).isInstanceOf(ConflictException.class);
    assertThat(stored(id).status()).isEqualTo(Status.SETTLING);
    assertThat(available("bob")).isEqualTo(units("40"));
    int transfers = ledger.transfers();
    store.refuse = escrow -> false;

    assertThatThrownBy(() -> recovery.process(ada)).isInstanceOf(ForbiddenException.class);
    assertThat(recovery.process(root)).isEqualTo(1);

    assertThat(stored(id).status()).isEqualTo(Status.RELEASED);
    assertThat(escrows.release(ada, id).status()).isEqualTo(Status.RELEASED);
    assertThat(ledger.transfers()).isEqualTo(transfers);
    assertThat(available("bob")).isEqualTo(units("40"));
  }

  @Test
  void theCatchUpHoldsAFundingEscrowWhoseHoldWasPostedAndVoidsOneWhoseHoldNeverWas() {
    store.refuse = escrow -> escrow.status() == Status.HELD;
    assertThatThrownBy(() -> held("k-1", "40", null)).isInstanceOf(ConflictException.class);
    store.refuse = escrow -> false;
    store.create(
        Escrow.funding(
            "esc_lost", "ada", "bob", TokenAmount.parse(Asset.USDT, "5"), null, null, NOW));
    assertThat(workflows.started).isEmpty();

    assertThat(recovery.process(root)).isEqualTo(1);
    Escrow held =
        escrows.list(ada, new PageRequest(10, null)).data().stream()
            .filter(e -> !e.id().equals("esc_lost"))
            .findFirst()
            .orElseThrow();
    assertThat(held.status()).isEqualTo(Status.HELD);
    assertThat(workflows.started)
        .extracting(Map.Entry::getKey)
        .containsExactly(held.executionName());
    assertThat(held("k-1", "40", null)).as("the request retried").isEqualTo(held);
    assertThat(available("ada")).isEqualTo(units("60"));

    clock.advance(Duration.ofMinutes(16));
    workflows.end(Workflow.ESCROW, held.executionName());
    assertThat(recovery.process(root)).isEqualTo(2);

    assertThat(store.find("esc_lost").orElseThrow().status()).isEqualTo(Status.VOID);
    assertThat(audit.entries)
        .last()
        .extracting(AuditEntry::actor, AuditEntry::action)
        .containsExactly("catch-up", "escrow.voided");
    assertThat(workflows.started)
        .extracting(Map.Entry::getKey)
        .containsExactly(held.executionName(), Escrow.executionName(held.id(), 1));
    assertThat(available("ada")).isEqualTo(units("60"));
  }

  @Test
  void anEscrowTheCatchUpHoldsHasItsCreationInItsHistoryOnce() {
    store.refuse = escrow -> escrow.status() == Status.HELD;
    assertThatThrownBy(() -> held("k-1", "40", DEADLINE)).isInstanceOf(ConflictException.class);
    store.refuse = escrow -> false;
    String id = store.open(10).getFirst().id();
    clock.advance(Duration.ofMinutes(5));

    assertThat(recovery.process(root)).isEqualTo(1);
    assertThat(recovery.process(root)).as("its execution runs").isZero();
    assertThat(held("k-1", "40", DEADLINE).id()).as("the request retried").isEqualTo(id);

    assertThat(escrows.history(ada, id))
        .singleElement()
        .isEqualTo(
            new AuditEntry(
                "ada",
                "escrow.created",
                id,
                Map.of(
                    "beneficiaryId",
                    "bob",
                    "asset",
                    "USDT",
                    "amount",
                    "40",
                    "releaseAfter",
                    DEADLINE.toString(),
                    "network",
                    ""),
                NOW));
  }

  @Test
  void theCatchUpVoidsAndAuditsOnlyAnEscrowItsOwnWriteVoided() {
    Escrow late =
        Escrow.funding(
            "esc_late", "ada", "bob", TokenAmount.parse(Asset.USDT, "5"), null, null, NOW);
    store.create(late);
    clock.advance(Duration.ofMinutes(16));
    // the void's write loses to the request, which posts the hold meanwhile
    store.refuse =
        escrow -> {
          if (escrow.status() != Status.VOID || ledger.posted(late.holdTransferId())) {
            return false;
          }
          ledger.post(
              Transfer.between(
                  late.holdTransferId(),
                  "ESCROW_HOLD",
                  AccountId.user("ada", Asset.USDT),
                  late.account(),
                  late.amount().units(),
                  NOW));
          return true;
        };

    assertThat(recovery.process(root)).as("nothing voided").isZero();

    assertThat(stored(late.id()).status()).isEqualTo(Status.FUNDING);
    assertThat(audit.actions()).doesNotContain("escrow.voided");
    store.refuse = escrow -> false;
    assertThat(recovery.process(root)).as("the next run holds it").isEqualTo(1);
    assertThat(stored(late.id()).status()).isEqualTo(Status.HELD);
    assertThat(audit.actions()).containsExactly("escrow.created");
  }

  @Test
  void anEscrowAndItsHistoryAreShownToItsPartiesAndAdministratorsOnly() {
    Escrow escrow = held("k-1", "40", null);
    escrows.release(ada, escrow.id());

    assertThat(escrows.get(bob, escrow.id()).status()).isEqualTo(Status.RELEASED);
    assertThat(escrows.get(root, escrow.id()).id()).isEqualTo(escrow.id());
    assertThatThrownBy(() -> escrows.get(carl, escrow.id())).isInstanceOf(NotFoundException.class);
    assertThat(escrows.list(bob, new PageRequest(10, null)).data())
        .extracting(Escrow::id)
        .containsExactly(escrow.id());
    assertThat(escrows.list(carl, new PageRequest(10, null)).data()).isEmpty();
    assertThat(escrows.history(bob, escrow.id()))
        .extracting(AuditEntry::action)
        .containsExactly("escrow.created", "escrow.decided");
    assertThatThrownBy(() -> escrows.history(carl, escrow.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> escrows.disputed(ada, new PageRequest(10, null)))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void anOnchainEscrowWaitsForTheChainAndItsReleaseIsBookedOnlyOnceConfirmed() {
    String id = lockedOnchain();
    Escrow settling = escrows.release(ada, id);
    // nobody parked a task: the execution is replaced by one that waits for the chain
    int gen = stored(id).generation();
    assertThat(gen).isEqualTo(1);

    assertThat(settling.status()).isEqualTo(Status.SETTLING);
    assertThat(ledger.balance(settling.account())).isEqualTo(units("40"));
    assertThat(workflow.schedule(id, gen, NOW).outcome()).isEqualTo(CHAIN);
    assertThat(workflow.chain(id, gen, NOW).outcome()).isEqualTo(CHAIN);
    OutgoingCall release = stored(id).onchain().current();
    assertThat(FakeEscrowContract.read(release.data())).isEqualTo("release:" + id);
    confirm(release);
    assertThat(workflow.chain(id, gen, NOW).outcome()).isEqualTo(SCHEDULE);
    assertThat(workflow.schedule(id, gen, NOW)).isEqualTo(WorkflowStep.end(gen));

    Escrow released = stored(id);
    assertThat(released.status()).isEqualTo(Status.RELEASED);
    assertThat(ledger.balance(released.account())).isZero();
    assertThat(ledger.balance(AccountId.escrowContract(NetworkId.ETHEREUM, Asset.USDT)))
        .as("the tokens left the contract")
        .isZero();
    assertThat(available("bob")).as("credited by the deposit watcher, from the chain").isZero();
  }

  @Test
  void anOnchainRefundReturnsTheTokensToTheTreasuryAndTheMoneyToTheDepositor() {
    String id = lockedOnchain();
    escrows.refund(bob, id);
    // a long wait for the chain goes on in the next generation
    WorkflowStep next = workflow.chain(id, 1, NOW.minus(Duration.ofHours(7)));
    assertThat(next).isEqualTo(WorkflowStep.continueAs(Escrow.executionName(id, 2), 2));
    int gen = stored(id).generation();
    contract.down = true;
    assertThat(workflow.chain(id, gen, NOW).outcome())
        .as("the node is down: wait")
        .isEqualTo(CHAIN);
    contract.down = false;
    workflow.chain(id, gen, NOW);
    confirm(stored(id).onchain().current());
    workflow.chain(id, gen, NOW);

    assertThat(workflow.schedule(id, gen, NOW)).isEqualTo(WorkflowStep.end(gen));
    assertThat(stored(id).status()).isEqualTo(Status.REFUNDED);
    assertThat(available("ada")).isEqualTo(units("100"));
    assertThat(ledger.balance(AccountId.escrowContract(NetworkId.ETHEREUM, Asset.USDT))).isZero();
    assertThat(ledger.balance(AccountId.treasury(NetworkId.ETHEREUM, Asset.USDT))).isZero();
  }

  /** An escrow of 40 USDT held on Ethereum, its tokens locked in the contract. */
  private String lockedOnchain() {
    rail.feeQuote =
        new FeeQuote.Eip1559(
            NetworkId.ETHEREUM, 100, BigInteger.TEN, BigInteger.ONE, BigInteger.valueOf(21), NOW);
    String treasury =
        rail.addressOf(keys.add(NetworkId.ETHEREUM, TreasuryRole.TREASURY, 0x11).publicKey());
    String arbiter =
        rail.addressOf(keys.add(NetworkId.ETHEREUM, TreasuryRole.GAS_TANK, 0x22).publicKey());
    contract.allowances.put(
        FakeEscrowContract.allowanceKey(TOKEN, treasury, CONTRACT), units("40"));
    Escrow escrow =
        escrows.create(
            ada,
            "k-1",
            CreateEscrowCommand.of("bob@example.com", "USDT", "40", null, null, "ethereum"));
    assertThat(escrow.onchain().phase()).isEqualTo(Phase.REQUESTED);
    assertThat(available("ada")).isEqualTo(units("60"));
    assertThat(workflow.schedule(escrow.id(), 0, NOW).outcome()).isEqualTo(CHAIN);
    assertThat(workflow.chain(escrow.id(), 0, NOW).outcome()).isEqualTo(CHAIN);
    confirm(stored(escrow.id()).onchain().current());
    contract.deals.put(
        escrow.id(),
        new OnchainDeal(
            OnchainDeal.Status.PENDING, treasury, BOB_ADDRESS, arbiter, TOKEN, units("40"), false));
    assertThat(workflow.chain(escrow.id(), 0, NOW).outcome()).isEqualTo(SCHEDULE);
    assertThat(stored(escrow.id()).onchain().phase()).isEqualTo(Phase.LOCKED);
    assertThat(workflow.schedule(escrow.id(), 0, NOW).outcome()).isEqualTo("AWAIT");
    return escrow.id();
  }

  private Escrow stored(String id) {
    return store.find(id).orElseThrow();
  }

  private void confirm(OutgoingCall call) {
    rail.transactions.put(
        call.latest().hash(),
        new ChainTransaction(
            NetworkId.ETHEREUM,
            call.latest().hash(),
            TxStatus.SUCCESS,
            100L,
            3,
            3,
            call.from(),
            call.to(),
            List.of()));
  }

  private Escrow held(String key, String amount, Instant releaseAfter) {
    return escrows.create(
        ada,
        key,
        CreateEscrowCommand.of("bob@example.com", "USDT", amount, null, releaseAfter, null));
  }

  private Escrow create(
      String beneficiary, String amount, String description, Instant releaseAfter) {
    return escrows.create(
        ada,
        "k-" + beneficiary + amount,
        CreateEscrowCommand.of(beneficiary, "USDT", amount, description, releaseAfter, null));
  }

  private void user(String id, String email, boolean active) {
    users.create(
        new User(id, new Email(email), "F", "L", Role.USER, KycStatus.NOT_STARTED, active, NOW),
        "hash");
  }

  private void fund(String userId, String amount) {
    ledger.fund(userId, Asset.USDT, amount, NOW);
  }

  private BigInteger available(String userId) {
    return ledger.balance(AccountId.user(userId, Asset.USDT));
  }

  private static BigInteger units(String amount) {
    return Asset.USDT.parseAmount(amount);
  }
}
