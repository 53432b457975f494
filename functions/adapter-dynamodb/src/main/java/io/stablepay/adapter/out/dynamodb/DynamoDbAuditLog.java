package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit log as {@code AUDIT#<subject> / <at>#<random>} items, written once (a put that
 * never overwrites) and never updated or deleted by the application.
 */
@Singleton
final class DynamoDbAuditLog implements AuditLog {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbAuditLog(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void record(AuditEntry entry) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("AUDIT#" + entry.subject(),
        entry.at() + "#" + SecretToken.randomHex(6)));
    item.put("actor", AttributeValue.fromS(entry.actor()));
    item.put("action", AttributeValue.fromS(entry.action()));
    item.put("subject", AttributeValue.fromS(entry.subject()));
    Map<String, AttributeValue> detail = new HashMap<>();
    entry.detail().forEach((k, v) -> detail.put(k, AttributeValue.fromS(v)));
    item.put("detail", AttributeValue.fromM(detail));
    item.put("at", AttributeValue.fromS(entry.at().toString()));
    dynamoDb.putItem(p -> p.tableName(table).item(item)
        .conditionExpression("attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"));
  }

  @Override
  public List<AuditEntry> about(String subject) {
    List<AuditEntry> entries = new ArrayList<>();
    dynamoDb.queryPaginator(q -> q.tableName(table).keyConditionExpression("#pk = :pk")
            .expressionAttributeNames(Map.of("#pk", DynamoDbSchema.PARTITION_KEY))
            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("AUDIT#" + subject))))
        .items().forEach(item -> {
          Map<String, String> detail = new HashMap<>();
          item.get("detail").m().forEach((k, v) -> detail.put(k, v.s()));
          entries.add(new AuditEntry(item.get("actor").s(), item.get("action").s(),
              item.get("subject").s(), detail, Instant.parse(item.get("at").s())));
        });
    entries.sort((a, b) -> a.at().compareTo(b.at()));
    return entries;
  }
}
