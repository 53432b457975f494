package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.core.domain.deposit.ScanProgress;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A deposit watcher's cursor as stored ({@link DynamoDbDepositStore}): {@code WATCHER#<network> /
 * PROGRESS}, the block and head as numbers ({@code -1} when only a failed run was recorded),
 * instants as ISO-8601 text; a null is an absent attribute.
 */
record WatcherProgressItem(
    String pk,
    String sk,
    Long block,
    String blockHash,
    Long head,
    String lastSuccessAt,
    String lastError,
    String lastErrorAt) {

  static final TableSchema<WatcherProgressItem> SCHEMA =
      StaticImmutableTableSchema.builder(WatcherProgressItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(WatcherProgressItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(WatcherProgressItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              Long.class, attribute("block", WatcherProgressItem::block, (b, v) -> b.block = v))
          .addAttribute(
              String.class,
              attribute("blockHash", WatcherProgressItem::blockHash, (b, v) -> b.blockHash = v))
          .addAttribute(
              Long.class, attribute("head", WatcherProgressItem::head, (b, v) -> b.head = v))
          .addAttribute(
              String.class,
              attribute(
                  "lastSuccessAt",
                  WatcherProgressItem::lastSuccessAt,
                  (b, v) -> b.lastSuccessAt = v))
          .addAttribute(
              String.class,
              attribute("lastError", WatcherProgressItem::lastError, (b, v) -> b.lastError = v))
          .addAttribute(
              String.class,
              attribute(
                  "lastErrorAt", WatcherProgressItem::lastErrorAt, (b, v) -> b.lastErrorAt = v))
          .build();

  ScanProgress progress() {
    return new ScanProgress(
        block, blockHash, head, instant(lastSuccessAt), lastError, instant(lastErrorAt));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private Long block;
    private String blockHash;
    private Long head;
    private String lastSuccessAt;
    private String lastError;
    private String lastErrorAt;

    WatcherProgressItem build() {
      return new WatcherProgressItem(
          pk, sk, block, blockHash, head, lastSuccessAt, lastError, lastErrorAt);
    }
  }
}
