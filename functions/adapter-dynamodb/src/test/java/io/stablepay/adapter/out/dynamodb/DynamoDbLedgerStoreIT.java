package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore.Entry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ledger's atomicity and idempotency against DynamoDB Local's real transactions. */
class DynamoDbLedgerStoreIT {

  private static final Instant AT = Instant.parse("2026-11-23T22:00:00Z");
  private static final AccountId CLEARING = AccountId.clearing(NetworkId.ETHEREUM, Asset.USDT);

  private static LocalTable table;
  private static DynamoDbLedgerStore ledger;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static AccountId user() {
    return AccountId.user(UUID.randomUUID().toString(), Asset.USDT);
  }

  private static BigInteger units(long n) {
    return BigInteger.valueOf(n);
  }

  @Test
  void postsEveryLegAtomicallyAndAReplayMovesNothing() {
    AccountId ada = user();
    AccountId bob = user();
    Transfer deposit =
        Transfer.between("dep-" + UUID.randomUUID(), "DEPOSIT", CLEARING, ada, units(100), AT);
    Transfer p2p =
        new Transfer(
            "p2p-" + UUID.randomUUID(),
            "P2P",
            List.of(
                Leg.debit(ada, units(30)),
                Leg.credit(bob, units(29)),
                Leg.credit(AccountId.fees(Asset.USDT), units(1))),
            AT);

    assertThat(ledger.post(deposit).replayed()).isFalse();
    assertThat(ledger.post(p2p).replayed()).isFalse();
    Posting again = ledger.post(p2p);

    assertThat(again.replayed()).isTrue();
    assertThat(ledger.balance(ada)).isEqualTo(units(70));
    assertThat(ledger.balance(bob)).isEqualTo(units(29));
    // read together in one batch, in the order asked, an account that never moved at zero
    AccountId never = user();
    assertThat(ledger.balances(List.of(bob, never, ada)))
        .containsExactly(
            java.util.Map.entry(bob, units(29)),
            java.util.Map.entry(never, BigInteger.ZERO),
            java.util.Map.entry(ada, units(70)));
    assertThat(ledger.entries(ada))
        .extracting(Entry::amount)
        .containsExactlyInAnyOrder(units(100), units(-30));
    assertThatThrownBy(
            () -> ledger.post(Transfer.between(p2p.id(), "P2P", ada, bob, units(31), AT)))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThat(ledger.balance(ada)).isEqualTo(units(70));
  }

  @Test
  void moreBalancesThanOneBatchTakesAreReadInSeveral() {
    List<AccountId> accounts = new java.util.ArrayList<>();
    for (int i = 0; i < BatchReads.BATCH + 5; i++) {
      accounts.add(user());
    }
    AccountId last = accounts.getLast();
    ledger.post(
        Transfer.between("dep-" + UUID.randomUUID(), "DEPOSIT", CLEARING, last, units(3), AT));

    var read = ledger.balances(accounts);

    assertThat(read).hasSize(accounts.size());
    assertThat(read.keySet()).containsExactlyElementsOf(accounts);
    assertThat(read.get(last)).isEqualTo(units(3));
    assertThat(read.values().stream().filter(b -> b.signum() != 0)).hasSize(1);
  }

  @Test
  void aUserAccountNeverGoesNegativeAndARefusedTransferLeavesNoTrace() {
    AccountId ada = user();
    AccountId bob = user();
    ledger.post(
        Transfer.between("dep-" + UUID.randomUUID(), "DEPOSIT", CLEARING, ada, units(5), AT));
    String id = "p2p-" + UUID.randomUUID();

    assertThatThrownBy(() -> ledger.post(Transfer.between(id, "P2P", ada, bob, units(6), AT)))
        .isInstanceOf(InsufficientFundsException.class)
        .hasMessageContaining(ada.name());
    assertThat(ledger.balance(ada)).isEqualTo(units(5));
    assertThat(ledger.balance(bob)).isZero();
    assertThat(ledger.entries(bob)).isEmpty();
    assertThatThrownBy(
            () ->
                ledger.post(
                    Transfer.between("x-" + UUID.randomUUID(), "P2P", user(), bob, units(1), AT)))
        .isInstanceOf(InsufficientFundsException.class);
    // the id was never used: it can still be posted once funds allow
    assertThat(ledger.post(Transfer.between(id, "P2P", ada, bob, units(5), AT)).replayed())
        .isFalse();
  }

  @Test
  void twoHundredConcurrentTransfersRacingOnOneAccountNeverOverdrawIt() {
    AccountId ada = user();
    AccountId bob = user();
    ledger.post(
        Transfer.between("dep-" + UUID.randomUUID(), "DEPOSIT", CLEARING, ada, units(100), AT));

    long posted;
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      posted =
          IntStream.range(0, 200)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () -> {
                            try {
                              ledger.post(
                                  Transfer.between(
                                      "race-" + UUID.randomUUID(), "P2P", ada, bob, units(1), AT));
                              return true;
                            } catch (InsufficientFundsException refused) {
                              return false;
                            }
                          },
                          pool))
              .toList()
              .stream()
              .filter(CompletableFuture::join)
              .count();
    }

    assertThat(posted).isEqualTo(100);
    assertThat(ledger.balance(ada)).isZero();
    assertThat(ledger.balance(bob)).isEqualTo(units(100));
    assertThat(ledger.entries(bob)).hasSize(100);
    assertThat(
            ledger.entries(ada).stream()
                .map(Entry::amount)
                .reduce(BigInteger.ZERO, BigInteger::add))
        .isZero();
  }
}
