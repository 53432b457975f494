package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.keyed;
import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
    store = new DynamoDbSweepStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static Sweep fundingGas(String address, Instant at) {
    return new Sweep(
        "sweep-" + UUID.randomUUID(),
        NetworkId.BASE,
        "user-1",
        address,
        "key-1",
        "0xTreasury",
        BigInteger.valueOf(1_500_000_000),
        new TokenAmount(Asset.USDC, BigInteger.valueOf(1_500_000_000)),
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

  @Test
  void storedShapeIsPinned() {
    Sweep created =
        new Sweep(
            "sweep-shape-1",
            NetworkId.POLYGON,
            "user-s",
            "0xShApe",
            "key-s",
            "0xTreasury",
            BigInteger.valueOf(900),
            new TokenAmount(Asset.USDT, BigInteger.valueOf(800)),
            Sweep.Status.FUNDING_GAS,
            BigInteger.valueOf(77),
            SIGNED,
            null,
            null,
            -1,
            null,
            null,
            0,
            T0,
            T0);
    assertThat(store.create(created)).isTrue();
    Map<String, AttributeValue> signed =
        Map.of(
            "hash", s("0x" + "ef".repeat(32)),
            "raw", s("0209"),
            "signedAt", s(T0.toString()),
            "gasLimit", n(21_000),
            "maxFeePerGas", n(10),
            "maxPriorityFeePerGas", n(1));
    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("id", s("sweep-shape-1"));
    expected.put("network", s("POLYGON"));
    expected.put("asset", s("USDT"));
    expected.put("userId", s("user-s"));
    expected.put("address", s("0xShApe"));
    expected.put("keyId", s("key-s"));
    expected.put("treasury", s("0xTreasury"));
    expected.put("onchainAmount", n(900));
    expected.put("ledgerAmount", n(800));
    expected.put("status", s("FUNDING_GAS"));
    expected.put("gasTopUp", n(77));
    expected.put("gas", AttributeValue.fromM(signed));
    expected.put("sweepNonce", n(-1));
    expected.put("version", n(0));
    expected.put("createdAt", s(T0.toString()));
    expected.put("updatedAt", s(T0.toString()));
    String sk = T0 + "#sweep-shape-1";
    assertThat(table.raw("SWEEPS#POLYGON", sk)).isEqualTo(keyed(expected, "SWEEPS#POLYGON", sk));
    assertThat(table.raw("OPEN_SWEEP#POLYGON", "0xshape"))
        .isEqualTo(keyed(expected, "OPEN_SWEEP#POLYGON", "0xshape"));

    Sweep sweeping = created.sweeping(SIGNED, 4, BigInteger.valueOf(21), T0.plusSeconds(5));
    assertThat(store.update(sweeping)).isTrue();
    expected.put("status", s("SWEEPING"));
    expected.put("gasFee", n(21));
    expected.put("sweep", AttributeValue.fromM(signed));
    expected.put("sweepNonce", n(4));
    expected.put("version", n(1));
    expected.put("updatedAt", s(T0.plusSeconds(5).toString()));
    assertThat(table.raw("SWEEPS#POLYGON", sk)).isEqualTo(keyed(expected, "SWEEPS#POLYGON", sk));
    assertThat(table.raw("OPEN_SWEEP#POLYGON", "0xshape"))
        .isEqualTo(keyed(expected, "OPEN_SWEEP#POLYGON", "0xshape"));

    Sweep failed = sweeping.failed("stuck", T0.plusSeconds(9));
    assertThat(store.update(failed)).isTrue();
    expected.put("status", s("FAILED"));
    expected.put("failureReason", s("stuck"));
    expected.put("version", n(2));
    expected.put("updatedAt", s(T0.plusSeconds(9).toString()));
    assertThat(table.raw("SWEEPS#POLYGON", sk)).isEqualTo(keyed(expected, "SWEEPS#POLYGON", sk));
    assertThat(table.raw("OPEN_SWEEP#POLYGON", "0xshape")).isEmpty();

    store.saveCursor(NetworkId.POLYGON, 123);
    assertThat(table.raw("SWEEPER#POLYGON", "CURSOR"))
        .isEqualTo(keyed(Map.of("block", n(123)), "SWEEPER#POLYGON", "CURSOR"));

    Map<String, AttributeValue> old = new HashMap<>(expected);
    old.put("id", s("sweep-shape-2"));
    old.put("address", s("0xOld"));
    old.put("status", s("SWEEPING"));
    old.put("sweepFee", n(5));
    old.remove("failureReason");
    old.put("unknown", s("kept"));
    String oldSk = T0.plusSeconds(1) + "#sweep-shape-2";
    table.putRaw(keyed(old, "SWEEPS#POLYGON", oldSk));
    table.putRaw(keyed(old, "OPEN_SWEEP#POLYGON", "0xold"));
    table.putRaw(keyed(Map.of("block", n(200), "unknown", s("kept")), "SWEEPER#TRON", "CURSOR"));
    Sweep read =
        new Sweep(
            "sweep-shape-2",
            NetworkId.POLYGON,
            "user-s",
            "0xOld",
            "key-s",
            "0xTreasury",
            BigInteger.valueOf(900),
            new TokenAmount(Asset.USDT, BigInteger.valueOf(800)),
            Sweep.Status.SWEEPING,
            BigInteger.valueOf(77),
            SIGNED,
            BigInteger.valueOf(21),
            SIGNED,
            4,
            BigInteger.valueOf(5),
            null,
            2,
            T0,
            T0.plusSeconds(9));
    assertThat(store.open(NetworkId.POLYGON)).containsExactly(read);
    assertThat(store.recent(NetworkId.POLYGON, 1)).containsExactly(read);
    assertThat(store.recent(NetworkId.POLYGON, 5)).containsExactly(read, failed);
    assertThat(store.cursor(NetworkId.TRON)).hasValue(200);
  }
}
