package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An API key item as stored ({@link DynamoDbApiKeyStore}): {@code APIKEY#<id> / KEY}, in gsi1 under
 * {@code APIKEYS#<ownerId> / <createdAt>#<id>}; instants as ISO-8601 text.
 */
record ApiKeyItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String ownerId,
    String name,
    String mac,
    String createdAt,
    String lastUsedAt,
    String revokedAt) {

  static final TableSchema<ApiKeyItem> SCHEMA =
      StaticImmutableTableSchema.builder(ApiKeyItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(ApiKeyItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(ApiKeyItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, gsi1PartitionKey(ApiKeyItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(ApiKeyItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(
              String.class, attribute("ownerId", ApiKeyItem::ownerId, (b, v) -> b.ownerId = v))
          .addAttribute(String.class, attribute("name", ApiKeyItem::name, (b, v) -> b.name = v))
          .addAttribute(String.class, attribute("mac", ApiKeyItem::mac, (b, v) -> b.mac = v))
          .addAttribute(
              String.class,
              attribute("createdAt", ApiKeyItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("lastUsedAt", ApiKeyItem::lastUsedAt, (b, v) -> b.lastUsedAt = v))
          .addAttribute(
              String.class,
              attribute("revokedAt", ApiKeyItem::revokedAt, (b, v) -> b.revokedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String ownerId;
    private String name;
    private String mac;
    private String createdAt;
    private String lastUsedAt;
    private String revokedAt;

    ApiKeyItem build() {
      return new ApiKeyItem(
          pk, sk, gsi1pk, gsi1sk, ownerId, name, mac, createdAt, lastUsedAt, revokedAt);
    }
  }
}
