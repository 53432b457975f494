package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.port.out.RunLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Loop leases on DynamoDB Local: one run at a time, lapsed leases taken over, nothing left held.
 */
class DynamoDbRunLeasesIT {

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static LocalTable table;
  private static DynamoDbRunLeases leases;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    leases = new DynamoDbRunLeases(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void ofTwentyRunsRacingForOneLoopExactlyOneRuns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch hold = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    List<Future<Optional<String>>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return leases.runAlone(
                      "race",
                      NOW,
                      MINUTE,
                      () -> {
                        running.incrementAndGet();
                        try {
                          hold.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return "ran";
                      });
                }));
      }
      start.countDown();
      // every run but the holder gives up at once; the holder waits until every other finished
      for (int i = 0; i < 20 && countDone(runs) < 19; i++) {
        Thread.sleep(100);
      }
      assertThat(countDone(runs)).isEqualTo(19);
      hold.countDown();
      List<Optional<String>> outcomes = new ArrayList<>();
      for (Future<Optional<String>> run : runs) {
        outcomes.add(run.get());
      }

      assertThat(outcomes).filteredOn(Optional::isPresent).hasSize(1);
      assertThat(running).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long countDone(List<Future<Optional<String>>> runs) {
    return runs.stream().filter(Future::isDone).count();
  }

  @Test
  void aLeaseGivenBackIsFreeAndAHeldOneIsNot() {
    RunLeases.Lease first = leases.acquire("tracker", NOW, MINUTE).orElseThrow();
    assertThat(leases.acquire("tracker", NOW.plusSeconds(30), MINUTE)).isEmpty();
    // another loop's lease is its own
    assertThat(leases.acquire("sweeper", NOW, MINUTE)).isPresent();

    first.close();

    assertThat(leases.acquire("tracker", NOW.plusSeconds(31), MINUTE)).isPresent();
  }

  @Test
  void aLeaseNobodyGaveBackLapsesAndTheLateHolderCannotFreeItsSuccessors() {
    RunLeases.Lease died = leases.acquire("relay", NOW, MINUTE).orElseThrow();
    assertThat(leases.acquire("relay", NOW.plusSeconds(59), MINUTE)).isEmpty();

    RunLeases.Lease next = leases.acquire("relay", NOW.plusSeconds(60), MINUTE).orElseThrow();
    died.close(); // the first run wakes up late: the lease is the next run's now

    assertThat(leases.acquire("relay", NOW.plusSeconds(61), MINUTE)).isEmpty();
    next.close();
    assertThat(leases.acquire("relay", NOW.plusSeconds(62), MINUTE)).isPresent();
  }

  @Test
  void theItemCarriesItsHolderExpiryAndATimeToLive() {
    leases.acquire("settler", NOW, MINUTE).orElseThrow();

    Map<String, AttributeValue> item = table.raw("LEASE#settler", "LEASE");
    assertThat(item.get("leasedUntil").n())
        .isEqualTo(Long.toString(NOW.plus(MINUTE).toEpochMilli()));
    assertThat(item.get("holder").s()).hasSize(36);
    assertThat(item.get("expiresAt").n())
        .isEqualTo(Long.toString(NOW.plus(MINUTE).plus(Duration.ofDays(1)).getEpochSecond()));
  }
}
