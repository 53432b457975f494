package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.port.out.IdempotencyStore.Claim;
import io.stablepay.core.port.out.IdempotencyStore.Claimed;
import io.stablepay.core.port.out.IdempotencyStore.InProgress;
import io.stablepay.core.port.out.IdempotencyStore.Mismatch;
import io.stablepay.core.port.out.IdempotencyStore.Replay;
import io.stablepay.core.port.out.IdempotencyStore.StoredResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbIdempotencyStoreIT {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

  private static LocalTable table;
  private static DynamoDbIdempotencyStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbIdempotencyStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void theFirstRequestRunsAndItsResponseIsReplayedForTheSameBodyOnly() {
    assertThat(store.claim("u-1", "k1", "fp", NOW)).isInstanceOf(Claimed.class);
    assertThat(store.claim("u-1", "k1", "fp", NOW.plusSeconds(10)))
        .isEqualTo(new InProgress(NOW.plus(DynamoDbIdempotencyStore.LOCK)));
    store.complete("u-1", "k1", new StoredResponse(201, "{\"id\":\"x\"}"), NOW);

    assertThat(store.claim("u-1", "k1", "fp", NOW.plusSeconds(5)))
        .isEqualTo(new Replay(new StoredResponse(201, "{\"id\":\"x\"}")));
    assertThat(store.claim("u-1", "k1", "other", NOW)).isInstanceOf(Mismatch.class);
    assertThat(store.claim("u-2", "k1", "other", NOW)).isInstanceOf(Claimed.class);
  }

  @Test
  void aReleasedOrExpiredKeyCanBeClaimedAgain() {
    assertThat(store.claim("u-3", "k", "fp", NOW)).isInstanceOf(Claimed.class);
    store.release("u-3", "k");
    assertThat(store.claim("u-3", "k", "fp", NOW)).isInstanceOf(Claimed.class);
    store.complete("u-3", "k", new StoredResponse(200, "{}"), NOW);

    assertThat(store.claim("u-3", "k", "changed", NOW.plusSeconds(25 * 3600)))
        .isInstanceOf(Claimed.class);
  }

  @Test
  void ofConcurrentDuplicatesExactlyOneClaimsTheKey() {
    List<CompletableFuture<Claim>> racers =
        List.of(1, 2, 3, 4, 5, 6).stream()
            .map(i -> CompletableFuture.supplyAsync(() -> store.claim("u-4", "k", "fp", NOW)))
            .toList();

    assertThat(
            racers.stream().map(CompletableFuture::join).filter(c -> c instanceof Claimed).count())
        .isEqualTo(1);
  }
}
