package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.WithdrawalStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Withdrawals in the platform table:
 *
 * <ul>
 *   <li>{@code WITHDRAWAL#<id> / WITHDRAWAL}: the withdrawal with every signed attempt (hash, raw
 *       bytes, fees), written only over the {@code version} read;
 *   <li>{@code OPEN_WITHDRAWALS#<network> / <createdAt>#<id>}: a copy of each open (CREATED or
 *       PENDING) withdrawal, written and removed in the same transaction as the withdrawal.
 * </ul>
 */
@Singleton
final class DynamoDbWithdrawalStore implements WithdrawalStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbWithdrawalStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public boolean create(Withdrawal withdrawal) {
    return write(withdrawal, null);
  }

  @Override
  public Optional<Withdrawal> find(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g -> g.tableName(table).key(Keys.of(key(id), "WITHDRAWAL")).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(withdrawal(item));
  }

  @Override
  public boolean update(Withdrawal next) {
    if (next.version() < 1) {
      throw new IllegalArgumentException("an update carries the next version");
    }
    return write(next, next.version() - 1);
  }

  @Override
  public boolean discard(Withdrawal created) {
    List<TransactWriteItem> writes =
        List.of(
            TransactWriteItem.builder()
                .delete(
                    d ->
                        d.tableName(table)
                            .key(Keys.of(key(created.id()), "WITHDRAWAL"))
                            .conditionExpression("#version = :version AND #status = :created")
                            .expressionAttributeNames(
                                Map.of("#version", "version", "#status", "status"))
                            .expressionAttributeValues(
                                Map.of(
                                    ":version",
                                    n(created.version()),
                                    ":created",
                                    AttributeValue.fromS(Withdrawal.Status.CREATED.name()))))
                .build(),
            TransactWriteItem.builder()
                .delete(d -> d.tableName(table).key(openKey(created)))
                .build());
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public List<Withdrawal> open(NetworkId network) {
    return dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression(DynamoDbSchema.PARTITION_KEY + " = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS(openPartition(network)))))
        .items()
        .stream()
        .map(DynamoDbWithdrawalStore::withdrawal)
        .toList();
  }

  private boolean write(Withdrawal withdrawal, Integer expectedVersion) {
    Map<String, AttributeValue> item = new HashMap<>(attributes(withdrawal));
    item.putAll(Keys.of(key(withdrawal.id()), "WITHDRAWAL"));
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p -> {
                  p.tableName(table).item(item);
                  if (expectedVersion == null) {
                    p.conditionExpression(
                        "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")");
                  } else {
                    p.conditionExpression("#version = :expected")
                        .expressionAttributeNames(Map.of("#version", "version"))
                        .expressionAttributeValues(Map.of(":expected", n(expectedVersion)));
                  }
                })
            .build());
    if (withdrawal.status().open()) {
      Map<String, AttributeValue> copy = new HashMap<>(attributes(withdrawal));
      copy.putAll(openKey(withdrawal));
      writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(copy)).build());
    } else {
      writes.add(
          TransactWriteItem.builder()
              .delete(d -> d.tableName(table).key(openKey(withdrawal)))
              .build());
    }
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  private static Map<String, AttributeValue> attributes(Withdrawal w) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", AttributeValue.fromS(w.id()));
    item.put("userId", AttributeValue.fromS(w.userId()));
    item.put("network", AttributeValue.fromS(w.network().name()));
    item.put("asset", AttributeValue.fromS(w.asset().name()));
    item.put("amount", AttributeValue.fromN(w.amount().toString()));
    item.put("fee", AttributeValue.fromN(w.fee().toString()));
    item.put("to", AttributeValue.fromS(w.to()));
    item.put("from", AttributeValue.fromS(w.from()));
    item.put("keyId", AttributeValue.fromS(w.keyId()));
    item.put("status", AttributeValue.fromS(w.status().name()));
    item.put("nonce", n(w.nonce()));
    item.put(
        "attempts", AttributeValue.fromL(w.attempts().stream().map(AttemptItems::of).toList()));
    if (w.failureReason() != null) {
      item.put("failureReason", AttributeValue.fromS(w.failureReason()));
    }
    item.put("version", n(w.version()));
    item.put("createdAt", AttributeValue.fromS(w.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(w.updatedAt().toString()));
    return item;
  }

  private static Withdrawal withdrawal(Map<String, AttributeValue> item) {
    return new Withdrawal(
        item.get("id").s(),
        item.get("userId").s(),
        NetworkId.valueOf(item.get("network").s()),
        Asset.valueOf(item.get("asset").s()),
        new BigInteger(item.get("amount").n()),
        new BigInteger(item.get("fee").n()),
        item.get("to").s(),
        item.get("from").s(),
        item.get("keyId").s(),
        Withdrawal.Status.valueOf(item.get("status").s()),
        Long.parseLong(item.get("nonce").n()),
        item.get("attempts").l().stream().map(AttemptItems::attempt).toList(),
        item.containsKey("failureReason") ? item.get("failureReason").s() : null,
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }

  private static String key(String id) {
    return "WITHDRAWAL#" + id;
  }

  private static String openPartition(NetworkId network) {
    return "OPEN_WITHDRAWALS#" + network.name();
  }

  private static Map<String, AttributeValue> openKey(Withdrawal w) {
    return Keys.of(openPartition(w.network()), w.createdAt() + "#" + w.id());
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}
