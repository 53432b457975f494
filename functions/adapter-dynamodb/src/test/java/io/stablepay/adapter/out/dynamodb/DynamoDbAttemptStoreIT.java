package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.port.out.AttemptStore.Window;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbAttemptStoreIT {

  private static final Instant T0 = Instant.parse("2026-11-23T22:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbAttemptStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbAttemptStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void countsFailuresInAWindowThatOpensAtTheFirstAndClosesAfterItsLength() {
    store.recordFailure("k1", T0, WINDOW);
    store.recordFailure("k1", T0.plusSeconds(60), WINDOW);

    assertThat(store.current("k1", T0.plusSeconds(120), WINDOW)).contains(new Window(T0, 2));
    assertThat(store.current("k1", T0.plus(WINDOW), WINDOW)).isEmpty();

    store.recordFailure("k1", T0.plus(WINDOW).plusSeconds(1), WINDOW);
    assertThat(store.current("k1", T0.plus(WINDOW).plusSeconds(2), WINDOW))
        .contains(new Window(T0.plus(WINDOW).plusSeconds(1), 1));
    assertThat(store.current("unknown", T0, WINDOW)).isEmpty();
  }

  @Test
  void concurrentFailuresAreAllCountedAndEachCallerSeesItsOwnCount() {
    List<Integer> seen =
        IntStream.range(0, 8)
            .mapToObj(
                i -> CompletableFuture.supplyAsync(() -> store.recordFailure("k2", T0, WINDOW)))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .sorted()
            .toList();

    assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(store.current("k2", T0.plusSeconds(1), WINDOW).orElseThrow().failures())
        .isEqualTo(8);
  }

  @Test
  void aGenerationStartsAtZeroAndOnlyGrows() {
    assertThat(store.generation("g1")).isZero();

    CompletableFuture.allOf(
            IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.runAsync(() -> store.advance("g1")))
                .toArray(CompletableFuture[]::new))
        .join();

    assertThat(store.generation("g1")).isEqualTo(3);
    assertThat(store.generation("g2")).isZero();
  }

  @Test
  void storesAWindowAndAGenerationInTheirItemShapesAndReadsThatShapeBack() {
    store.recordFailure("shape", T0, WINDOW);
    store.recordFailure("shape", T0.plusSeconds(1), WINDOW);
    store.advance("shape");

    assertThat(table.raw("THROTTLE#shape", "WINDOW"))
        .isEqualTo(
            Map.of(
                "pk",
                s("THROTTLE#shape"),
                "sk",
                s("WINDOW"),
                "startMillis",
                n(T0.toEpochMilli()),
                "failures",
                n(2),
                "expiresAt",
                n(T0.plus(WINDOW).getEpochSecond() + 60)));
    assertThat(table.raw("THROTTLE#shape", "GENERATION"))
        .isEqualTo(Map.of("pk", s("THROTTLE#shape"), "sk", s("GENERATION"), "generation", n(1)));

    Map<String, AttributeValue> window =
        new HashMap<>(
            Map.of(
                "pk",
                s("THROTTLE#old"),
                "sk",
                s("WINDOW"),
                "startMillis",
                n(T0.toEpochMilli()),
                "failures",
                n(4),
                "expiresAt",
                n(T0.plus(WINDOW).getEpochSecond() + 60)));
    window.put("unknown", s("kept"));
    table.client.putItem(p -> p.tableName(TABLE).item(window));
    table.client.putItem(
        p ->
            p.tableName(TABLE)
                .item(
                    Map.of(
                        "pk",
                        s("THROTTLE#old"),
                        "sk",
                        s("GENERATION"),
                        "generation",
                        n(7),
                        "unknown",
                        s("kept"))));
    assertThat(store.current("old", T0.plusSeconds(1), WINDOW)).contains(new Window(T0, 4));
    assertThat(store.generation("old")).isEqualTo(7);
    assertThat(store.recordFailure("old", T0.plusSeconds(2), WINDOW)).isEqualTo(5);
    assertThat(store.recordFailure("old", T0.plus(WINDOW).plusSeconds(1), WINDOW)).isEqualTo(1);
    assertThat(table.raw("THROTTLE#old", "WINDOW"))
        .isEqualTo(
            Map.of(
                "pk",
                s("THROTTLE#old"),
                "sk",
                s("WINDOW"),
                "startMillis",
                n(T0.plus(WINDOW).plusSeconds(1).toEpochMilli()),
                "failures",
                n(1),
                "expiresAt",
                n(T0.plus(WINDOW).plus(WINDOW).getEpochSecond() + 61)));
  }
}
