package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore.Entry;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The ledger's invariants over random sequences of transfers, on DynamoDB Local: no user balance
 * below zero; per asset the sum over all accounts is zero; every balance equals the sum of its
 * entries; replaying any posted transfer changes nothing.
 */
class LedgerInvariantPropertiesIT {

  private static final Instant AT = Instant.parse("2026-11-23T22:00:00Z");

  private static LocalTable table;
  private static DynamoDbLedgerStore ledger;

  @BeforeContainer
  static void start() {
    table = new LocalTable();
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterContainer
  static void stop() {
    table.close();
  }

  /** A transfer between two of the run's accounts (0 is the platform's clearing account). */
  record Move(int from, int to, int amount) {}

  @Provide
  Arbitrary<List<Move>> moves() {
    Arbitrary<Move> move =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(1, 60))
            .as(Move::new)
            .filter(m -> m.from() != m.to());
    return move.list().ofMinSize(1).ofMaxSize(12);
  }

  @Property(tries = 40)
  void theBooksBalanceWhateverHappens(@ForAll("moves") List<Move> moves) {
    String run = UUID.randomUUID().toString();
    List<AccountId> accounts =
        List.of(
            new AccountId("platform/clearing/" + NetworkId.POLYGON + "/" + run, Asset.DAI),
            AccountId.user(run + "-a", Asset.DAI),
            AccountId.user(run + "-b", Asset.DAI),
            AccountId.user(run + "-c", Asset.DAI));
    List<Transfer> posted = new ArrayList<>();
    for (int i = 0; i < moves.size(); i++) {
      Move move = moves.get(i);
      Transfer transfer =
          Transfer.between(
              run + "-" + i,
              "TEST",
              accounts.get(move.from()),
              accounts.get(move.to()),
              BigInteger.valueOf(move.amount()),
              AT);
      try {
        ledger.post(transfer);
        posted.add(transfer);
      } catch (InsufficientFundsException refused) {
        // a user cannot pay more than they hold: refused, and checked below to leave no trace
      }
    }

    List<BigInteger> balances = accounts.stream().map(ledger::balance).toList();
    for (Transfer transfer : posted) {
      assertThat(ledger.post(transfer).replayed()).isTrue();
    }

    assertThat(accounts.stream().map(ledger::balance).toList()).isEqualTo(balances);
    assertThat(balances.stream().reduce(BigInteger.ZERO, BigInteger::add)).isZero();
    for (int i = 1; i < accounts.size(); i++) {
      assertThat(balances.get(i)).as(accounts.get(i).name()).isNotNegative();
    }
    for (int i = 0; i < accounts.size(); i++) {
      assertThat(
              ledger.entries(accounts.get(i)).stream()
                  .map(Entry::amount)
                  .reduce(BigInteger.ZERO, BigInteger::add))
          .isEqualTo(balances.get(i));
    }
  }
}
