package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Statement lines ({@code MOVES#<userId> / <millis>#<id>}) attribute by attribute as the raw-map
 * code wrote them, through the store and as the map the ledger posts: what is written is exactly
 * that shape, and an item of that shape (with an attribute the store does not know) reads back as
 * it did. The table is live, so neither may change.
 */
class DynamoDbMovementShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static TableSettings settings;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    settings = new TableSettings();
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void movements() {
    DynamoDbMovementStore store = new DynamoDbMovementStore(table.enhanced, settings);
    Movement full =
        new Movement(
            "mv-full",
            "user-m",
            Movement.Type.DEPOSIT,
            Movement.Direction.IN,
            Movement.Status.COMPLETED,
            new TokenAmount(Asset.USDT, new BigInteger("123456789012345678901234567890")),
            new TokenAmount(Asset.USDT, BigInteger.valueOf(7)),
            NetworkId.ETHEREUM,
            "0xhash",
            "0xfrom",
            "a memo",
            12,
            T,
            T.plusSeconds(30));
    Movement bare =
        new Movement(
            "mv-bare",
            "user-m",
            Movement.Type.P2P,
            Movement.Direction.OUT,
            Movement.Status.PENDING,
            new TokenAmount(Asset.USDC, BigInteger.TEN),
            null,
            null,
            null,
            null,
            null,
            0,
            T.plusSeconds(1),
            null);
    store.save(full);
    store.save(bare);

    String fullKey = String.format("%013d#mv-full", T.toEpochMilli());
    Map<String, AttributeValue> fullItem = new HashMap<>();
    fullItem.put("pk", s("MOVES#user-m"));
    fullItem.put("sk", s(fullKey));
    fullItem.put("id", s("mv-full"));
    fullItem.put("userId", s("user-m"));
    fullItem.put("type", s("DEPOSIT"));
    fullItem.put("direction", s("IN"));
    fullItem.put("status", s("COMPLETED"));
    fullItem.put("asset", s("USDT"));
    fullItem.put("amount", AttributeValue.fromN("123456789012345678901234567890"));
    fullItem.put("fee", n(7));
    fullItem.put("confirmations", n(12));
    fullItem.put("createdAt", s(T.toString()));
    fullItem.put("network", s("ETHEREUM"));
    fullItem.put("txHash", s("0xhash"));
    fullItem.put("counterparty", s("0xfrom"));
    fullItem.put("memo", s("a memo"));
    fullItem.put("confirmedAt", s(T.plusSeconds(30).toString()));
    assertThat(table.raw("MOVES#user-m", fullKey)).isEqualTo(fullItem);
    assertThat(MovementItems.item(full)).isEqualTo(fullItem);

    String bareKey = String.format("%013d#mv-bare", T.plusSeconds(1).toEpochMilli());
    Map<String, AttributeValue> bareItem = new HashMap<>();
    bareItem.put("pk", s("MOVES#user-m"));
    bareItem.put("sk", s(bareKey));
    bareItem.put("id", s("mv-bare"));
    bareItem.put("userId", s("user-m"));
    bareItem.put("type", s("P2P"));
    bareItem.put("direction", s("OUT"));
    bareItem.put("status", s("PENDING"));
    bareItem.put("asset", s("USDC"));
    bareItem.put("amount", n(10));
    bareItem.put("fee", n(0));
    bareItem.put("confirmations", n(0));
    bareItem.put("createdAt", s(T.plusSeconds(1).toString()));
    assertThat(table.raw("MOVES#user-m", bareKey)).isEqualTo(bareItem);
    assertThat(MovementItems.item(bare)).isEqualTo(bareItem);

    Map<String, AttributeValue> old = new HashMap<>(fullItem);
    old.put("pk", s("MOVES#user-o"));
    old.put("userId", s("user-o"));
    old.put("unknown", s("kept"));
    table.putRaw(old);
    Map<String, AttributeValue> oldBare = new HashMap<>(bareItem);
    oldBare.put("pk", s("MOVES#user-o"));
    oldBare.put("userId", s("user-o"));
    oldBare.put("unknown", s("kept"));
    table.putRaw(oldBare);
    Movement fullOfOld =
        new Movement(
            "mv-full",
            "user-o",
            full.type(),
            full.direction(),
            full.status(),
            full.amount(),
            full.fee(),
            full.network(),
            full.txHash(),
            full.counterparty(),
            full.memo(),
            full.confirmations(),
            full.createdAt(),
            full.confirmedAt());
    Movement bareOfOld =
        new Movement(
            "mv-bare",
            "user-o",
            bare.type(),
            bare.direction(),
            bare.status(),
            bare.amount(),
            bare.fee(),
            null,
            null,
            null,
            null,
            0,
            bare.createdAt(),
            null);
    assertThat(store.list("user-o", Movement.Filter.ANY, PageRequest.of(10, null)).data())
        .containsExactly(bareOfOld, fullOfOld);
    assertThat(MovementItems.movement(old)).isEqualTo(fullOfOld);
    assertThat(MovementItems.movement(oldBare)).isEqualTo(bareOfOld);
  }
}
