package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * On-chain withdrawals from the platform's treasury, paid for from the user's balance.
 *
 * <p>Throws {@link io.stablepay.core.domain.withdrawal.InsufficientLiquidityException} when the
 * treasury cannot cover one, {@link io.stablepay.core.domain.ledger.InsufficientFundsException}
 * when the user cannot, and {@link io.stablepay.core.domain.InvalidRequestException} for bad input;
 * in every case nothing is held or sent. Once sent, a withdrawal is followed to its end by {@link
 * WithdrawalTracking}.
 */
public interface Withdrawals {

  /**
   * What withdrawing {@code amount} costs now.
   *
   * @param fee what the user pays, in the withdrawn asset's ledger units (rounded up)
   * @param networkCost the expected network fee in the native coin's base units (wei, sun)
   * @param gasLimit the gas (EVM) or energy (Tron) the transfer is expected to use
   */
  record Quote(
      NetworkId network,
      TokenAmount amount,
      TokenAmount fee,
      BigInteger networkCost,
      int nativeDecimals,
      String nativeSymbol,
      BigInteger gasLimit,
      String nativeUsdPrice,
      Instant quotedAt) {

    public Asset asset() {
      return amount.asset();
    }

    public TokenAmount total() {
      return amount.plus(fee);
    }
  }

  Quote quote(String network, TokenAmount amount);

  /** What withdrawing {@code amount} to {@code to} costs now (the gas depends on the recipient). */
  Quote quote(String network, TokenAmount amount, String to);

  /**
   * Holds amount plus fee, signs and broadcasts the transfer; once per {@code idempotencyKey} (a
   * replay returns the same withdrawal).
   *
   * @return the withdrawal, PENDING with a transaction hash unless it already moved on
   */
  Withdrawal withdraw(Caller caller, String idempotencyKey, WithdrawCommand command);

  /** The caller's withdrawal {@code id}; NotFoundException for anyone else's. */
  Withdrawal get(Caller caller, String id);
}
