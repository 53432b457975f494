package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.ScanProgress;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deposit store's items (deposits, their pending copies, the watchers' cursors and the recent
 * block hashes) attribute by attribute as the store has always written them, and items of that
 * shape (with an attribute the store does not know) read back. The table is live, so neither may
 * change.
 */
class DynamoDbDepositShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TX = "0xABCDEF0123";
  private static final BigInteger HUGE = new BigInteger("123456789012345678901234567890");

  private static LocalTable table;
  private static DynamoDbDepositStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbDepositStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aCursorKeepsItsShape() {
    NetworkId network = NetworkId.ETHEREUM;
    assertThat(
            store.advance(network, null, new ScanProgress(10, "0xh10", 12, T, null, null), false))
        .isTrue();
    Map<String, AttributeValue> cursor =
        new HashMap<>(
            Map.of(
                "pk",
                s("WATCHER#ETHEREUM"),
                "sk",
                s("PROGRESS"),
                "block",
                n(10),
                "head",
                n(12),
                "blockHash",
                s("0xh10"),
                "lastSuccessAt",
                s(T.toString())));
    assertThat(table.raw("WATCHER#ETHEREUM", "PROGRESS")).isEqualTo(cursor);

    store.failed(network, "rpc down", T.plusSeconds(1));
    cursor.put("lastError", s("rpc down"));
    cursor.put("lastErrorAt", s(T.plusSeconds(1).toString()));
    assertThat(table.raw("WATCHER#ETHEREUM", "PROGRESS")).isEqualTo(cursor);

    assertThat(store.advance(network, 10L, new ScanProgress(11, null, 13, null, null, null), true))
        .isTrue();
    assertThat(table.raw("WATCHER#ETHEREUM", "PROGRESS"))
        .isEqualTo(
            Map.of(
                "pk", s("WATCHER#ETHEREUM"), "sk", s("PROGRESS"), "block", n(11), "head", n(13)));

    store.failed(NetworkId.POLYGON, "x".repeat(600), T);
    assertThat(table.raw("WATCHER#POLYGON", "PROGRESS"))
        .isEqualTo(
            Map.of(
                "pk",
                s("WATCHER#POLYGON"),
                "sk",
                s("PROGRESS"),
                "block",
                n(-1),
                "head",
                n(-1),
                "lastError",
                s("x".repeat(500)),
                "lastErrorAt",
                s(T.toString())));

    table.putRaw(
        Map.of(
            "pk",
            s("WATCHER#BSC"),
            "sk",
            s("PROGRESS"),
            "block",
            n(7),
            "head",
            n(9),
            "blockHash",
            s("0xh7"),
            "lastSuccessAt",
            s(T.toString()),
            "lastError",
            s("late"),
            "lastErrorAt",
            s(T.plusSeconds(2).toString()),
            "unknown",
            s("kept")));
    assertThat(store.progress(NetworkId.BSC))
        .contains(new ScanProgress(7, "0xh7", 9, T, "late", T.plusSeconds(2)));
    assertThat(store.progress(NetworkId.POLYGON))
        .contains(new ScanProgress(-1, null, -1, null, "x".repeat(500), T));
  }

  @Test
  void aRememberedBlockKeepsItsShape() {
    Instant before = Instant.now();
    store.rememberBlock(NetworkId.ARBITRUM, 42, "0xb42");
    Map<String, AttributeValue> block = table.raw("BLOCKS#ARBITRUM", "00000000000000000042");
    assertThat(block.keySet()).containsExactlyInAnyOrder("pk", "sk", "number", "hash", "expiresAt");
    assertThat(block)
        .containsEntry("pk", s("BLOCKS#ARBITRUM"))
        .containsEntry("sk", s("00000000000000000042"))
        .containsEntry("number", n(42))
        .containsEntry("hash", s("0xb42"));
    assertThat(Long.parseLong(block.get("expiresAt").n()))
        .isBetween(
            before.plus(Duration.ofDays(2)).getEpochSecond(),
            Instant.now().plus(Duration.ofDays(2)).getEpochSecond());

    table.putRaw(
        Map.of(
            "pk",
            s("BLOCKS#ARBITRUM"),
            "sk",
            s("00000000000000000043"),
            "number",
            n(43),
            "hash",
            s("0xb43"),
            "expiresAt",
            n(T.getEpochSecond()),
            "unknown",
            s("kept")));
    assertThat(store.recentBlocks(NetworkId.ARBITRUM, 5))
        .containsExactly(Map.entry(42L, "0xb42"), Map.entry(43L, "0xb43"));
    store.forgetBlocksAbove(NetworkId.ARBITRUM, 42);
    assertThat(table.raw("BLOCKS#ARBITRUM", "00000000000000000043")).isEmpty();
    assertThat(store.recentBlocks(NetworkId.ARBITRUM, 5)).containsOnlyKeys(42L);
  }

  @Test
  void aDepositAndItsPendingCopyKeepTheirShape() {
    Deposit seen =
        new Deposit(
            NetworkId.OPTIMISM,
            TX,
            3,
            100,
            "0xblock100",
            "0xfrom",
            null,
            "user-s",
            new TokenAmount(Asset.DAI, BigInteger.valueOf(5_000_000)),
            HUGE,
            Deposit.Status.CONFIRMING,
            0,
            T,
            null);
    assertThat(store.save(seen, null)).isTrue();
    Map<String, AttributeValue> attributes = new HashMap<>();
    attributes.putAll(
        Map.of(
            "network",
            s("OPTIMISM"),
            "txHash",
            s(TX),
            "logIndex",
            n(3),
            "blockNumber",
            n(100),
            "blockHash",
            s("0xblock100"),
            "asset",
            s("DAI"),
            "from",
            s("0xfrom"),
            "userId",
            s("user-s"),
            "amount",
            n(5_000_000),
            "onchainAmount",
            AttributeValue.fromN(HUGE.toString())));
    attributes.putAll(
        Map.of("status", s("CONFIRMING"), "generation", n(0), "seenAt", s(T.toString())));
    Map<String, AttributeValue> deposit = new HashMap<>(attributes);
    deposit.putAll(
        Map.of(
            "pk",
            s("DEPOSIT#OPTIMISM#0xabcdef0123#3"),
            "sk",
            s("DEPOSIT"),
            "gsi1pk",
            s("DEPOSITS#OPTIMISM"),
            "gsi1sk",
            s("00000000000000000100#0xabcdef0123#3")));
    Map<String, AttributeValue> pending = new HashMap<>(attributes);
    pending.putAll(Map.of("pk", s("PENDING#OPTIMISM"), "sk", s("0xabcdef0123#3")));
    assertThat(table.raw("DEPOSIT#OPTIMISM#0xabcdef0123#3", "DEPOSIT")).isEqualTo(deposit);
    assertThat(table.raw("PENDING#OPTIMISM", "0xabcdef0123#3")).isEqualTo(pending);

    assertThat(store.save(seen.credited(T.plusSeconds(60)), seen)).isTrue();
    deposit.put("status", s("CREDITED"));
    deposit.put("creditedAt", s(T.plusSeconds(60).toString()));
    assertThat(table.raw("DEPOSIT#OPTIMISM#0xabcdef0123#3", "DEPOSIT")).isEqualTo(deposit);
    assertThat(table.raw("PENDING#OPTIMISM", "0xabcdef0123#3")).isEmpty();
    assertThat(store.save(seen.credited(T.plusSeconds(61)), seen))
        .as("not over the stored version")
        .isFalse();

    Map<String, AttributeValue> old = new HashMap<>(attributes);
    old.putAll(
        Map.of(
            "pk",
            s("DEPOSIT#BASE#0xold#1"),
            "sk",
            s("DEPOSIT"),
            "gsi1pk",
            s("DEPOSITS#BASE"),
            "gsi1sk",
            s("00000000000000000200#0xold#1"),
            "network",
            s("BASE"),
            "txHash",
            s("0xOLD"),
            "logIndex",
            n(1),
            "blockNumber",
            n(200),
            "to",
            s("0xto"),
            "generation",
            n(2)));
    old.put("unknown", s("kept"));
    Map<String, AttributeValue> oldPending = new HashMap<>(old);
    oldPending.remove("gsi1pk");
    oldPending.remove("gsi1sk");
    oldPending.putAll(Map.of("pk", s("PENDING#BASE"), "sk", s("0xold#1")));
    table.putRaw(old);
    table.putRaw(oldPending);
    Deposit stored =
        new Deposit(
            NetworkId.BASE,
            "0xOLD",
            1,
            200,
            "0xblock100",
            "0xfrom",
            "0xto",
            "user-s",
            new TokenAmount(Asset.DAI, BigInteger.valueOf(5_000_000)),
            HUGE,
            Deposit.Status.CONFIRMING,
            2,
            T,
            null);
    assertThat(store.find(NetworkId.BASE, "0xold", 1)).contains(stored);
    assertThat(store.confirming(NetworkId.BASE)).containsExactly(stored);
    assertThat(store.above(NetworkId.BASE, 199)).containsExactly(stored);
    assertThat(store.above(NetworkId.BASE, 200)).isEmpty();
  }
}
