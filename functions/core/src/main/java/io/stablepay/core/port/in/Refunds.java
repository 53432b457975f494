package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.withdrawal.Withdrawal;

/**
 * Refunding a paid request on-chain: a withdrawal from the merchant's balance (the amount plus the
 * network fee) to an address the merchant names. Served where withdrawals can be signed.
 */
public interface Refunds {

  /** The refunded request and the withdrawal that carries the refund. */
  record OnchainRefund(PaymentRequest request, Withdrawal withdrawal) {}

  /**
   * Sends the command's amount (all that was paid when it names none) of a PAID or OVERPAID request
   * to its address, once per request. The request is claimed (REFUNDING) before anything is held,
   * so no other refund can start; repeating the call resumes the same refund. A refund refused
   * before anything was held (funds, fee, limits, liquidity, a bad address) leaves the request as
   * it was.
   *
   * @throws io.stablepay.core.domain.payment.RefundUnavailableException when the request is not
   *     paid, or was refunded already
   */
  OnchainRefund refundOnchain(Caller merchant, String id, OnchainRefundCommand command);
}
