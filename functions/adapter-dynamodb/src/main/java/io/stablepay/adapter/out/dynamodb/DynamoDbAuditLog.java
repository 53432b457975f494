package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.port.out.AuditLog;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/**
 * The audit log as {@code AUDIT#<subject> / <at>#<random>} items ({@link AuditItem}), written once
 * (a put that never overwrites) and never updated or deleted by the application.
 */
@Singleton
final class DynamoDbAuditLog implements AuditLog {

  private final DynamoDbTable<AuditItem> entries;

  DynamoDbAuditLog(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.entries = enhanced.table(settings.getTable(), AuditItem.SCHEMA);
  }

  @Override
  public void record(AuditEntry entry) {
    AuditItem item =
        new AuditItem(
            "AUDIT#" + entry.subject(),
            entry.at() + "#" + SecretToken.randomHex(6),
            entry.actor(),
            entry.action(),
            entry.subject(),
            entry.detail(),
            entry.at().toString());
    entries.putItem(
        PutItemEnhancedRequest.builder(AuditItem.class)
            .item(item)
            .conditionExpression(Conditions.ITEM_ABSENT)
            .build());
  }

  @Override
  public List<AuditEntry> about(String subject) {
    return entries
        .query(
            q ->
                q.queryConditional(
                    QueryConditional.keyEqualTo(k -> k.partitionValue("AUDIT#" + subject))))
        .items()
        .stream()
        .map(
            item ->
                new AuditEntry(
                    item.actor(),
                    item.action(),
                    item.subject(),
                    item.detail(),
                    Instant.parse(item.at())))
        .sorted(Comparator.comparing(AuditEntry::at))
        .toList();
  }
}
