package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.service.NonceAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nonce sequences on DynamoDB Local: conditional writes keep concurrent allocations distinct. */
class DynamoDbNonceStoreIT {

  private static final String TREASURY = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  private static LocalTable table;
  private static DynamoDbNonceStore store;
  private static NonceAllocator allocator;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbNonceStore(table.enhanced, new TableSettings());
    allocator = new NonceAllocator(store);
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void twentyConcurrentAllocationsGetTwentyDistinctConsecutiveNonces() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Callable<Long> allocation =
            () -> {
              start.await();
              return allocator.allocate(NetworkId.POLYGON, TREASURY, 3);
            };
        results.add(pool.submit(allocation));
      }
      start.countDown();
      List<Long> nonces = new ArrayList<>();
      for (Future<Long> result : results) {
        nonces.add(result.get());
      }

      assertThat(nonces)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.LongStream.range(3, 23).boxed().toList());
      assertThat(store.next(NetworkId.POLYGON, TREASURY)).hasValue(23);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleCompareAndSetChangesNothing() {
    String address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    assertThat(store.compareAndSet(NetworkId.ETHEREUM, address, OptionalLong.empty(), 5)).isTrue();
    assertThat(store.compareAndSet(NetworkId.ETHEREUM, address, OptionalLong.empty(), 9)).isFalse();
    assertThat(store.compareAndSet(NetworkId.ETHEREUM, address, OptionalLong.of(4), 9)).isFalse();

    assertThat(store.next(NetworkId.ETHEREUM, address)).hasValue(5);
    assertThat(store.next(NetworkId.ETHEREUM, address.toLowerCase(java.util.Locale.ROOT)))
        .as("one sequence whatever the address's casing")
        .hasValue(5);
  }

  @Test
  void resynchronisesToTheChainAndGivesBackTheNewestNonce() {
    String address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
    assertThat(allocator.allocate(NetworkId.ETHEREUM, address, 0)).isZero();
    assertThat(allocator.allocate(NetworkId.ETHEREUM, address, 17)).isEqualTo(17);
    assertThat(allocator.release(NetworkId.ETHEREUM, address, 0)).isFalse();
    assertThat(allocator.release(NetworkId.ETHEREUM, address, 17)).isTrue();

    assertThat(allocator.allocate(NetworkId.ETHEREUM, address, 0)).isEqualTo(17);
  }
}
