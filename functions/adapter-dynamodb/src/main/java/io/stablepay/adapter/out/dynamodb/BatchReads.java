package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;

/**
 * Consistent reads of many items of one table in as few {@code BatchGetItem} calls as DynamoDB
 * allows: 100 keys a call, and the keys a call left unprocessed asked again after a jittered
 * backoff, as AWS advises (ten tries, then the read fails rather than answer without them).
 */
final class BatchReads {

  /** BatchGetItem takes at most 100 keys. */
  static final int BATCH = 100;

  private static final int TRIES = 10;

  private static final Backoff UNPROCESSED =
      Backoff.exponential(Duration.ofMillis(20), 2, Duration.ofSeconds(1)).withJitter();

  private BatchReads() {}

  /** The items found under {@code keys} (absent keys have none), in no particular order. */
  static <T> List<T> read(
      DynamoDbEnhancedClient enhanced, DynamoDbTable<T> table, List<Key> keys, String what) {
    List<T> found = new ArrayList<>();
    for (int start = 0; start < keys.size(); start += BATCH) {
      List<Key> ask = keys.subList(start, Math.min(keys.size(), start + BATCH));
      for (int attempt = 0; !ask.isEmpty(); attempt++) {
        if (attempt == TRIES) {
          throw new IllegalStateException(
              "DynamoDB left keys unprocessed " + TRIES + " times " + what);
        }
        // one request: the first page is this batch's answer, its unprocessed keys asked again
        ReadBatch batch = batch(table, ask);
        BatchGetResultPage response =
            enhanced.batchGetItem(b -> b.readBatches(batch)).iterator().next();
        found.addAll(response.resultsForTable(table));
        ask = response.unprocessedKeysForTable(table);
        if (!ask.isEmpty()) {
          UNPROCESSED.pause(attempt + 1, what);
        }
      }
    }
    return found;
  }

  private static <T> ReadBatch batch(DynamoDbTable<T> table, List<Key> keys) {
    ReadBatch.Builder<T> batch =
        ReadBatch.builder(table.tableSchema().itemType().rawClass()).mappedTableResource(table);
    keys.forEach(key -> batch.addGetItem(g -> g.key(key).consistentRead(true)));
    return batch.build();
  }
}
