package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sweeps on DynamoDB Local: one open per address, versioned writes, a forward-only cursor. */
class DynamoDbSweepStoreIT {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  private static final Attempt SIGNED =
      new Attempt(
          new SignedTransfer(new TxHash("0x" + "ef".repeat(32)), new byte[] {2, 9}, null),
          new TxFees.Eip1559(BigInteger.valueOf(21_000), BigInteger.TEN, BigInteger.ONE),
          T0);

  private static LocalTable table;
  private static DynamoDbSweepStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbSweepStore(table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static Sweep fundingGas(String address, Instant at) {
    return new Sweep(
        "sweep-" + UUID.randomUUID(),
        NetworkId.BASE,
        Asset.USDC,
        "user-1",
        address,
        "key-1",
        "0xTreasury",
        BigInteger.valueOf(1_500_000_000),
        BigInteger.valueOf(1_500_000_000),
        Sweep.Status.FUNDING_GAS,
        BigInteger.valueOf(777),
        SIGNED,
        null,
        null,
        -1,
        null,
        null,
        0,
        at,
        at);
  }

  @Test
  void anAddressHasOneOpenSweepAndItsCostsRoundTrip() {
    Sweep first = fundingGas("0xAbC0000000000000000000000000000000000001", T0);
    assertThat(store.create(first)).isTrue();
    assertThat(
            store.create(
                fundingGas("0xabc0000000000000000000000000000000000001", T0.plusSeconds(1))))
        .as("same address, any case")
        .isFalse();
    assertThat(store.open(NetworkId.BASE)).containsExactly(first);

    Sweep sweeping = first.sweeping(SIGNED, 4, BigInteger.valueOf(21_000), T0.plusSeconds(5));
    assertThat(store.update(sweeping)).isTrue();
    assertThat(store.update(first.sweeping(SIGNED, 5, BigInteger.ONE, T0))).isFalse();
    Sweep done = sweeping.completed(BigInteger.valueOf(50_000), T0.plusSeconds(9));
    assertThat(store.update(done)).isTrue();

    assertThat(store.open(NetworkId.BASE)).isEmpty();
    Sweep read = store.recent(NetworkId.BASE, 10).getFirst();
    assertThat(read).isEqualTo(done);
    assertThat(read.cost()).isEqualTo(BigInteger.valueOf(71_000));
    assertThat(read.sweep().transfer().raw()).containsExactly(2, 9);
    assertThat(
            store.create(
                fundingGas("0xabc0000000000000000000000000000000000001", T0.plusSeconds(10))))
        .as("the address is free again")
        .isTrue();
    assertThat(store.recent(NetworkId.BASE, 10))
        .hasSize(2)
        .first()
        .satisfies(newest -> assertThat(newest.createdAt()).isEqualTo(T0.plusSeconds(10)));
  }

  @Test
  void theCursorOnlyMovesForward() {
    assertThat(store.cursor(NetworkId.OPTIMISM)).isEmpty();
    store.saveCursor(NetworkId.OPTIMISM, 40);
    store.saveCursor(NetworkId.OPTIMISM, 12);
    assertThat(store.cursor(NetworkId.OPTIMISM)).hasValue(40);
    store.saveCursor(NetworkId.OPTIMISM, 41);
    assertThat(store.cursor(NetworkId.OPTIMISM)).hasValue(41);
  }
}
