package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
    store = new DynamoDbWithdrawalStore(table.client, new TableSettings());
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
        Asset.USDT,
        BigInteger.valueOf(3_000_000),
        BigInteger.valueOf(12_345),
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
}
