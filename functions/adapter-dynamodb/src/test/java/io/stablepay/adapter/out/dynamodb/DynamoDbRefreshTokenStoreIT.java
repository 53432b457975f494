package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.identity.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rotation and revocation against DynamoDB Local: the transaction is what makes reuse visible. */
class DynamoDbRefreshTokenStoreIT {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");
  private static final Duration TTL = Duration.ofDays(30);

  private static LocalTable table;
  private static DynamoDbRefreshTokenStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbRefreshTokenStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aTokenRotatesOnceAndOnlyTheHashIsStored() {
    RefreshToken.Issued first = RefreshToken.issue("u-1", "f-1", NOW, TTL);
    store.startFamily(first.stored());
    RefreshToken.Issued next = RefreshToken.issue("u-1", "f-1", NOW, TTL);

    assertThat(store.rotate(first.stored(), next.stored(), NOW)).isTrue();
    assertThat(
            store.rotate(first.stored(), RefreshToken.issue("u-1", "f-1", NOW, TTL).stored(), NOW))
        .isFalse();

    assertThat(store.find(first.stored().hash()).orElseThrow().usedAt()).isEqualTo(NOW);
    assertThat(store.find(next.stored().hash()).orElseThrow().usedAt()).isNull();
    assertThat(store.find(next.stored().hash()).orElseThrow().expiresAt()).isEqualTo(NOW.plus(TTL));
    assertThat(table.client.scan(s -> s.tableName("stablepay")).items().toString())
        .doesNotContain(first.plain())
        .doesNotContain(next.plain());
  }

  @Test
  void ofTwoConcurrentRotationsOfOneTokenExactlyOneWins() throws Exception {
    RefreshToken.Issued first = RefreshToken.issue("u-2", "f-2", NOW, TTL);
    store.startFamily(first.stored());
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Boolean>> racers =
        List.of(1, 2, 3, 4).stream()
            .map(
                i ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            go.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return store.rotate(
                              first.stored(),
                              RefreshToken.issue("u-2", "f-2", NOW, TTL).stored(),
                              NOW);
                        }))
            .toList();
    go.countDown();

    assertThat(racers.stream().map(CompletableFuture::join).filter(won -> won).count())
        .isEqualTo(1);
  }

  @Test
  void aRevokedFamilyCannotRotateAndRevokeAllEndsEveryFamilyOfTheUser() {
    RefreshToken.Issued a = RefreshToken.issue("u-3", "f-3a", NOW, TTL);
    RefreshToken.Issued b = RefreshToken.issue("u-3", "f-3b", NOW, TTL);
    RefreshToken.Issued other = RefreshToken.issue("u-4", "f-4", NOW, TTL);
    store.startFamily(a.stored());
    store.startFamily(b.stored());
    store.startFamily(other.stored());

    store.revokeFamily("u-3", "f-3a");
    assertThat(store.familyRevoked("u-3", "f-3a")).isTrue();
    assertThat(store.rotate(a.stored(), RefreshToken.issue("u-3", "f-3a", NOW, TTL).stored(), NOW))
        .isFalse();
    assertThat(store.familyRevoked("u-3", "f-3b")).isFalse();

    store.revokeAll("u-3");
    assertThat(store.familyRevoked("u-3", "f-3b")).isTrue();
    assertThat(store.familyRevoked("u-4", "f-4")).isFalse();
    assertThat(store.familyRevoked("u-3", "no-such-family")).isTrue();
  }
}
