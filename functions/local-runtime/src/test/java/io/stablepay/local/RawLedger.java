package io.stablepay.local;

import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The floors of the request-path benchmark ({@link Bench}): what the platform's own requests cost
 * at the bottom, on the same table of the same emulated DynamoDB, with the AWS SDK v2 directly.
 *
 * <p>{@link #transfer} is one P2P transfer as the ledger posts it (DynamoDbLedgerStore with
 * PeerTransferService's movements and limits): one {@code TransactWriteItems} of 9 items, the
 * transfer put if absent, per leg an entry put if absent and a balance update (the debit under
 * {@code balance >= :need}), the two statement lines, the two daily-limit counters under {@code
 * used <= :room}. Same keys, attribute names and roughly the same sizes, on accounts of their own
 * ({@code bench-*}), so nothing the API's users hold is touched.
 */
final class RawLedger {

  private static final String PK = DynamoDbSchema.PARTITION_KEY;
  private static final String SK = DynamoDbSchema.SORT_KEY;
  private static final String ASSET = "USDT";

  private final DynamoDbClient dynamoDb;
  private final String table;

  RawLedger(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /** The sender {@code "bench-sender-<pair>"}'s balance, enough for any run. */
  void seed(int pair) {
    dynamoDb.putItem(
        p ->
            p.tableName(table)
                .item(
                    Map.of(
                        PK,
                        s(account(sender(pair))),
                        SK,
                        s("BALANCE"),
                        "balance",
                        n("1000000000000000"))));
  }

  /** One consistent read of the sender {@code pair}'s balance item: the floor of a read. */
  void readBalance(int pair) {
    dynamoDb.getItem(
        g ->
            g.tableName(table)
                .key(Map.of(PK, s(account(sender(pair))), SK, s("BALANCE")))
                .consistentRead(true));
  }

  /** One 9-item transfer of 0.01 USDT (10,000 base units) from pair's sender to its recipient. */
  void transfer(int pair) {
    String id = "p2p-bench-" + UUID.randomUUID().toString().replace("-", "");
    String from = sender(pair);
    String to = "bench-recipient-" + pair;
    Instant now = Instant.now();
    String at = now.toString();
    long units = 10_000;
    String notThere = "attribute_not_exists(" + PK + ")";
    List<TransactWriteItem> items =
        List.of(
            put(
                Map.of(
                    PK,
                    s("TRANSFER#" + id),
                    SK,
                    s("TRANSFER"),
                    "type",
                    s("P2P"),
                    "fingerprint",
                    s("P2P|" + leg(from) + "=-" + units + "," + leg(to) + "=" + units),
                    "postedAt",
                    s(at)),
                notThere),
            put(entry(from, id, -units, at), notThere),
            balance(from, -units),
            put(entry(to, id, units, at), notThere),
            balance(to, units),
            put(line(id, from, "OUT", to, units, now), null),
            put(line(id, to, "IN", from, units, now), null),
            limit("p2p-out/" + from + "/" + ASSET + "/" + day(now), units, now),
            limit("p2p-in/" + to + "/" + ASSET + "/" + day(now), units, now));
    dynamoDb.transactWriteItems(t -> t.transactItems(items));
  }

  private static String sender(int pair) {
    return "bench-sender-" + pair;
  }

  private static String account(String user) {
    return "ACCOUNT#user/" + user + "#" + ASSET;
  }

  /** A leg's account as the fingerprint spells it (the record's own text). */
  private static String leg(String user) {
    return "AccountId[name=user/" + user + ", asset=" + ASSET + "]";
  }

  private static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }

  private static Map<String, AttributeValue> entry(String user, String id, long units, String at) {
    return Map.of(
        PK,
        s(account(user)),
        SK,
        s("ENTRY#" + id),
        "transferId",
        s(id),
        "amount",
        n(Long.toString(units)),
        "postedAt",
        s(at));
  }

  private static Map<String, AttributeValue> line(
      String id, String owner, String direction, String counterparty, long units, Instant at) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s("MOVES#" + owner));
    item.put(SK, s(String.format("%013d#%s", at.toEpochMilli(), id)));
    item.put("id", s(id));
    item.put("userId", s(owner));
    item.put("type", s("P2P"));
    item.put("direction", s(direction));
    item.put("status", s("COMPLETED"));
    item.put("asset", s(ASSET));
    item.put("amount", n(Long.toString(units)));
    item.put("fee", n("0"));
    item.put("createdAt", s(at.toString()));
    item.put("counterparty", s(counterparty + "@example.com"));
    item.put("confirmedAt", s(at.toString()));
    return item;
  }

  private TransactWriteItem put(Map<String, AttributeValue> item, String condition) {
    return TransactWriteItem.builder()
        .put(p -> p.tableName(table).item(item).conditionExpression(condition))
        .build();
  }

  private TransactWriteItem balance(String user, long delta) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":zero", n("0"));
    values.put(":delta", n(Long.toString(delta)));
    if (delta < 0) {
      values.put(":need", n(Long.toString(-delta)));
    }
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(Map.of(PK, s(account(user)), SK, s("BALANCE")))
                    .updateExpression("SET balance = if_not_exists(balance, :zero) + :delta")
                    .conditionExpression(delta < 0 ? "balance >= :need" : null)
                    .expressionAttributeValues(values))
        .build();
  }

  private TransactWriteItem limit(String counter, long units, Instant at) {
    long expires = day(at).plusDays(2).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    return TransactWriteItem.builder()
        .update(
            u ->
                u.tableName(table)
                    .key(Map.of(PK, s("LIMIT#" + counter), SK, s("LIMIT")))
                    .updateExpression(
                        "SET used = if_not_exists(used, :zero) + :amount, #ttl = :expires")
                    .conditionExpression("attribute_not_exists(used) OR used <= :room")
                    .expressionAttributeNames(Map.of("#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
                    .expressionAttributeValues(
                        Map.of(
                            ":zero", n("0"),
                            ":amount", n(Long.toString(units)),
                            ":room", n(Long.toString(1_000_000_000_000L - units)),
                            ":expires", n(Long.toString(expires)))))
        .build();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
