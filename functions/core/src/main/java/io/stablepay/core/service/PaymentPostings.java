package io.stablepay.core.service;

import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.payment.PaymentRequest;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger side of {@link PaymentService}: the transfers and movement lines that a balance
 * payment ({@code pay-<id>}: payer -> merchant less the fee, fee -> platform) and a balance refund
 * ({@code refund-<id>}: merchant -> payer) post.
 */
final class PaymentPostings {

  private PaymentPostings() {}

  static String payId(String requestId) {
    return "pay-" + requestId;
  }

  static String refundId(String requestId) {
    return "refund-" + requestId;
  }

  /** The transfer of a balance payment of {@code request} (claimed by its payer). */
  static Transfer payment(PaymentRequest request, TokenAmount fee, Instant at) {
    List<Leg> legs = new ArrayList<>();
    legs.add(
        Leg.debit(AccountId.user(request.payerId(), request.asset()), request.amount().units()));
    legs.add(
        Leg.credit(
            AccountId.user(request.merchantId(), request.asset()),
            request.amount().minus(fee).units()));
    if (fee.isPositive()) {
      legs.add(Leg.credit(AccountId.fees(request.asset()), fee.units()));
    }
    return new Transfer(payId(request.id()), "PAYMENT", legs, at);
  }

  /** The payer's and the merchant's lines of a balance payment. */
  static List<Movement> paymentMovements(PaymentRequest request, TokenAmount fee, Instant at) {
    String id = payId(request.id());
    String description = "payment " + request.paymentId();
    return List.of(
        line(
            id,
            request.payerId(),
            Movement.Direction.OUT,
            request,
            request.amount().units(),
            BigInteger.ZERO,
            description,
            at),
        line(
            id,
            request.merchantId(),
            Movement.Direction.IN,
            request,
            request.amount().units(),
            fee.units(),
            description,
            at));
  }

  /** The transfer of a refund of {@code amount} from the merchant back to the payer. */
  static Transfer refund(PaymentRequest request, TokenAmount amount, Instant at) {
    return Transfer.between(
        refundId(request.id()),
        "REFUND",
        AccountId.user(request.merchantId(), request.asset()),
        AccountId.user(request.payerId(), request.asset()),
        amount.units(),
        at);
  }

  /** The merchant's and the payer's lines of a refund. */
  static List<Movement> refundMovements(PaymentRequest request, TokenAmount amount, Instant at) {
    String id = refundId(request.id());
    String description = "refund " + request.paymentId();
    return List.of(
        line(
            id,
            request.merchantId(),
            Movement.Direction.OUT,
            request,
            amount.units(),
            BigInteger.ZERO,
            description,
            at),
        line(
            id,
            request.payerId(),
            Movement.Direction.IN,
            request,
            amount.units(),
            BigInteger.ZERO,
            description,
            at));
  }

  private static Movement line(
      String id,
      String userId,
      Movement.Direction direction,
      PaymentRequest request,
      BigInteger amount,
      BigInteger fee,
      String description,
      Instant at) {
    return new Movement(
        id,
        userId,
        Movement.Type.PAYMENT,
        direction,
        Movement.Status.COMPLETED,
        new TokenAmount(request.asset(), amount),
        new TokenAmount(request.asset(), fee),
        null,
        null,
        description,
        null,
        0,
        at,
        at);
  }
}
