package io.stablepay.core.port.in;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.payment.PayOption;
import io.stablepay.core.domain.payment.PaymentRequest;
import java.util.List;

/** Merchants' payment requests and paying them from a platform balance. */
public interface Payments {

  /**
   * A request and how it can be paid.
   *
   * @param created false when an identical request with the same paymentId existed (a replay)
   */
  record View(PaymentRequest request, List<PayOption> payOptions, boolean created) {}

  /**
   * Creates a request, or returns the one the merchant made with the same paymentId and body.
   *
   * @throws io.stablepay.core.domain.ConflictException for the same paymentId with another body
   */
  View create(Caller merchant, CreatePaymentCommand command);

  /** The request, to its merchant, to whoever paid it, or to any user while it is payable. */
  View get(Caller caller, String id);

  Page<PaymentRequest> list(Caller merchant, PaymentRequest.Status status, PageRequest page);

  /** Cancels a PENDING request of the caller's. */
  PaymentRequest cancel(Caller merchant, String id);

  /**
   * Pays the request from the caller's balance at once: payer -> merchant less the fee, the fee to
   * the platform; once per request (a retry returns the paid request).
   */
  PaymentRequest payFromBalance(Caller payer, String id);

  /**
   * Gives a payer who paid from a balance {@code amount} (a decimal string; null: all of it) back
   * from the merchant's balance, once per request; the platform's fee is not returned.
   *
   * @throws io.stablepay.core.domain.payment.RefundUnavailableException when the request was not
   *     paid from a balance, or was refunded already (on-chain refunds: {@link Refunds})
   */
  PaymentRequest refund(Caller merchant, String id, String amount);

  /**
   * Expires every PENDING or UNDERPAID request whose time ran out (each with its {@code
   * payment.expired} event); run on a schedule, so expiry does not wait for the next read.
   *
   * @return how many expired
   */
  int expireDue();
}
