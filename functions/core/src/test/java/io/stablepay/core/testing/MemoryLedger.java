package io.stablepay.core.testing;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ledger port in memory, for services' rules: idempotent by transfer id (the same id with
 * another type or other legs is refused, as {@link LedgerStore} says), no user balance below zero,
 * no allowance's counter past its limit, the movement lines kept with the transfer. The DynamoDB
 * implementation and its invariants are tested on DynamoDB Local.
 */
public final class MemoryLedger implements LedgerStore {

  private final Map<String, Transfer> transfers = new LinkedHashMap<>();
  private final Map<AccountId, List<Entry>> entries = new HashMap<>();
  private final Map<String, BigInteger> counters = new HashMap<>();

  /** The movement lines posted with the transfers, in order. */
  public final List<Movement> movements = new ArrayList<>();

  @Override
  public Posting post(Transfer transfer, List<Movement> movements, List<Allowance> allowances) {
    Transfer first = transfers.get(transfer.id());
    if (first != null) {
      if (!first.type().equals(transfer.type())
          || !Set.copyOf(first.legs()).equals(Set.copyOf(transfer.legs()))) {
        throw new IdempotencyMismatchException();
      }
      return new Posting(first, true);
    }
    for (Leg leg : transfer.legs()) {
      if (!leg.account().mayGoNegative() && balance(leg.account()).add(leg.amount()).signum() < 0) {
        throw new io.stablepay.core.domain.ledger.InsufficientFundsException(
            "insufficient funds in " + leg.account());
      }
    }
    for (Allowance allowance : allowances) {
      if (counters
              .getOrDefault(allowance.counter(), BigInteger.ZERO)
              .add(allowance.amount())
              .compareTo(allowance.limit())
          > 0) {
        throw new LimitExceededException("the transfer would exceed " + allowance.description());
      }
    }
    allowances.forEach(
        allowance -> counters.merge(allowance.counter(), allowance.amount(), BigInteger::add));
    this.movements.addAll(movements);
    transfers.put(transfer.id(), transfer);
    for (Leg leg : transfer.legs()) {
      entries
          .computeIfAbsent(leg.account(), a -> new ArrayList<>())
          .add(new Entry(transfer.id(), leg.amount()));
    }
    return new Posting(transfer, false);
  }

  @Override
  public boolean posted(String transferId) {
    return transfers.containsKey(transferId);
  }

  @Override
  public BigInteger balance(AccountId account) {
    return entries(account).stream().map(Entry::amount).reduce(BigInteger.ZERO, BigInteger::add);
  }

  @Override
  public List<Entry> entries(AccountId account) {
    return List.copyOf(entries.getOrDefault(account, List.of()));
  }

  public int transfers() {
    return transfers.size();
  }

  /**
   * Credits {@code userId} with {@code amount} (a decimal string) of {@code asset} from the
   * platform's capital, under a transfer of its own: a test's starting balance.
   */
  public void fund(String userId, Asset asset, String amount, Instant at) {
    post(
        Transfer.between(
            "fund-" + userId + "-" + transfers(),
            "DEPOSIT",
            AccountId.capital(asset),
            AccountId.user(userId, asset),
            asset.parseAmount(amount),
            at),
        List.of(),
        List.of());
  }
}
