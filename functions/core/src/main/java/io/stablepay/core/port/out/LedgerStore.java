package io.stablepay.core.port.out;

import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The books. Posting is atomic: the transfer record, one entry per leg and every balance change
 * commit together or not at all, and user balances never go below zero.
 */
public interface LedgerStore {

  /** One entry of an account: the transfer and the leg's amount. */
  record Entry(String transferId, BigInteger amount) {}

  /**
   * Posts {@code transfer} once.
   *
   * @return the first posting of this id; {@code replayed} when it had been posted before
   * @throws io.stablepay.core.domain.ledger.InsufficientFundsException when a user account would go
   *     negative (nothing posted)
   * @throws io.stablepay.core.domain.IdempotencyMismatchException when the id was posted with other
   *     legs
   */
  default Posting post(Transfer transfer) {
    return post(transfer, List.of(), List.of());
  }

  /**
   * Posts {@code transfer} once, and in the same atomic write saves {@code movements} (the
   * statement lines it creates) and consumes {@code allowances}.
   *
   * @throws io.stablepay.core.domain.ledger.LimitExceededException when an allowance's counter
   *     would pass its limit (nothing posted)
   */
  Posting post(Transfer transfer, List<Movement> movements, List<Allowance> allowances);

  /** Whether a transfer with this id has been posted. */
  boolean posted(String transferId);

  /** The account's balance, zero for an account that never moved. */
  BigInteger balance(AccountId account);

  /**
   * The balances of {@code accounts}, each zero for an account that never moved, in their order: a
   * store that can read them together does (one round trip for a wallet's six balances, not six).
   */
  default Map<AccountId, BigInteger> balances(List<AccountId> accounts) {
    Map<AccountId, BigInteger> balances = new LinkedHashMap<>();
    accounts.forEach(account -> balances.put(account, balance(account)));
    return balances;
  }

  /** Every entry of the account, oldest first. */
  List<Entry> entries(AccountId account);
}
