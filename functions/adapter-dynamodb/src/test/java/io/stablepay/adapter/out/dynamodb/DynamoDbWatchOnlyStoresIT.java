package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.out.WatchAddressStore.Link;
import io.stablepay.core.port.out.WatchAddressStore.Outcome;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watch-only challenges and addresses against DynamoDB Local: single use under concurrency,
 * replacement, one owner per address, the per-user limit, and no trace in the custodial claims.
 */
class DynamoDbWatchOnlyStoresIT {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

  private static LocalTable table;
  private static DynamoDbLinkChallengeStore challenges;
  private static DynamoDbWatchAddressStore watched;
  private static DynamoDbWalletStore wallets;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    challenges = new DynamoDbLinkChallengeStore(table.enhanced, new TableSettings());
    watched = new DynamoDbWatchAddressStore(table.enhanced, table.client, new TableSettings());
    wallets = new DynamoDbWalletStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static String evm(int n) {
    return "0x%040X".formatted(n);
  }

  /** Runs {@code task} on {@code racers} threads released at the same moment. */
  private static <T> List<T> race(int racers, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch ready = new CountDownLatch(racers);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures =
          IntStream.range(0, racers)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            ready.countDown();
                            go.await();
                            return task.call();
                          }))
              .toList();
      ready.await();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ofConcurrentTakersOfOneChallengeExactlyOneGetsIt() throws Exception {
    LinkChallenge challenge = LinkChallenge.issue("u-race", NetworkId.ETHEREUM, evm(1), "n1", NOW);
    challenges.save(challenge);

    List<Optional<LinkChallenge>> taken =
        race(2, () -> challenges.take("u-race", NetworkId.ETHEREUM, evm(1)));

    assertThat(taken).filteredOn(Optional::isPresent).hasSize(1);
    assertThat(taken.stream().flatMap(Optional::stream).findFirst()).contains(challenge);
    assertThat(challenges.take("u-race", NetworkId.ETHEREUM, evm(1))).isEmpty();

    // and again with more contenders
    LinkChallenge second = LinkChallenge.issue("u-race", NetworkId.ETHEREUM, evm(1), "n2", NOW);
    challenges.save(second);
    assertThat(race(6, () -> challenges.take("u-race", NetworkId.ETHEREUM, evm(1))))
        .filteredOn(Optional::isPresent)
        .hasSize(1);
  }

  @Test
  void aNewChallengeReplacesTheOldOneAndCarriesTheTtlAttribute() {
    LinkChallenge first = LinkChallenge.issue("u-new", NetworkId.ETHEREUM, evm(2), "a", NOW);
    LinkChallenge second =
        LinkChallenge.issue("u-new", NetworkId.ETHEREUM, evm(2), "b", NOW.plusSeconds(30));
    LinkChallenge otherNetwork = LinkChallenge.issue("u-new", NetworkId.POLYGON, evm(2), "c", NOW);
    challenges.save(first);
    challenges.save(second);
    challenges.save(otherNetwork);

    var item =
        table
            .client
            .getItem(
                g ->
                    g.tableName(DynamoDbSchema.TABLE_NAME)
                        .key(Keys.of("USER#u-new", "LINKCHALLENGE#ETHEREUM#" + evm(2))))
            .item();
    assertThat(item.get(DynamoDbSchema.TTL_ATTRIBUTE).n())
        .isEqualTo(Long.toString(second.expiresAt().getEpochSecond()));

    assertThat(challenges.take("u-new", NetworkId.ETHEREUM, evm(2))).contains(second);
    assertThat(challenges.take("u-new", NetworkId.ETHEREUM, evm(2))).isEmpty();
    assertThat(challenges.take("u-other", NetworkId.POLYGON, evm(2))).isEmpty();
    assertThat(challenges.take("u-new", NetworkId.POLYGON, evm(2))).contains(otherNetwork);
  }

  @Test
  void anExpiredChallengeIsStillTakenOnceForTheCoreToRefuse() {
    LinkChallenge old =
        LinkChallenge.issue(
            "u-old", NetworkId.ETHEREUM, evm(3), "x", NOW.minus(Duration.ofDays(1)));
    challenges.save(old);

    Optional<LinkChallenge> taken = challenges.take("u-old", NetworkId.ETHEREUM, evm(3));
    assertThat(taken).contains(old);
    assertThat(taken.orElseThrow().expiredAt(NOW)).isTrue();
    assertThat(challenges.take("u-old", NetworkId.ETHEREUM, evm(3))).isEmpty();
  }

  @Test
  void anAddressHasOneOwnerPerNetworkAndLinkingAgainReturnsTheRecord() {
    WatchAddress alice = new WatchAddress("alice", NetworkId.ETHEREUM, evm(10), NOW);

    assertThat(watched.link(alice, 20)).isEqualTo(new Link(Outcome.LINKED, alice));
    assertThat(
            watched.link(
                new WatchAddress("alice", NetworkId.ETHEREUM, evm(10), NOW.plusSeconds(60)), 20))
        .isEqualTo(new Link(Outcome.ALREADY_LINKED, alice));
    assertThat(
            watched
                .link(new WatchAddress("bob", NetworkId.ETHEREUM, evm(10).toLowerCase(), NOW), 20)
                .outcome())
        .isEqualTo(Outcome.TAKEN);
    WatchAddress onPolygon = new WatchAddress("bob", NetworkId.POLYGON, evm(10), NOW);
    assertThat(watched.link(onPolygon, 20).outcome()).isEqualTo(Outcome.LINKED);

    assertThat(watched.findByUser("alice")).containsExactly(alice);
    assertThat(watched.findByUser("bob")).containsExactly(onPolygon);
  }

  @Test
  void ofConcurrentLinksOfOneAddressByTwoUsersExactlyOneSucceeds() throws Exception {
    List<Outcome> outcomes =
        race(
            2,
            () -> {
              String user = "racer-" + Thread.currentThread().getId();
              return watched
                  .link(new WatchAddress(user, NetworkId.ETHEREUM, evm(20), NOW), 20)
                  .outcome();
            });

    assertThat(outcomes).containsExactlyInAnyOrder(Outcome.LINKED, Outcome.TAKEN);
  }

  @Test
  void aUserLinksAtMostTheLimitEvenConcurrently() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(
              watched
                  .link(new WatchAddress("capped", NetworkId.ETHEREUM, evm(100 + i), NOW), 5)
                  .outcome())
          .isEqualTo(Outcome.LINKED);
    }
    AtomicInteger next = new AtomicInteger(200);

    List<Outcome> outcomes =
        race(
            4,
            () ->
                watched
                    .link(
                        new WatchAddress(
                            "capped", NetworkId.ETHEREUM, evm(next.getAndIncrement()), NOW),
                        5)
                    .outcome());

    assertThat(outcomes).filteredOn(o -> o == Outcome.LINKED).hasSize(2);
    assertThat(outcomes).filteredOn(o -> o == Outcome.LIMIT_REACHED).hasSize(2);
    assertThat(watched.findByUser("capped")).hasSize(5);
    assertThat(
            watched
                .link(new WatchAddress("capped", NetworkId.ETHEREUM, evm(300), NOW), 5)
                .outcome())
        .isEqualTo(Outcome.LIMIT_REACHED);
    // what the user has already is still answered as such at the limit
    assertThat(
            watched
                .link(new WatchAddress("capped", NetworkId.ETHEREUM, evm(100), NOW), 5)
                .outcome())
        .isEqualTo(Outcome.ALREADY_LINKED);
  }

  @Test
  void watchOnlyAddressesAreInvisibleToTheCustodialLookups() {
    String custodial = evm(500);
    String watchOnly = evm(501);
    wallets.create(new Wallet("w-1", "dora", "k-1", custodial, "TDoraTronAddress", NOW));
    watched.link(new WatchAddress("dora", NetworkId.ETHEREUM, watchOnly, NOW), 20);
    watched.link(new WatchAddress("dora", NetworkId.POLYGON, watchOnly, NOW), 20);

    assertThat(wallets.ownerOf(custodial)).contains("dora");
    assertThat(wallets.ownerOf(watchOnly)).isEmpty();
    assertThat(wallets.ownerOf(watchOnly.toLowerCase())).isEmpty();
    assertThat(wallets.ownersOf(List.of(custodial, watchOnly)))
        .containsOnlyKeys(custodial)
        .containsEntry(custodial, "dora");
    assertThat(wallets.findByUser("dora").orElseThrow().evmAddress()).isEqualTo(custodial);
    assertThat(table.client.scan(s -> s.tableName(DynamoDbSchema.TABLE_NAME)).items())
        .filteredOn(item -> item.get(DynamoDbSchema.PARTITION_KEY).s().startsWith("ADDRESS#"))
        .isNotEmpty()
        .noneSatisfy(
            item ->
                assertThat(item.get(DynamoDbSchema.PARTITION_KEY).s())
                    .containsIgnoringCase(watchOnly.substring(2)));
  }
}
