package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.testing.MemoryNonceStore;
import org.junit.jupiter.api.Test;

/**
 * The allocation rules; the store's compare-and-set under real concurrency is DynamoDbNonceStoreIT.
 */
class NonceAllocatorTest {

  private static final String TREASURY = "0x00000000000000000000000000000000000000A1";

  private final MemoryNonceStore store = new MemoryNonceStore();
  private final NonceAllocator allocator = new NonceAllocator(store);

  @Test
  void startsAtTheChainsCountAndCountsUp() {
    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 7)).isEqualTo(7);
    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 7)).isEqualTo(8);
    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 8)).isEqualTo(9);
    assertThat(allocator.allocate(NetworkId.POLYGON, TREASURY, 0)).isZero();
  }

  @Test
  void resynchronisesForwardWhenTheChainIsAhead() {
    allocator.allocate(NetworkId.ETHEREUM, TREASURY, 0);

    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 40)).isEqualTo(40);
    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 12)).isEqualTo(41);
  }

  @Test
  void onlyTheNewestAllocationCanBeGivenBack() {
    long first = allocator.allocate(NetworkId.ETHEREUM, TREASURY, 0);
    long second = allocator.allocate(NetworkId.ETHEREUM, TREASURY, 0);

    assertThat(allocator.release(NetworkId.ETHEREUM, TREASURY, first)).isFalse();
    assertThat(allocator.release(NetworkId.ETHEREUM, TREASURY, second)).isTrue();
    assertThat(allocator.allocate(NetworkId.ETHEREUM, TREASURY, 0)).isEqualTo(second);
    assertThat(allocator.release(NetworkId.POLYGON, TREASURY, 0)).isFalse();
  }

  @Test
  void givesUpWhenTheSequenceNeverHoldsStill() {
    store.alwaysLose = true;

    assertThatThrownBy(() -> allocator.allocate(NetworkId.ETHEREUM, TREASURY, 0))
        .isInstanceOf(ConflictException.class);
    assertThat(store.attempts).isEqualTo(NonceAllocator.ATTEMPTS);
  }

  @Test
  void refusesANegativeChainCount() {
    assertThatThrownBy(() -> allocator.allocate(NetworkId.ETHEREUM, TREASURY, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
