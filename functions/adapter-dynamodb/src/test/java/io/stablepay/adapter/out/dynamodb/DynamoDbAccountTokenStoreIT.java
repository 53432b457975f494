package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbAccountTokenStoreIT {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

  private static LocalTable table;
  private static DynamoDbAccountTokenStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbAccountTokenStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aTokenIsConsumedOnceWhileUnexpired() {
    store.save("h1", "u-1", NOW.plus(Duration.ofMinutes(30)));

    assertThat(store.peek("h1", NOW)).contains("u-1");
    assertThat(store.consume("h1", NOW)).isTrue();
    assertThat(store.consume("h1", NOW)).isFalse();
    assertThat(store.peek("h1", NOW)).isEmpty();
  }

  @Test
  void anExpiredTokenIsNeitherSeenNorConsumed() {
    store.save("h2", "u-2", NOW.plus(Duration.ofMinutes(30)));
    Instant later = NOW.plus(Duration.ofMinutes(31));

    assertThat(store.peek("h2", later)).isEmpty();
    assertThat(store.consume("h2", later)).isFalse();
    assertThat(store.consume("missing", NOW)).isFalse();
  }
}
