package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Escrows on DynamoDB Local: every field round-trips, each change is written over the version read,
 * a FUNDING one can be discarded, both parties list it page by page, and the disputed and open
 * indexes hold an escrow only while it is in those states.
 */
class DynamoDbEscrowStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final TokenAmount FIVE_USDC = usdc(5_000_000);

  private static LocalTable table;
  private static DynamoDbEscrowStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbEscrowStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void everyFieldRoundTripsThroughEachState() {
    Escrow funding = escrow(user(), user(), "for the bike", null, T0);
    assertThat(store.create(funding)).isTrue();
    assertThat(store.find(funding.id())).contains(funding);
    assertThat(store.find(funding.id()).orElseThrow().releaseAfter()).isNull();

    List<Escrow> states = new ArrayList<>();
    Escrow held = funding.held(T0.plusSeconds(1));
    states.add(held);
    Escrow parked = held.parked("task-token-1", T0.plusSeconds(2));
    states.add(parked);
    Escrow disputed =
        parked.disputed(funding.beneficiaryId(), "never delivered", T0.plusSeconds(3));
    states.add(disputed);
    Escrow nextGeneration = disputed.nextGeneration(T0.plusSeconds(4));
    states.add(nextGeneration);
    Escrow restarted = nextGeneration.parked("task-token-2", T0.plusSeconds(5));
    states.add(restarted);
    Escrow settling =
        restarted.settling(
            Decision.SPLIT, usdc(2_000_000), "admin-1", "half delivered", T0.plusSeconds(6));
    states.add(settling);
    Escrow split = settling.settled(T0.plusSeconds(7));
    states.add(split);
    for (Escrow next : states) {
      assertThat(store.update(next)).as("version %s", next.version()).isTrue();
      assertThat(store.find(funding.id())).as("version %s", next.version()).contains(next);
    }

    Escrow stored = store.find(funding.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(Escrow.Status.SPLIT);
    assertThat(stored.generation()).isEqualTo(1);
    assertThat(stored.version()).isEqualTo(7);
    assertThat(stored.dispute())
        .isEqualTo(
            new Escrow.Dispute(funding.beneficiaryId(), "never delivered", T0.plusSeconds(3)));
    assertThat(stored.outcome())
        .isEqualTo(
            new Escrow.Outcome(
                Decision.SPLIT,
                usdc(2_000_000),
                usdc(3_000_000),
                "admin-1",
                "half delivered",
                T0.plusSeconds(6),
                T0.plusSeconds(7)));
    assertThat(raw(funding.id()))
        .doesNotContainKeys(
            DynamoDbSchema.GSI1_PARTITION_KEY, DynamoDbSchema.GSI1_SORT_KEY, "taskToken");

    // a deadline, no description, 18 decimals, an outcome without a reason
    TokenAmount large = new TokenAmount(Asset.DAI, new BigInteger("123456789012345678901234567"));
    Escrow dai =
        new Escrow(
            id(),
            user(),
            user(),
            large,
            null,
            T0.plus(Duration.ofDays(7)),
            Escrow.Status.FUNDING,
            null,
            null,
            null,
            0,
            null,
            0,
            T0,
            T0);
    assertThat(store.create(dai)).isTrue();
    Escrow daiHeld = dai.held(T0.plusSeconds(1));
    assertThat(store.update(daiHeld)).isTrue();
    Escrow released =
        daiHeld.settling(Decision.RELEASE, large, Escrow.DEADLINE, null, T0.plusSeconds(2));
    assertThat(store.update(released)).isTrue();
    assertThat(store.find(dai.id())).contains(released);
    Escrow.Outcome outcome = store.find(dai.id()).orElseThrow().outcome();
    assertThat(outcome.toBeneficiary()).isEqualTo(large);
    assertThat(outcome.toDepositor()).isEqualTo(TokenAmount.zero(Asset.DAI));
    assertThat(outcome.reason()).isNull();
    assertThat(outcome.endedAt()).isNull();
    assertThat(store.find(dai.id()).orElseThrow().releaseAfter())
        .isEqualTo(T0.plus(Duration.ofDays(7)));
    assertThat(raw(dai.id())).doesNotContainKey("description");

    assertThat(store.find(id())).isEmpty();
  }

  @Test
  void anOnchainEscrowKeepsItsCallsAndEverySignedVersion() {
    Escrow funding = escrow(user(), user(), "on-chain", null, T0).heldOn(NetworkId.ETHEREUM);
    assertThat(store.create(funding)).isTrue();
    assertThat(store.find(funding.id())).contains(funding);
    assertThat(store.find(funding.id()).orElseThrow().onchain().calls()).isEmpty();

    TxFees.Eip1559 fees =
        new TxFees.Eip1559(
            BigInteger.valueOf(60_000), BigInteger.valueOf(3_000_000_000L), BigInteger.ONE);
    Attempt first =
        new Attempt(
            new SignedTransfer(new TxHash("0x" + "ab".repeat(32)), new byte[] {2, 1, 0, 7}, null),
            fees,
            T0.plusSeconds(1));
    Attempt bumped =
        new Attempt(
            new SignedTransfer(new TxHash("0x" + "cd".repeat(32)), new byte[] {2, 1, 0, 8}, null),
            fees.bumped(12, fees),
            T0.plusSeconds(2));
    OutgoingCall approve =
        OutgoingCall.first(
            "approve",
            new CallOrder(
                "alias/treasury",
                "0x" + "11".repeat(20),
                "0x" + "22".repeat(20),
                "0x095ea7b3" + "00".repeat(64),
                7,
                fees),
            first);
    OnchainEscrow chain =
        funding
            .onchain()
            .prepared(
                "0x" + "33".repeat(20),
                "0x" + "22".repeat(20),
                "0x" + "44".repeat(20),
                "0x" + "11".repeat(20),
                "0x" + "55".repeat(20))
            .sent(OnchainEscrow.Phase.APPROVING, approve);
    Escrow approving = update(held(funding).withOnchain(chain, T0.plusSeconds(1)));
    Escrow replaced =
        update(
            approving.withOnchain(chain.replaced(approve.replacedBy(bumped)), T0.plusSeconds(2)));
    Escrow failed =
        update(
            replaced.withOnchain(replaced.onchain().failed("approve reverted"), T0.plusSeconds(3)));

    Escrow read = store.find(funding.id()).orElseThrow();
    assertThat(read).isEqualTo(failed);
    assertThat(read.onchain().current().attempts())
        .extracting(Attempt::hash)
        .containsExactly(first.hash(), bumped.hash());
    assertThat(read.onchain().current().latest().transfer().raw()).containsExactly(2, 1, 0, 8);
    assertThat(read.onchain().failure()).isEqualTo("approve reverted");
    assertThat(raw(funding.id()).get("onchain").m())
        .containsKeys("network", "phase", "calls", "contract", "failure");
  }

  @Test
  void aSecondCreateWithTheSameIdIsRefusedAndWritesNothing() {
    Escrow first = escrow(user(), user(), "first", null, T0);
    assertThat(store.create(first)).isTrue();
    Escrow clash =
        new Escrow(
            first.id(),
            user(),
            user(),
            new TokenAmount(Asset.USDT, BigInteger.TEN),
            "clash",
            null,
            Escrow.Status.FUNDING,
            null,
            null,
            null,
            0,
            null,
            0,
            T0.plusSeconds(1),
            T0.plusSeconds(1));

    assertThat(store.create(clash)).isFalse();
    assertThat(store.create(first)).isFalse();
    assertThat(store.find(first.id())).contains(first);
    assertThat(store.ofUser(clash.depositorId(), PageRequest.of(10, null)).data()).isEmpty();
    assertThat(store.ofUser(clash.beneficiaryId(), PageRequest.of(10, null)).data()).isEmpty();
    assertThat(store.ofUser(first.depositorId(), PageRequest.of(10, null)).data())
        .containsExactly(first);
  }

  @Test
  void anUpdateOverAStaleVersionIsRefusedAndChangesNothing() {
    Escrow funding = escrow(user(), user(), null, null, T0);
    store.create(funding);
    Escrow held = funding.held(T0.plusSeconds(1));
    assertThat(store.update(held)).isTrue();

    assertThat(store.update(funding.voided(T0.plusSeconds(2))))
        .as("written over version 0, which is gone")
        .isFalse();
    assertThat(store.update(held)).as("version 1 again").isFalse();
    assertThat(
            store.update(
                held.parked("token", T0.plusSeconds(3)).parked("again", T0.plusSeconds(4))))
        .as("skips version 2")
        .isFalse();
    assertThat(store.find(funding.id())).contains(held);

    Escrow never = escrow(user(), user(), null, null, T0).held(T0.plusSeconds(1));
    assertThat(store.update(never)).as("nothing stored to update").isFalse();
    assertThat(store.find(never.id())).isEmpty();
  }

  @Test
  void onlyAFundingEscrowStillAtTheVersionReadIsDiscarded() {
    Escrow heldOne = escrow(user(), user(), null, null, T0);
    store.create(heldOne);
    Escrow held = heldOne.held(T0.plusSeconds(1));
    store.update(held);
    store.discard(heldOne);
    store.discard(held);
    assertThat(store.find(heldOne.id())).as("held, not FUNDING").contains(held);
    assertThat(listed(heldOne.depositorId())).contains(heldOne.id());

    Escrow funding = escrow(user(), user(), "again", null, T0);
    store.create(funding);
    Escrow parked = funding.parked("token", T0.plusSeconds(1));
    store.update(parked);
    store.discard(funding);
    assertThat(store.find(funding.id())).as("FUNDING, but moved past version 0").contains(parked);

    store.discard(parked);
    assertThat(store.find(funding.id())).isEmpty();
    assertThat(listed(funding.depositorId())).isEmpty();
    assertThat(listed(funding.beneficiaryId())).isEmpty();
    assertThat(store.open(10_000)).extracting(Escrow::id).doesNotContain(funding.id());

    store.discard(parked);
    assertThat(store.create(funding)).as("the same request may be made again").isTrue();
    assertThat(store.find(funding.id())).contains(funding);
    assertThat(listed(funding.beneficiaryId())).containsExactly(funding.id());
  }

  @Test
  void bothPartiesListTheirEscrowsNewestFirstPageByPage() {
    String alice = user();
    String bob = user();
    Escrow first = escrow(alice, bob, "one", null, T0);
    Escrow second = escrow(bob, alice, "two", null, T0.plusSeconds(1));
    Escrow third = escrow(alice, user(), "three", null, T0.plusSeconds(2));
    for (Escrow e : List.of(second, third, first)) {
      assertThat(store.create(e)).isTrue();
    }
    Escrow thirdHeld = third.held(T0.plusSeconds(3));
    store.update(thirdHeld);

    Page<Escrow> page1 = store.ofUser(alice, PageRequest.of(2, null));
    assertThat(page1.data()).containsExactly(thirdHeld, second);
    assertThat(page1.nextCursor()).isNotNull();
    Page<Escrow> page2 = store.ofUser(alice, PageRequest.of(2, page1.nextCursor()));
    assertThat(page2.data()).containsExactly(first);
    assertThat(page2.nextCursor()).isNull();

    assertThat(store.ofUser(bob, PageRequest.of(10, null)).data()).containsExactly(second, first);
    assertThat(store.ofUser(third.beneficiaryId(), PageRequest.of(10, null)).data())
        .as("the item as it is now, not as listed")
        .containsExactly(thirdHeld);
    assertThat(store.ofUser(user(), PageRequest.of(10, null)).data()).isEmpty();

    assertThatThrownBy(() -> store.ofUser(alice, PageRequest.of(2, "bm9wZQ")))
        .isInstanceOf(InvalidRequestException.class);
    String foreign = Cursors.encode(T0 + "#sub_" + "0".repeat(24));
    assertThatThrownBy(() -> store.ofUser(alice, PageRequest.of(2, foreign)))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void onlyDisputedEscrowsAreListedAsDisputedOldestDisputeFirst() {
    // disputed a year before any other test's, so they lead the whole list
    Instant early = T0.minus(Duration.ofDays(365));
    List<Escrow> disputed = new ArrayList<>();
    for (int minutes : new int[] {30, 10, 20}) {
      Escrow e = escrow(user(), user(), null, null, early);
      store.create(e);
      Escrow held = e.held(early.plusSeconds(1));
      store.update(held);
      Escrow d = held.disputed(e.depositorId(), "wrong item", early.plusSeconds(60L * minutes));
      assertThat(store.update(d)).isTrue();
      disputed.add(d);
    }
    Escrow notDisputed = escrow(user(), user(), null, null, early);
    store.create(notDisputed);
    Escrow merelyHeld = notDisputed.held(early.plusSeconds(5));
    store.update(merelyHeld);
    List<Escrow> oldestFirst = List.of(disputed.get(1), disputed.get(2), disputed.get(0));

    Page<Escrow> page1 = store.disputed(PageRequest.of(2, null));
    assertThat(page1.data()).containsExactly(oldestFirst.get(0), oldestFirst.get(1));
    assertThat(page1.nextCursor()).isNotNull();
    Page<Escrow> page2 = store.disputed(PageRequest.of(2, page1.nextCursor()));
    assertThat(page2.data()).first().isEqualTo(oldestFirst.get(2));
    Set<String> mine = Set.of(disputed.get(0).id(), disputed.get(1).id(), disputed.get(2).id());
    assertThat(allDisputed())
        .filteredOn(e -> mine.contains(e.id()))
        .containsExactlyElementsOf(oldestFirst);
    assertThat(allDisputed()).extracting(Escrow::status).containsOnly(Escrow.Status.DISPUTED);
    assertThat(allDisputed()).extracting(Escrow::id).doesNotContain(merelyHeld.id());
    assertThatThrownBy(() -> store.disputed(PageRequest.of(2, "bm9wZQ")))
        .isInstanceOf(InvalidRequestException.class);

    Escrow settling =
        oldestFirst.get(0).settling(Decision.REFUND, usdc(0), "admin-1", "not as described", T0);
    assertThat(store.update(settling)).isTrue();
    assertThat(allDisputed())
        .extracting(Escrow::id)
        .doesNotContain(settling.id())
        .contains(oldestFirst.get(1).id(), oldestFirst.get(2).id());
    assertThat(store.open(10_000)).extracting(Escrow::id).contains(settling.id());
    Escrow refunded = settling.settled(T0.plusSeconds(1));
    assertThat(store.update(refunded)).isTrue();
    assertThat(allDisputed()).extracting(Escrow::id).doesNotContain(refunded.id());
    assertThat(store.open(10_000)).extracting(Escrow::id).doesNotContain(refunded.id());
    assertThat(store.find(refunded.id()).orElseThrow().outcome().toDepositor())
        .isEqualTo(FIVE_USDC);
  }

  @Test
  void openHoldsEveryEscrowNotEndedAndNoEndedOne() {
    Escrow funding = created(T0);
    Escrow held = held(created(T0));
    Escrow disputed = update(held(created(T0)).disputed("x", "why", T0.plusSeconds(2)));
    Escrow settling =
        update(
            held(created(T0)).settling(Decision.RELEASE, FIVE_USDC, "x", null, T0.plusSeconds(2)));
    Escrow released =
        update(settling(created(T0), Decision.RELEASE, FIVE_USDC).settled(T0.plusSeconds(3)));
    Escrow refunded =
        update(settling(created(T0), Decision.REFUND, usdc(0)).settled(T0.plusSeconds(3)));
    Escrow split =
        update(settling(created(T0), Decision.SPLIT, usdc(1)).settled(T0.plusSeconds(3)));
    Escrow voided = update(created(T0).voided(T0.plusSeconds(1)));

    List<Escrow> open = store.open(10_000);
    assertThat(open).contains(funding, held, disputed, settling);
    assertThat(open)
        .extracting(Escrow::id)
        .doesNotContain(released.id(), refunded.id(), split.id(), voided.id());
    assertThat(open).extracting(Escrow::status).noneMatch(Escrow.Status::ended);
    assertThat(open).extracting(Escrow::id).doesNotHaveDuplicates();
    assertThat(store.open(1)).hasSize(1);
    assertThat(store.open(open.size() - 1)).hasSize(open.size() - 1);
    assertThat(store.open(0)).isEmpty();
  }

  @Test
  void storedShapeIsPinned() {
    String id = "esc_" + "ab".repeat(12);
    String position = T0 + "#" + id;
    Escrow funding =
        Escrow.funding(
                id, "u-dep-s", "u-ben-s", FIVE_USDC, "shape", T0.plus(Duration.ofDays(1)), T0)
            .heldOn(NetworkId.BASE);
    assertThat(store.create(funding)).isTrue();
    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("pk", s("ESCROW#" + id));
    expected.put("sk", s("ESCROW"));
    expected.put("id", s(id));
    expected.put("depositorId", s("u-dep-s"));
    expected.put("beneficiaryId", s("u-ben-s"));
    expected.put("asset", s("USDC"));
    expected.put("amount", n(5_000_000));
    expected.put("description", s("shape"));
    expected.put("releaseAfter", s(T0.plus(Duration.ofDays(1)).toString()));
    expected.put("status", s("FUNDING"));
    Map<String, AttributeValue> onchain = new HashMap<>();
    onchain.put("network", s("BASE"));
    onchain.put("phase", s("REQUESTED"));
    onchain.put("calls", AttributeValue.fromL(List.of()));
    expected.put("onchain", AttributeValue.fromM(onchain));
    expected.put("generation", n(0));
    expected.put("version", n(0));
    expected.put("createdAt", s(T0.toString()));
    expected.put("updatedAt", s(T0.toString()));
    expected.put("gsi1pk", s("ESCROW_OPEN"));
    expected.put("gsi1sk", s(position));
    assertThat(raw(id)).isEqualTo(expected);
    for (String party : List.of("u-dep-s", "u-ben-s")) {
      assertThat(rawItem("ESCROWS#USER#" + party, position))
          .isEqualTo(
              Map.of(
                  "pk", s("ESCROWS#USER#" + party),
                  "sk", s(position),
                  "escrowId", s(id)));
    }

    Attempt signed =
        new Attempt(
            new SignedTransfer(new TxHash("0x" + "ab".repeat(32)), new byte[] {2, 1}, null),
            new TxFees.Eip1559(BigInteger.valueOf(60_000), BigInteger.TEN, BigInteger.ONE),
            T0.plusSeconds(1));
    OutgoingCall approve =
        OutgoingCall.first(
            "approve",
            new CallOrder(
                "alias/treasury",
                "0xFrom",
                "0xTo",
                "0x095ea7b3",
                7,
                new TxFees.Eip1559(BigInteger.valueOf(60_000), BigInteger.TEN, BigInteger.ONE)),
            signed);
    OnchainEscrow chain =
        funding
            .onchain()
            .prepared("0xContract", "0xToken", "0xBen", "0xDep", "0xArb")
            .sent(OnchainEscrow.Phase.APPROVING, approve);
    Escrow onchainHeld =
        update(update(funding.held(T0.plusSeconds(1))).withOnchain(chain, T0.plusSeconds(2)));
    Escrow disputed =
        update(
            update(onchainHeld.disputed("u-dep-s", "late", T0.plusSeconds(3)))
                .parked("task-s", T0.plusSeconds(4)));
    expected.put("status", s("DISPUTED"));
    onchain.put("phase", s("APPROVING"));
    onchain.put("contract", s("0xContract"));
    onchain.put("token", s("0xToken"));
    onchain.put("beneficiary", s("0xBen"));
    onchain.put("depositor", s("0xDep"));
    onchain.put("arbiter", s("0xArb"));
    Map<String, AttributeValue> attempt =
        Map.of(
            "hash", s("0x" + "ab".repeat(32)),
            "raw", s("0201"),
            "signedAt", s(T0.plusSeconds(1).toString()),
            "gasLimit", n(60_000),
            "maxFeePerGas", n(10),
            "maxPriorityFeePerGas", n(1));
    Map<String, AttributeValue> call =
        Map.of(
            "purpose", s("approve"),
            "keyId", s("alias/treasury"),
            "from", s("0xFrom"),
            "to", s("0xTo"),
            "data", s("0x095ea7b3"),
            "nonce", n(7),
            "attempts", AttributeValue.fromL(List.of(AttributeValue.fromM(attempt))));
    onchain.put("calls", AttributeValue.fromL(List.of(AttributeValue.fromM(call))));
    expected.put("onchain", AttributeValue.fromM(onchain));
    expected.put("disputedBy", s("u-dep-s"));
    expected.put("disputeReason", s("late"));
    expected.put("disputedAt", s(T0.plusSeconds(3).toString()));
    expected.put("taskToken", s("task-s"));
    expected.put("version", n(disputed.version()));
    expected.put("updatedAt", s(T0.plusSeconds(4).toString()));
    expected.put("gsi1pk", s("ESCROW_DISPUTED"));
    expected.put("gsi1sk", s(T0.plusSeconds(3) + "#" + id));
    assertThat(raw(id)).isEqualTo(expected);

    Escrow settling =
        update(disputed.settling(Decision.SPLIT, usdc(2), "admin-s", "fair", T0.plusSeconds(5)));
    Escrow split = update(settling.settled(T0.plusSeconds(6)));
    expected.put("status", s("SPLIT"));
    expected.put("decision", s("SPLIT"));
    expected.put("toBeneficiary", n(2));
    expected.put("toDepositor", n(4_999_998));
    expected.put("decidedBy", s("admin-s"));
    expected.put("decisionReason", s("fair"));
    expected.put("decidedAt", s(T0.plusSeconds(5).toString()));
    expected.put("endedAt", s(T0.plusSeconds(6).toString()));
    expected.remove("taskToken");
    expected.put("version", n(split.version()));
    expected.put("updatedAt", s(T0.plusSeconds(6).toString()));
    expected.remove("gsi1pk");
    expected.remove("gsi1sk");
    assertThat(raw(id)).isEqualTo(expected);

    String oldId = "esc_" + "cd".repeat(12);
    Map<String, AttributeValue> old = new HashMap<>(expected);
    old.put("pk", s("ESCROW#" + oldId));
    old.put("id", s(oldId));
    old.put("status", s("DISPUTED"));
    old.put("gsi1pk", s("ESCROW_DISPUTED"));
    // disputed ten years after the others: listed after every other test's
    old.put("gsi1sk", s(T0.plus(Duration.ofDays(3650)) + "#" + oldId));
    old.put("taskToken", s("task-o"));
    Map<String, AttributeValue> oldChain = new HashMap<>(onchain);
    oldChain.put("unknown", s("kept"));
    old.put("onchain", AttributeValue.fromM(oldChain));
    old.put("unknown", s("kept"));
    table.client.putItem(p -> p.tableName(DynamoDbSchema.TABLE_NAME).item(old));
    Escrow read =
        new Escrow(
            oldId,
            "u-dep-s",
            "u-ben-s",
            FIVE_USDC,
            "shape",
            T0.plus(Duration.ofDays(1)),
            Escrow.Status.DISPUTED,
            disputed.dispute(),
            split.outcome(),
            chain,
            0,
            "task-o",
            split.version(),
            T0,
            T0.plusSeconds(6));
    assertThat(store.find(oldId)).contains(read);
    assertThat(allDisputed()).contains(read);
    assertThat(store.open(10_000)).contains(read);
  }

  private static Escrow created(Instant at) {
    Escrow e = escrow(user(), user(), null, null, at);
    assertThat(store.create(e)).isTrue();
    return e;
  }

  private static TokenAmount usdc(long units) {
    return new TokenAmount(Asset.USDC, BigInteger.valueOf(units));
  }

  private static Escrow held(Escrow funding) {
    return update(funding.held(T0.plusSeconds(1)));
  }

  private static Escrow settling(Escrow funding, Decision decision, TokenAmount toBeneficiary) {
    return update(
        held(funding).settling(decision, toBeneficiary, "admin-1", "decided", T0.plusSeconds(2)));
  }

  private static Escrow update(Escrow next) {
    assertThat(store.update(next)).isTrue();
    return next;
  }

  /** Every disputed escrow, page by page. */
  private static List<Escrow> allDisputed() {
    List<Escrow> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<Escrow> page = store.disputed(PageRequest.of(2, cursor));
      assertThat(page.data()).hasSizeLessThanOrEqualTo(2);
      all.addAll(page.data());
      cursor = page.nextCursor();
    } while (cursor != null);
    return all;
  }

  /** The ids in a user's list, every page. */
  private static List<String> listed(String userId) {
    return store.ofUser(userId, PageRequest.of(100, null)).data().stream().map(Escrow::id).toList();
  }

  private static Map<String, AttributeValue> raw(String id) {
    return rawItem("ESCROW#" + id, "ESCROW");
  }

  private static Map<String, AttributeValue> rawItem(String pk, String sk) {
    return table
        .client
        .getItem(
            g -> g.tableName(DynamoDbSchema.TABLE_NAME).key(Keys.of(pk, sk)).consistentRead(true))
        .item();
  }

  private static Escrow escrow(
      String depositor, String beneficiary, String description, Instant releaseAfter, Instant at) {
    return Escrow.funding(id(), depositor, beneficiary, FIVE_USDC, description, releaseAfter, at);
  }

  private static String id() {
    return "esc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  private static String user() {
    return "u-" + UUID.randomUUID();
  }
}
