package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.DomainException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.domain.payment.PaymentEvents;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.payment.RefundUnavailableException;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.OnchainRefundCommand;
import io.stablepay.core.port.in.Refunds;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.PaymentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On-chain refunds through the withdrawal path. The request is first claimed (PAID or OVERPAID ->
 * REFUNDING, over the version read), so a balance refund or a second on-chain refund cannot start
 * beside it; then a withdrawal from the merchant's balance, under an idempotency key derived from
 * the claim, carries the refund; then the request becomes REFUNDED with {@code payment.refunded}.
 * Repeating the call on a REFUNDING request resumes with the same key, so a refund interrupted
 * anywhere is finished, never sent twice. When the withdrawal is refused (nothing held) or has
 * failed (its hold released), the claim is given back and the request is paid again; the next
 * attempt claims anew, under a new key. Like a settlement, a refund counts against the daily
 * withdrawal limit of the merchant's KYB status.
 */
public final class RefundService implements Refunds {

  private final PaymentStore payments;
  private final MerchantStore merchants;
  private final GatewayPaymentStore onchain;
  private final Withdrawals withdrawals;
  private final Clock clock;

  public RefundService(
      PaymentStore payments,
      MerchantStore merchants,
      GatewayPaymentStore onchain,
      Withdrawals withdrawals,
      Clock clock) {
    this.payments = payments;
    this.merchants = merchants;
    this.onchain = onchain;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  @Override
  public OnchainRefund refundOnchain(Caller caller, String id, OnchainRefundCommand command) {
    Merchant merchant =
        caller.role() != Role.MERCHANT ? null : merchants.find(caller.userId()).orElse(null);
    if (merchant == null) {
      throw new ForbiddenException("refunds are for merchants (role MERCHANT)");
    }
    String amount = command.amount();
    String network = command.network();
    PaymentRequest request =
        payments
            .find(id)
            .filter(r -> r.merchantId().equals(caller.userId()))
            .orElseThrow(() -> new NotFoundException("no payment request " + id));
    if (request.status() == Status.REFUNDED) {
      throw new RefundUnavailableException("this request was refunded already");
    }
    if (request.status() != Status.PAID
        && request.status() != Status.OVERPAID
        && request.status() != Status.REFUNDING) {
      throw new RefundUnavailableException(
          "only a paid request can be refunded (this one is " + request.status() + ")");
    }
    List<OnchainPayment> credited =
        onchain.ofRequest(request.id()).stream()
            .filter(
                p -> p.status() == OnchainPayment.Status.CREDITED && p.asset() == request.asset())
            .toList();
    TokenAmount paid =
        request.payerId() != null
            ? request.amount()
            : credited.stream()
                .map(OnchainPayment::ledgerAmount)
                .reduce(TokenAmount.zero(request.asset()), TokenAmount::plus);
    TokenAmount refund = amount == null ? paid : TokenAmount.parse(request.asset(), amount);
    if (!refund.isPositive() || refund.compareTo(paid) > 0) {
      throw new InvalidValueException(
          "a refund is more than zero and at most what was paid, " + paid.format());
    }
    String on =
        network != null && !network.isBlank()
            ? network
            : credited.stream()
                .map(p -> p.network().name())
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidValueException(
                            "network is required: this request" + " was paid from a balance"));

    PaymentRequest claimed = request;
    if (request.status() != Status.REFUNDING) {
      claimed =
          request.moved(
              Status.REFUNDING,
              request.payerId(),
              request.fee(),
              request.paidAt(),
              clock.instant());
      if (!payments.update(claimed, null)) {
        throw new ConflictException("the request changed meanwhile; read it and try again");
      }
    }
    Withdrawal withdrawal;
    try {
      withdrawal =
          withdrawals.withdraw(
              caller,
              "refund-" + request.id() + "-" + claimed.version(),
              new WithdrawCommand(
                  command.toAddress(),
                  on,
                  refund,
                  null,
                  "refund " + request.paymentId(),
                  merchant.kybStatus()));
    } catch (IdempotencyMismatchException e) {
      // the refund under way names another address or amount: it stands, and so does the claim
      throw e;
    } catch (DomainException e) {
      release(claimed, paid); // refused before anything was held, or failed and released
      throw e;
    }
    if (withdrawal.status() == Withdrawal.Status.FAILED) {
      release(claimed, paid);
      throw new RefundUnavailableException(
          "the refund transfer failed ("
              + withdrawal.failureReason()
              + "); nothing was moved, and the request can be"
              + " refunded again");
    }
    Instant now = clock.instant();
    PaymentRequest refunded =
        claimed.moved(Status.REFUNDED, claimed.payerId(), claimed.fee(), claimed.paidAt(), now);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("refundedAmount", refund.format());
    data.put("toAddress", withdrawal.to());
    data.put("network", withdrawal.network().name());
    data.put("withdrawalId", withdrawal.id());
    withdrawal.latest().ifPresent(a -> data.put("txHash", a.hash().value()));
    if (!payments.update(
        refunded, PaymentEvents.of(WebhookEventType.PAYMENT_REFUNDED, refunded, data, now))) {
      refunded = payments.find(id).orElseThrow(); // a retry got there first
    }
    return new OnchainRefund(refunded, withdrawal);
  }

  /** The claim given back: the request is paid (or overpaid) as before. */
  private void release(PaymentRequest claimed, TokenAmount paid) {
    Status before =
        paid.compareTo(claimed.amount()) > 0 && claimed.payerId() == null
            ? Status.OVERPAID
            : Status.PAID;
    payments.update(
        claimed.moved(before, claimed.payerId(), claimed.fee(), claimed.paidAt(), clock.instant()),
        null);
  }
}
