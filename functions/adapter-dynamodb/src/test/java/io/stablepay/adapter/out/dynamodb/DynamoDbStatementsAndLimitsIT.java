package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statement lines and limits written with a posting, against DynamoDB Local: the limit is counted
 * in the same transaction as the money, so concurrent postings cannot pass it, and a refused
 * posting leaves neither money, lines nor usage behind.
 */
class DynamoDbStatementsAndLimitsIT {

  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final AccountId CLEARING = AccountId.clearing(NetworkId.ETHEREUM, Asset.USDT);

  private static LocalTable table;
  private static DynamoDbLedgerStore ledger;
  private static DynamoDbMovementStore movements;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, new TableSettings());
    movements = new DynamoDbMovementStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static Allowance allowance(String counter, long amount, long limit) {
    return new Allowance(
        counter,
        BigInteger.valueOf(amount),
        BigInteger.valueOf(limit),
        AT.plusSeconds(86_400),
        "a test limit of " + limit);
  }

  private static Movement line(String id, String owner, Movement.Type type, Instant at) {
    return new Movement(
        id,
        owner,
        type,
        Movement.Direction.IN,
        Movement.Status.COMPLETED,
        new TokenAmount(Asset.USDT, BigInteger.TEN),
        TokenAmount.zero(Asset.USDT),
        null,
        null,
        "someone@example.com",
        null,
        0,
        at,
        at);
  }

  @Test
  void concurrentPostingsNeverPassALimitAndARefusedOneLeavesNoTrace() {
    String ada = UUID.randomUUID().toString();
    AccountId account = AccountId.user(ada, Asset.USDT);
    String counter = "p2p-in/" + ada + "/USDT/2026-12-01";
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<Boolean>> attempts = new ArrayList<>();
    try {
      IntStream.range(0, 20)
          .forEach(
              i ->
                  attempts.add(
                      CompletableFuture.supplyAsync(
                          () -> {
                            String id = "lim-" + UUID.randomUUID();
                            try {
                              ledger.post(
                                  Transfer.between(
                                      id, "P2P", CLEARING, account, BigInteger.valueOf(100), AT),
                                  List.of(line(id, ada, Movement.Type.P2P, AT)),
                                  List.of(allowance(counter, 100, 1_000)));
                              return true;
                            } catch (LimitExceededException e) {
                              return false;
                            }
                          },
                          pool)));
      long accepted = attempts.stream().map(CompletableFuture::join).filter(ok -> ok).count();
      assertThat(accepted).isEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
    assertThat(ledger.balance(account)).isEqualTo(BigInteger.valueOf(1_000));
    assertThat(ledger.entries(account)).hasSize(10);
    assertThat(movements.list(ada, Movement.Filter.ANY, PageRequest.of(100, null)).data())
        .hasSize(10);

    String refused = "lim-" + UUID.randomUUID();
    assertThatThrownBy(
            () ->
                ledger.post(
                    Transfer.between(refused, "P2P", CLEARING, account, BigInteger.ONE, AT),
                    List.of(line(refused, ada, Movement.Type.P2P, AT)),
                    List.of(allowance(counter, 1, 1_000))))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("a test limit of 1000");
    assertThat(ledger.posted(refused)).isFalse();
    assertThat(movements.list(ada, Movement.Filter.ANY, PageRequest.of(100, null)).data())
        .noneMatch(m -> m.id().equals(refused));
  }

  @Test
  void aStatementIsNewestFirstFilteredAndPagedWithinItsOwner() {
    String ada = UUID.randomUUID().toString();
    String bob = UUID.randomUUID().toString();
    for (int i = 0; i < 7; i++) {
      Movement.Type type = i % 2 == 0 ? Movement.Type.DEPOSIT : Movement.Type.P2P;
      movements.save(line("m" + i, ada, type, AT.plusSeconds(i)));
    }
    movements.save(line("b0", bob, Movement.Type.DEPOSIT, AT));

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      Page<Movement> page = movements.list(ada, Movement.Filter.ANY, PageRequest.of(3, cursor));
      page.data().forEach(m -> seen.add(m.id()));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(seen).containsExactly("m6", "m5", "m4", "m3", "m2", "m1", "m0");

    Movement.Filter deposits = new Movement.Filter(Movement.Type.DEPOSIT, null, null);
    Page<Movement> first = movements.list(ada, deposits, PageRequest.of(2, null));
    assertThat(first.data()).extracting(Movement::id).containsExactly("m6", "m4");
    Page<Movement> second = movements.list(ada, deposits, PageRequest.of(2, first.nextCursor()));
    assertThat(second.data()).extracting(Movement::id).containsExactly("m2", "m0");

    // a cursor only ever positions within the caller's own partition
    Page<Movement> bobs =
        movements.list(bob, Movement.Filter.ANY, PageRequest.of(10, first.nextCursor()));
    assertThat(bobs.data()).allMatch(m -> m.userId().equals(bob));
    assertThatThrownBy(
            () -> movements.list(ada, Movement.Filter.ANY, PageRequest.of(10, "bm90LWEtY3Vyc29y")))
        .isInstanceOf(InvalidRequestException.class);

    // a status change rewrites the same line
    movements.save(
        line("m6", ada, Movement.Type.DEPOSIT, AT.plusSeconds(6))
            .withStatus(Movement.Status.REVERTED, 0, null));
    assertThat(movements.list(ada, Movement.Filter.ANY, PageRequest.of(10, null)).data())
        .hasSize(7)
        .first()
        .extracting(Movement::status)
        .isEqualTo(Movement.Status.REVERTED);
  }
}
