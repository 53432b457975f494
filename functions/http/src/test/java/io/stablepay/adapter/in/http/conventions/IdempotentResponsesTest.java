package io.stablepay.adapter.in.http.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.IdempotencyConflictException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.testing.MemoryIdempotencyStore;
import io.stablepay.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key convention every API shares, against the store's contract in memory. */
class IdempotentResponsesTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final MemoryIdempotencyStore store = new MemoryIdempotencyStore();
  private final IdempotentResponses idempotent =
      new IdempotentResponses(store, JsonMapper.createDefault(), clock);
  private final AtomicInteger runs = new AtomicInteger();

  private final Supplier<Object> transfer = () -> Map.of("id", "t-" + runs.incrementAndGet());

  @Test
  void theSameKeyAndBodyRunOnceAndReplayTheFirstAnswerByteForByte() {
    HttpResponse<String> first = post("k-1", Map.of("amount", "5"), "ada", transfer);
    HttpResponse<String> again = post("k-1", Map.of("amount", "5"), "ada", transfer);

    assertThat(runs).hasValue(1);
    assertThat(first.code()).isEqualTo(201);
    assertThat(first.getHeaders().get("Idempotent-Replayed")).isNull();
    assertThat(again.code()).isEqualTo(201);
    assertThat(again.body()).isEqualTo(first.body()).isEqualTo("{\"id\":\"t-1\"}");
    assertThat(again.getHeaders().get("Idempotent-Replayed")).isEqualTo("true");
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndRunsNothing() {
    post("k-1", Map.of("amount", "5"), "ada", transfer);

    assertThatThrownBy(() -> post("k-1", Map.of("amount", "6"), "ada", transfer))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aKeyBelongsToItsCaller() {
    post("k-1", Map.of("amount", "5"), "ada", transfer);
    post("k-1", Map.of("amount", "5"), "bob", transfer);

    assertThat(runs).hasValue(2);
  }

  @Test
  void aDuplicateWhileTheFirstRunsIsAConflictThatSaysWhenToRetry() {
    Supplier<Object> duplicateInside =
        () -> {
          clock.advance(Duration.ofSeconds(15));
          return post("k-1", Map.of("amount", "5"), "ada", transfer);
        };

    assertThatThrownBy(() -> post("k-1", Map.of("amount", "5"), "ada", duplicateInside))
        .isInstanceOfSatisfying(
            IdempotencyConflictException.class,
            conflict -> assertThat(conflict.retryAfter()).isEqualTo(Duration.ofSeconds(45)));
    assertThat(runs).hasValue(0);
  }

  @Test
  void aFailedRequestGivesItsKeyBackSoTheRetryRuns() {
    assertThatThrownBy(
            () ->
                post(
                    "k-1",
                    Map.of("amount", "5"),
                    "ada",
                    () -> {
                      throw new IllegalStateException("the ledger was unreachable");
                    }))
        .isInstanceOf(IllegalStateException.class);

    HttpResponse<String> retried = post("k-1", Map.of("amount", "5"), "ada", transfer);

    assertThat(retried.code()).isEqualTo(201);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aKeyOutsideItsGrammarIsRefusedBeforeAnythingRuns() {
    for (String key : new String[] {"", "with space", "k".repeat(256), "caf\u00e9"}) {
      assertThatThrownBy(() -> post(key, Map.of("amount", "5"), "ada", transfer))
          .as(key)
          .isInstanceOf(InvalidRequestException.class);
    }
    assertThat(runs).hasValue(0);
    assertThat("k".repeat(255)).matches(IdempotentResponses.HEADER_PATTERN);
  }

  @Test
  void withoutAKeyEveryRequestRuns() {
    post(null, Map.of("amount", "5"), "ada", transfer);
    post(null, Map.of("amount", "5"), "ada", transfer);

    assertThat(runs).hasValue(2);
  }

  private HttpResponse<String> post(
      String key, Object body, String caller, Supplier<Object> action) {
    var request = HttpRequest.POST("/api/wallet/transfer", body);
    if (key != null) {
      request.header(IdempotentResponses.HEADER, key);
    }
    return idempotent.respond(request, caller, HttpStatus.CREATED, body, action);
  }
}
