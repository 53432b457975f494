package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An audit entry as stored ({@link DynamoDbAuditLog}): {@code AUDIT#<subject> / <at>#<random>}, the
 * detail as a map of text, {@code at} as ISO-8601 text.
 */
record AuditItem(
    String pk,
    String sk,
    String actor,
    String action,
    String subject,
    Map<String, String> detail,
    String at) {

  static final TableSchema<AuditItem> SCHEMA =
      StaticImmutableTableSchema.builder(AuditItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(AuditItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(AuditItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, attribute("actor", AuditItem::actor, (b, v) -> b.actor = v))
          .addAttribute(
              String.class, attribute("action", AuditItem::action, (b, v) -> b.action = v))
          .addAttribute(
              String.class, attribute("subject", AuditItem::subject, (b, v) -> b.subject = v))
          .addAttribute(
              EnhancedType.mapOf(String.class, String.class),
              attribute("detail", AuditItem::detail, (b, v) -> b.detail = v))
          .addAttribute(String.class, attribute("at", AuditItem::at, (b, v) -> b.at = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String actor;
    private String action;
    private String subject;
    private Map<String, String> detail;
    private String at;

    AuditItem build() {
      return new AuditItem(pk, sk, actor, action, subject, detail, at);
    }
  }
}
