package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.Movement;
import java.time.Instant;
import java.util.List;

/**
 * Money between platform users, settled in the ledger at once.
 *
 * <p>Throws {@link io.stablepay.core.domain.ledger.InsufficientFundsException}, {@link
 * io.stablepay.core.domain.NotFoundException} for an unknown recipient, {@link
 * io.stablepay.core.domain.ledger.WithdrawalUnavailableException} for an external address and
 * {@link io.stablepay.core.domain.InvalidRequestException} for bad input.
 */
public interface PeerTransfers {

  /** A settled transfer. {@code id} is the ledger transfer's id. */
  record Completed(
      String id,
      TokenAmount amount,
      String counterpartyId,
      String counterpartyEmail,
      Instant createdAt) {

    public Asset asset() {
      return amount.asset();
    }
  }

  /**
   * One asset's balances: what can be spent, and what is reserved for pending withdrawals (both in
   * that asset).
   */
  record Balance(TokenAmount available, TokenAmount held) {

    public Balance {
      if (available.asset() != held.asset()) {
        throw new IllegalArgumentException("a balance's available and held are of one asset");
      }
    }

    public Asset asset() {
      return available.asset();
    }
  }

  /**
   * Sends {@code command} once per {@code idempotencyKey}: the ledger transfer id is derived from
   * the caller and the key, so a retry can never move money twice.
   */
  Completed send(Caller caller, String idempotencyKey, SendCommand command);

  List<Balance> balances(Caller caller);

  /** The caller's own movements (P2P, deposits, withdrawals), newest first. */
  Page<Movement> movements(Caller caller, Movement.Filter filter, PageRequest page);
}
