package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.keyed;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Withdrawals on DynamoDB Local: every signed version (raw bytes included) survives the round trip,
 * writes only land over the version read, and the open index follows the status.
 */
class DynamoDbWithdrawalStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static LocalTable table;
  private static DynamoDbWithdrawalStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbWithdrawalStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static Withdrawal created(NetworkId network) {
    return Withdrawal.create(
        "wd-" + UUID.randomUUID(),
        "user-1",
        network,
        new TokenAmount(Asset.USDT, BigInteger.valueOf(3_000_000)),
        new TokenAmount(Asset.USDT, BigInteger.valueOf(12_345)),
        "0xRecipient",
        "0xTreasury",
        "alias/stablepay/treasury/" + network,
        T0);
  }

  @Test
  void signedVersionsRoundTripAndTheOpenIndexFollowsTheStatus() {
    Withdrawal created = created(NetworkId.ARBITRUM);
    assertThat(store.create(created)).isTrue();
    assertThat(store.create(created)).as("the id is taken").isFalse();
    assertThat(store.open(NetworkId.ARBITRUM)).containsExactly(created);

    Withdrawal.Attempt evm =
        new Withdrawal.Attempt(
            new SignedTransfer(
                new TxHash("0x" + "ab".repeat(32)), new byte[] {2, -1, 0, 127}, null),
            new TxFees.Eip1559(
                BigInteger.valueOf(60_000), BigInteger.valueOf(2_000_000_000L), BigInteger.ONE),
            T0.plusSeconds(1));
    Withdrawal.Attempt tron =
        new Withdrawal.Attempt(
            new SignedTransfer(
                new TxHash("cd".repeat(32)), new byte[] {10, 20}, T0.plusSeconds(60)),
            new TxFees.Tron(BigInteger.valueOf(30_000_000)),
            T0.plusSeconds(2));
    assertThat(store.update(created.signed(41, evm, T0))).isTrue();
    assertThat(store.update(created.signed(41, tron, T0)))
        .as("a second writer of version 1 read version 0, which is gone")
        .isFalse();

    Withdrawal twice = store.find(created.id()).orElseThrow().signed(41, tron, T0.plusSeconds(2));
    assertThat(store.update(twice)).isTrue();
    Withdrawal read = store.find(created.id()).orElseThrow();
    assertThat(read).isEqualTo(twice);
    assertThat(read.attempts().get(0).transfer().raw()).containsExactly(2, -1, 0, 127);
    assertThat(read.attempts().get(1).transfer().expiresAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(store.open(NetworkId.ARBITRUM)).containsExactly(read);

    Withdrawal done = read.completed(T0.plusSeconds(99));
    assertThat(store.update(done)).isTrue();
    assertThat(store.find(created.id())).contains(done);
    assertThat(store.open(NetworkId.ARBITRUM)).isEmpty();
    assertThat(store.update(read.failed("late", T0.plusSeconds(100))))
        .as("a stale writer cannot undo the outcome")
        .isFalse();
  }

  @Test
  void onlyAnUntouchedCreatedWithdrawalCanBeDiscarded() {
    Withdrawal created = created(NetworkId.OPTIMISM);
    store.create(created);
    Withdrawal failed = created.failed("interrupted", T0);
    store.update(failed);
    assertThat(store.discard(created)).isFalse();
    assertThat(store.find(created.id())).contains(failed);

    Withdrawal other = created(NetworkId.OPTIMISM);
    store.create(other);
    assertThat(store.discard(other)).isTrue();
    assertThat(store.find(other.id())).isEmpty();
    assertThat(store.open(NetworkId.OPTIMISM)).isEmpty();
  }

  @Test
  void storedShapeIsPinned() {
    Withdrawal created =
        Withdrawal.create(
            "wd-shape-1",
            "user-s",
            NetworkId.ETHEREUM,
            new TokenAmount(Asset.USDC, BigInteger.valueOf(5_000_000)),
            new TokenAmount(Asset.USDC, BigInteger.ZERO),
            "0xTo",
            "0xFrom",
            "alias/k",
            T0);
    assertThat(store.create(created)).isTrue();
    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("id", s("wd-shape-1"));
    expected.put("userId", s("user-s"));
    expected.put("network", s("ETHEREUM"));
    expected.put("asset", s("USDC"));
    expected.put("amount", AttributeValue.fromN("5000000"));
    expected.put("fee", AttributeValue.fromN("0"));
    expected.put("to", s("0xTo"));
    expected.put("from", s("0xFrom"));
    expected.put("keyId", s("alias/k"));
    expected.put("status", s("CREATED"));
    expected.put("nonce", AttributeValue.fromN("-1"));
    expected.put("attempts", AttributeValue.fromL(List.of()));
    expected.put("version", AttributeValue.fromN("0"));
    expected.put("createdAt", s(T0.toString()));
    expected.put("updatedAt", s(T0.toString()));
    String openSk = T0 + "#wd-shape-1";
    assertThat(table.raw("WITHDRAWAL#wd-shape-1", "WITHDRAWAL"))
        .isEqualTo(keyed(expected, "WITHDRAWAL#wd-shape-1", "WITHDRAWAL"));
    assertThat(table.raw("OPEN_WITHDRAWALS#ETHEREUM", openSk))
        .isEqualTo(keyed(expected, "OPEN_WITHDRAWALS#ETHEREUM", openSk));

    Withdrawal.Attempt evm =
        new Withdrawal.Attempt(
            new SignedTransfer(new TxHash("0x" + "ef".repeat(32)), new byte[] {1, -2}, null),
            new TxFees.Eip1559(BigInteger.valueOf(60_000), BigInteger.TEN, BigInteger.ONE),
            T0.plusSeconds(1));
    Withdrawal.Attempt tron =
        new Withdrawal.Attempt(
            new SignedTransfer(new TxHash("12".repeat(32)), new byte[] {3}, T0.plusSeconds(60)),
            new TxFees.Tron(BigInteger.valueOf(30_000_000)),
            T0.plusSeconds(2));
    Withdrawal signed =
        created.signed(7, evm, T0.plusSeconds(1)).signed(8, tron, T0.plusSeconds(2));
    Withdrawal pending =
        new Withdrawal(
            signed.id(),
            signed.userId(),
            signed.network(),
            signed.amount(),
            signed.fee(),
            signed.to(),
            signed.from(),
            signed.keyId(),
            signed.status(),
            signed.nonce(),
            signed.attempts(),
            signed.failureReason(),
            1,
            signed.createdAt(),
            signed.updatedAt());
    assertThat(store.update(pending)).isTrue();
    Map<String, AttributeValue> evmItem =
        Map.of(
            "hash", s("0x" + "ef".repeat(32)),
            "raw", s("01fe"),
            "signedAt", s(T0.plusSeconds(1).toString()),
            "gasLimit", AttributeValue.fromN("60000"),
            "maxFeePerGas", AttributeValue.fromN("10"),
            "maxPriorityFeePerGas", AttributeValue.fromN("1"));
    Map<String, AttributeValue> tronItem =
        Map.of(
            "hash", s("12".repeat(32)),
            "raw", s("03"),
            "expiresAt", s(T0.plusSeconds(60).toString()),
            "signedAt", s(T0.plusSeconds(2).toString()),
            "feeLimitSun", AttributeValue.fromN("30000000"));
    expected.put("status", s("PENDING"));
    expected.put("nonce", AttributeValue.fromN("8"));
    expected.put(
        "attempts",
        AttributeValue.fromL(
            List.of(AttributeValue.fromM(evmItem), AttributeValue.fromM(tronItem))));
    expected.put("version", AttributeValue.fromN("1"));
    expected.put("updatedAt", s(T0.plusSeconds(2).toString()));
    assertThat(table.raw("WITHDRAWAL#wd-shape-1", "WITHDRAWAL"))
        .isEqualTo(keyed(expected, "WITHDRAWAL#wd-shape-1", "WITHDRAWAL"));
    assertThat(table.raw("OPEN_WITHDRAWALS#ETHEREUM", openSk))
        .isEqualTo(keyed(expected, "OPEN_WITHDRAWALS#ETHEREUM", openSk));

    Withdrawal failed = pending.failed("reverted", T0.plusSeconds(3));
    assertThat(store.update(failed)).isTrue();
    expected.put("status", s("FAILED"));
    expected.put("failureReason", s("reverted"));
    expected.put("version", AttributeValue.fromN("2"));
    expected.put("updatedAt", s(T0.plusSeconds(3).toString()));
    assertThat(table.raw("WITHDRAWAL#wd-shape-1", "WITHDRAWAL"))
        .isEqualTo(keyed(expected, "WITHDRAWAL#wd-shape-1", "WITHDRAWAL"));
    assertThat(table.raw("OPEN_WITHDRAWALS#ETHEREUM", openSk)).isEmpty();

    Map<String, AttributeValue> old = new HashMap<>(expected);
    old.put("id", s("wd-shape-2"));
    old.put("status", s("PENDING"));
    old.remove("failureReason");
    old.put("unknown", s("kept"));
    String oldSk = T0 + "#wd-shape-2";
    table.putRaw(keyed(old, "WITHDRAWAL#wd-shape-2", "WITHDRAWAL"));
    table.putRaw(keyed(old, "OPEN_WITHDRAWALS#ETHEREUM", oldSk));
    Withdrawal read =
        new Withdrawal(
            "wd-shape-2",
            pending.userId(),
            pending.network(),
            pending.amount(),
            pending.fee(),
            pending.to(),
            pending.from(),
            pending.keyId(),
            pending.status(),
            pending.nonce(),
            pending.attempts(),
            null,
            2,
            pending.createdAt(),
            T0.plusSeconds(3));
    assertThat(store.find("wd-shape-2")).contains(read);
    assertThat(store.open(NetworkId.ETHEREUM)).containsExactly(read);
  }
}
