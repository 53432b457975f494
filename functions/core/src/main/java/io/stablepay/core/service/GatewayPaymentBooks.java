package io.stablepay.core.service;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.GatewayPaymentLog;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.domain.payment.PaymentEvents;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.PaymentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a payment through the gateway does, for {@link GatewayWatcher}: recorded once when first
 * seen (its request goes CONFIRMING), credited at the confirmation depth (the vault -> the merchant
 * less its fee, the fee to the platform, or to suspense when no request is named) with its request
 * settled PAID, UNDERPAID or OVERPAID, or REVERTED when its block left the chain (its request open
 * again). A payment for a request no longer payable is credited and flagged late; one that names no
 * request, or a token the registry does not know, is alerted.
 */
public final class GatewayPaymentBooks {

  private static final Set<Status> OPEN =
      EnumSet.of(Status.PENDING, Status.PAYING, Status.CONFIRMING, Status.UNDERPAID);

  private final GatewayPaymentStore store;
  private final PaymentStore payments;
  private final MerchantStore merchants;
  private final LedgerStore ledger;
  private final Alerts alerts;
  private final Clock clock;

  public GatewayPaymentBooks(
      GatewayPaymentStore store,
      PaymentStore payments,
      MerchantStore merchants,
      LedgerStore ledger,
      Alerts alerts,
      Clock clock) {
    this.store = store;
    this.payments = payments;
    this.merchants = merchants;
    this.ledger = ledger;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** Records a newly seen payment; the request it names goes CONFIRMING. */
  boolean seen(Network network, GatewayPaymentLog log) {
    Optional<Token> token = Optional.ofNullable(log.token()).flatMap(network::tokenAt);
    Optional<PaymentRequest> request = payments.findByRef(log.paymentRef());
    Instant now = clock.instant();
    boolean late =
        request.isPresent()
            && (!OPEN.contains(request.get().status()) || !now.isBefore(request.get().expiresAt()));
    OnchainPayment payment =
        new OnchainPayment(
            network.id(),
            log.txHash(),
            log.logIndex(),
            log.blockNumber(),
            log.blockHash(),
            log.paymentRef(),
            log.payer(),
            log.token(),
            log.amount(),
            token.map(t -> new TokenAmount(t.asset(), t.toLedgerUnits(log.amount()))).orElse(null),
            request.map(PaymentRequest::id).orElse(null),
            OnchainPayment.Status.CONFIRMING,
            late,
            now,
            null);
    if (!store.record(payment)) {
      return false;
    }
    if (request.isEmpty() || token.isEmpty()) {
      alerts.raise(
          "gateway-unattributed",
          network.id()
              + " "
              + log.txHash()
              + "#"
              + log.logIndex()
              + ": a gateway payment of "
              + log.amount()
              + " base units of "
              + log.token()
              + " names "
              + (request.isEmpty() ? "no request" : "an unknown token")
              + "; it is held in suspense once final");
      return true;
    }
    PaymentRequest current = request.get();
    if (!late && (current.status() == Status.PENDING || current.status() == Status.UNDERPAID)) {
      PaymentRequest confirming =
          current.moved(Status.CONFIRMING, current.payerId(), current.fee(), current.paidAt(), now);
      payments.update(
          confirming,
          PaymentEvents.of(
              WebhookEventType.PAYMENT_CONFIRMING,
              confirming,
              Map.of("txHash", log.txHash(), "network", network.id().name()),
              now));
    }
    return true;
  }

  /** Credits a final payment once, then settles its request's status by what it was paid. */
  boolean credit(Network network, OnchainPayment payment) {
    Instant now = clock.instant();
    if (payment.asset() == null) {
      // a token the registry does not know: nothing to credit in the books; the alert stands
      return store.update(payment.credited(now), OnchainPayment.Status.CONFIRMING);
    }
    Optional<PaymentRequest> request =
        Optional.ofNullable(payment.requestId()).flatMap(payments::find);
    Optional<Merchant> merchant = request.flatMap(r -> merchants.find(r.merchantId()));
    List<Leg> legs = new ArrayList<>();
    legs.add(
        Leg.debit(AccountId.vault(network.id(), payment.asset()), payment.ledgerAmount().units()));
    if (merchant.isPresent()) {
      TokenAmount fee = merchant.get().fee(payment.ledgerAmount());
      legs.add(
          Leg.credit(
              AccountId.user(merchant.get().userId(), payment.asset()),
              payment.ledgerAmount().minus(fee).units()));
      if (fee.isPositive()) {
        legs.add(Leg.credit(AccountId.fees(payment.asset()), fee.units()));
      }
    } else {
      legs.add(Leg.credit(AccountId.suspense(payment.asset()), payment.ledgerAmount().units()));
    }
    List<Movement> lines =
        merchant
            .map(
                m ->
                    List.of(
                        new Movement(
                            payment.creditId(),
                            m.userId(),
                            Movement.Type.PAYMENT,
                            Movement.Direction.IN,
                            Movement.Status.COMPLETED,
                            payment.ledgerAmount(),
                            m.fee(payment.ledgerAmount()),
                            network.id(),
                            payment.txHash(),
                            payment.payer(),
                            "payment " + request.get().paymentId(),
                            network.confirmations(),
                            now,
                            now)))
            .orElse(List.of());
    ledger.post(new Transfer(payment.creditId(), "GATEWAY_PAYMENT", legs, now), lines, List.of());
    if (!store.update(payment.credited(now), OnchainPayment.Status.CONFIRMING)) {
      return false;
    }
    request.ifPresent(r -> settle(r, payment, now));
    return true;
  }

  /** PAID, UNDERPAID or OVERPAID by the sum of the request's credited payments of its asset. */
  private void settle(PaymentRequest request, OnchainPayment payment, Instant now) {
    if (payment.late() || !OPEN.contains(request.status())) {
      alerts.raise(
          "gateway-late",
          "request "
              + request.id()
              + " was paid "
              + payment.txHash()
              + " while "
              + request.status()
              + "; the merchant was credited");
      return;
    }
    TokenAmount paid = TokenAmount.zero(request.asset());
    for (OnchainPayment p : store.ofRequest(request.id())) {
      if (p.status() == OnchainPayment.Status.CREDITED && p.asset() == request.asset()) {
        paid = paid.plus(p.ledgerAmount());
      }
    }
    int compared = paid.compareTo(request.amount());
    Status next = compared < 0 ? Status.UNDERPAID : compared == 0 ? Status.PAID : Status.OVERPAID;
    WebhookEventType type =
        switch (next) {
          case UNDERPAID -> WebhookEventType.PAYMENT_UNDERPAID;
          case OVERPAID -> WebhookEventType.PAYMENT_OVERPAID;
          default -> WebhookEventType.PAYMENT_PAID;
        };
    Merchant merchant = merchants.find(request.merchantId()).orElseThrow();
    PaymentRequest moved =
        request.moved(
            next,
            request.payerId(),
            merchant.fee(paid),
            next == Status.UNDERPAID ? null : now,
            now);
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put("paidAmount", paid.format());
    extra.put("txHash", payment.txHash());
    extra.put("network", payment.network().name());
    if (compared > 0) {
      extra.put("excess", paid.minus(request.amount()).format());
    }
    payments.update(moved, PaymentEvents.of(type, moved, extra, now));
  }

  /** A payment whose block left the chain before the depth: its request is open again. */
  void revert(OnchainPayment payment) {
    if (!store.update(payment.reverted(), OnchainPayment.Status.CONFIRMING)) {
      return;
    }
    Optional<PaymentRequest> request =
        Optional.ofNullable(payment.requestId()).flatMap(payments::find);
    if (request.isEmpty() || request.get().status() != Status.CONFIRMING) {
      return;
    }
    boolean othersWaiting =
        store.ofRequest(request.get().id()).stream()
            .anyMatch(p -> p.status() == OnchainPayment.Status.CONFIRMING);
    if (!othersWaiting) {
      Instant now = clock.instant();
      PaymentRequest pending =
          request
              .get()
              .moved(Status.PENDING, request.get().payerId(), request.get().fee(), null, now);
      payments.update(
          pending,
          PaymentEvents.of(
              WebhookEventType.PAYMENT_REVERTED,
              pending,
              Map.of("txHash", payment.txHash(), "network", payment.network().name()),
              now));
    }
  }
}
