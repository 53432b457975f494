package io.stablepay.function;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The amounts the platform moves, for the dashboard: each transfer the ledger posts for the first
 * time prints one metric line per asset it moves, {@code AmountMoved} by {@code asset} and {@code
 * type} (the transfer's type: {@code P2P}, {@code DEPOSIT}, {@code PAYMENT}, ...), in whole tokens:
 * the sum of the transfer's credits in that asset, so a payment of 100 with a fee of 2.5 counts
 * 100. A replayed posting moved nothing and prints nothing; a refused one threw before.
 *
 * <p>It wraps whatever {@link LedgerStore} a function's context creates, so every movement is
 * counted in the one place all of them pass, and no service has to remember to. A line is printed
 * after the write committed; printing cannot fail the movement.
 */
@Singleton
final class MovementMetrics implements BeanCreatedEventListener<LedgerStore> {

  static final String METRIC = "AmountMoved";

  private final JsonMapper json;
  private final Clock clock;

  MovementMetrics(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  @Override
  public LedgerStore onCreated(BeanCreatedEvent<LedgerStore> event) {
    return metered(event.getBean());
  }

  /** {@code books}, printing what each first posting moved. */
  LedgerStore metered(LedgerStore books) {
    return new Metered(books);
  }

  /** The lines for one posted transfer: one per asset it credits. */
  static List<MetricLine> lines(Transfer transfer) {
    Map<Asset, BigInteger> credited = new EnumMap<>(Asset.class);
    for (Leg leg : transfer.legs()) {
      if (leg.amount().signum() > 0) {
        credited.merge(leg.account().asset(), leg.amount(), BigInteger::add);
      }
    }
    return credited.entrySet().stream()
        .map(
            moved ->
                new MetricLine()
                    .dimension("asset", moved.getKey().name())
                    .dimension("type", transfer.type())
                    .add(
                        METRIC,
                        "None",
                        new BigDecimal(moved.getValue(), moved.getKey().decimals())))
        .toList();
  }

  private final class Metered implements LedgerStore {

    private final LedgerStore books;

    private Metered(LedgerStore books) {
      this.books = books;
    }

    @Override
    public Posting post(Transfer transfer, List<Movement> movements, List<Allowance> allowances) {
      Posting posting = books.post(transfer, movements, allowances);
      if (!posting.replayed()) {
        try {
          lines(posting.transfer()).forEach(line -> line.print(json, clock));
        } catch (RuntimeException e) {
          // a metric is a picture of the money: the movement stands without it
        }
      }
      return posting;
    }

    @Override
    public boolean posted(String transferId) {
      return books.posted(transferId);
    }

    @Override
    public BigInteger balance(AccountId account) {
      return books.balance(account);
    }

    @Override
    public Map<AccountId, BigInteger> balances(List<AccountId> accounts) {
      return books.balances(accounts);
    }

    @Override
    public List<Entry> entries(AccountId account) {
      return books.entries(account);
    }
  }
}
