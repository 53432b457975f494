package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.ledger.Movement;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A movement as an item: {@code MOVES#<userId> / <createdAt millis, 13 digits>#<id>}, so a query of
 * the owner's partition in reverse is the statement, newest first. The key depends only on what
 * never changes (owner, creation time, id), so a status change rewrites the same item.
 */
final class MovementItems {

  static final String PREFIX = "MOVES#";

  private MovementItems() {}

  static Map<String, AttributeValue> item(Movement m) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(PREFIX + m.userId(), sortKey(m)));
    item.put("id", s(m.id()));
    item.put("userId", s(m.userId()));
    item.put("type", s(m.type().name()));
    item.put("direction", s(m.direction().name()));
    item.put("status", s(m.status().name()));
    item.put("asset", s(m.asset().name()));
    item.put("amount", AttributeValue.fromN(m.amount().toString()));
    item.put("fee", AttributeValue.fromN(m.fee().toString()));
    item.put("confirmations", AttributeValue.fromN(Long.toString(m.confirmations())));
    item.put("createdAt", s(m.createdAt().toString()));
    Attributes.put(item, "network", m.network() == null ? null : m.network().name());
    Attributes.put(item, "txHash", m.txHash());
    Attributes.put(item, "counterparty", m.counterparty());
    Attributes.put(item, "memo", m.memo());
    Attributes.put(item, "confirmedAt", m.confirmedAt());
    return item;
  }

  static Movement movement(Map<String, AttributeValue> item) {
    return new Movement(
        item.get("id").s(),
        item.get("userId").s(),
        Movement.Type.valueOf(item.get("type").s()),
        Movement.Direction.valueOf(item.get("direction").s()),
        Movement.Status.valueOf(item.get("status").s()),
        Asset.valueOf(item.get("asset").s()),
        new BigInteger(item.get("amount").n()),
        new BigInteger(item.get("fee").n()),
        item.containsKey("network") ? NetworkId.valueOf(item.get("network").s()) : null,
        Attributes.text(item, "txHash"),
        Attributes.text(item, "counterparty"),
        Attributes.text(item, "memo"),
        Long.parseLong(item.get("confirmations").n()),
        Instant.parse(item.get("createdAt").s()),
        item.containsKey("confirmedAt") ? Instant.parse(item.get("confirmedAt").s()) : null);
  }

  static String sortKey(Movement m) {
    return String.format("%013d#%s", m.createdAt().toEpochMilli(), m.id());
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
