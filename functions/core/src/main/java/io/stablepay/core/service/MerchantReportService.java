package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.port.in.MerchantReports;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.PaymentStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A merchant's analytics, from its stored payment requests, and its payment movements. */
public final class MerchantReportService implements MerchantReports {

  private static final String REFUSAL = "payment requests are for merchants (role MERCHANT)";

  /** At most this many requests are read for one analytics answer. */
  static final int ANALYTICS_LIMIT = 5_000;

  private final PaymentStore payments;
  private final MerchantStore merchants;
  private final MovementStore movements;
  private final GatewayPaymentStore onchain;

  public MerchantReportService(
      PaymentStore payments,
      MerchantStore merchants,
      MovementStore movements,
      GatewayPaymentStore onchain) {
    this.payments = payments;
    this.merchants = merchants;
    this.movements = movements;
    this.onchain = onchain;
  }

  @Override
  public Analytics analytics(Caller caller, Instant from, Instant to) {
    Merchant merchant = MerchantCallers.merchant(merchants, caller, REFUSAL);
    if (!from.isBefore(to) || Duration.between(from, to).compareTo(Duration.ofDays(366)) > 0) {
      throw new InvalidValueException("from must be before to, at most 366 days apart");
    }
    List<PaymentRequest> requests =
        payments.createdBetween(merchant.userId(), from, to, ANALYTICS_LIMIT);
    if (requests.size() >= ANALYTICS_LIMIT) {
      throw new InvalidValueException(
          "more than " + ANALYTICS_LIMIT + " requests in that range: ask for a shorter one");
    }
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    Map<List<Object>, Bucket> buckets = new TreeMap<>(Comparator.comparing(Object::toString));
    for (PaymentRequest request : requests) {
      Status status = request.status() == Status.PAYING ? Status.PENDING : request.status();
      counts.merge(status, 1, Integer::sum);
      if (request.paidAt() == null || request.fee() == null) {
        continue;
      }
      LocalDate day = request.paidAt().atZone(ZoneOffset.UTC).toLocalDate();
      String network = request.payerId() != null ? "BALANCE" : paidOn(request);
      List<Object> key = List.of(day, network, request.asset());
      Bucket before = buckets.get(key);
      buckets.put(
          key,
          before == null
              ? new Bucket(day, network, request.amount(), request.fee(), 1)
              : new Bucket(
                  day,
                  network,
                  before.volume().plus(request.amount()),
                  before.fees().plus(request.fee()),
                  before.payments() + 1));
    }
    return new Analytics(from, to, List.copyOf(buckets.values()), counts);
  }

  /** The network an on-chain payment of {@code request} was credited on. */
  private String paidOn(PaymentRequest request) {
    return onchain.ofRequest(request.id()).stream()
        .filter(p -> p.status() == OnchainPayment.Status.CREDITED)
        .map(p -> p.network().name())
        .findFirst()
        .orElse("UNKNOWN");
  }

  @Override
  public Page<Movement> transactions(Caller caller, PageRequest page) {
    Merchant merchant = MerchantCallers.merchant(merchants, caller, REFUSAL);
    return movements.list(
        merchant.userId(), new Movement.Filter(Movement.Type.PAYMENT, null, null), page);
  }
}
