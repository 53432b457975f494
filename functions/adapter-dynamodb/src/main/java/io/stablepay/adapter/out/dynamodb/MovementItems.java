package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.Movement;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A movement as an item ({@link MovementItem}): {@code MOVES#<userId> / <createdAt millis, 13
 * digits>#<id>}, so a query of the owner's partition in reverse is the statement, newest first. The
 * key depends only on what never changes (owner, creation time, id), so a status change rewrites
 * the same item.
 */
final class MovementItems {

  static final String PREFIX = "MOVES#";

  private MovementItems() {}

  /** The movement as a map, for the ledger's transaction, which posts it with raw updates. */
  static Map<String, AttributeValue> item(Movement m) {
    return MovementItem.SCHEMA.itemToMap(MovementItem.of(m), true);
  }

  static Movement movement(Map<String, AttributeValue> item) {
    return MovementItem.SCHEMA.mapToItem(item).movement();
  }

  static String sortKey(Movement m) {
    return String.format("%013d#%s", m.createdAt().toEpochMilli(), m.id());
  }

  /**
   * A statement line as stored: the movement's fields under their own names, enums by name, amounts
   * and counts as numbers, instants as ISO-8601 text; a null is an absent attribute.
   */
  record MovementItem(
      String pk,
      String sk,
      String id,
      String userId,
      String type,
      String direction,
      String status,
      String asset,
      BigInteger amount,
      BigInteger fee,
      Long confirmations,
      String createdAt,
      String network,
      String txHash,
      String counterparty,
      String memo,
      String confirmedAt) {

    static final TableSchema<MovementItem> SCHEMA =
        StaticImmutableTableSchema.builder(MovementItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(MovementItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, ItemSchemas.sortKey(MovementItem::sk, (b, v) -> b.sk = v))
            .addAttribute(String.class, attribute("id", MovementItem::id, (b, v) -> b.id = v))
            .addAttribute(
                String.class, attribute("userId", MovementItem::userId, (b, v) -> b.userId = v))
            .addAttribute(String.class, attribute("type", MovementItem::type, (b, v) -> b.type = v))
            .addAttribute(
                String.class,
                attribute("direction", MovementItem::direction, (b, v) -> b.direction = v))
            .addAttribute(
                String.class, attribute("status", MovementItem::status, (b, v) -> b.status = v))
            .addAttribute(
                String.class, attribute("asset", MovementItem::asset, (b, v) -> b.asset = v))
            .addAttribute(
                BigInteger.class, attribute("amount", MovementItem::amount, (b, v) -> b.amount = v))
            .addAttribute(
                BigInteger.class, attribute("fee", MovementItem::fee, (b, v) -> b.fee = v))
            .addAttribute(
                Long.class,
                attribute(
                    "confirmations", MovementItem::confirmations, (b, v) -> b.confirmations = v))
            .addAttribute(
                String.class,
                attribute("createdAt", MovementItem::createdAt, (b, v) -> b.createdAt = v))
            .addAttribute(
                String.class, attribute("network", MovementItem::network, (b, v) -> b.network = v))
            .addAttribute(
                String.class, attribute("txHash", MovementItem::txHash, (b, v) -> b.txHash = v))
            .addAttribute(
                String.class,
                attribute("counterparty", MovementItem::counterparty, (b, v) -> b.counterparty = v))
            .addAttribute(String.class, attribute("memo", MovementItem::memo, (b, v) -> b.memo = v))
            .addAttribute(
                String.class,
                attribute("confirmedAt", MovementItem::confirmedAt, (b, v) -> b.confirmedAt = v))
            .build();

    static MovementItem of(Movement m) {
      return new MovementItem(
          PREFIX + m.userId(),
          sortKey(m),
          m.id(),
          m.userId(),
          m.type().name(),
          m.direction().name(),
          m.status().name(),
          m.asset().name(),
          m.amount().units(),
          m.fee().units(),
          m.confirmations(),
          m.createdAt().toString(),
          m.network() == null ? null : m.network().name(),
          m.txHash(),
          m.counterparty(),
          m.memo(),
          m.confirmedAt() == null ? null : m.confirmedAt().toString());
    }

    Movement movement() {
      return new Movement(
          id,
          userId,
          Movement.Type.valueOf(type),
          Movement.Direction.valueOf(direction),
          Movement.Status.valueOf(status),
          new TokenAmount(Asset.valueOf(asset), amount),
          fee == null ? null : new TokenAmount(Asset.valueOf(asset), fee),
          network == null ? null : NetworkId.valueOf(network),
          txHash,
          counterparty,
          memo,
          confirmations,
          Instant.parse(createdAt),
          confirmedAt == null ? null : Instant.parse(confirmedAt));
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String id;
      private String userId;
      private String type;
      private String direction;
      private String status;
      private String asset;
      private BigInteger amount;
      private BigInteger fee;
      private Long confirmations;
      private String createdAt;
      private String network;
      private String txHash;
      private String counterparty;
      private String memo;
      private String confirmedAt;

      MovementItem build() {
        return new MovementItem(
            pk,
            sk,
            id,
            userId,
            type,
            direction,
            status,
            asset,
            amount,
            fee,
            confirmations,
            createdAt,
            network,
            txHash,
            counterparty,
            memo,
            confirmedAt);
      }
    }
  }
}
