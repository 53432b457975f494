package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.PaymentEvents;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.payment.RefundUnavailableException;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.in.CreatePaymentCommand;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.PaymentInstructions;
import io.stablepay.core.port.out.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Payment requests and balance payments. Every state change is stored with the webhook event it
 * causes (one atomic write: the outbox). Paying from a balance is three steps, each safe to repeat:
 * the payer claims the request (PENDING -> PAYING, by version), the ledger transfer {@code
 * pay-<id>} is posted (payer -> merchant less the fee, fee -> platform), and the request becomes
 * PAID with its event. The ledger transfer is the truth: a claim whose transfer was never posted
 * goes back to PENDING after {@link #CLAIM_TIMEOUT}, one whose transfer was posted is completed by
 * whoever finds it.
 */
public final class PaymentService implements Payments {

  /** How long a balance payment may stay claimed without its ledger transfer. */
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(1);

  private final PaymentStore payments;
  private final MerchantStore merchants;
  private final LedgerStore ledger;
  private final NetworkRegistry registry;
  private final PayOptions payOptions;
  private final boolean allowHttpCallbacks;
  private final Clock clock;

  /**
   * @param allowHttpCallbacks accept {@code http://} callback URLs (the local profile only)
   */
  public PaymentService(
      PaymentStore payments,
      MerchantStore merchants,
      LedgerStore ledger,
      NetworkRegistry registry,
      Collection<? extends PaymentInstructions> instructions,
      boolean allowHttpCallbacks,
      Clock clock) {
    this.payments = payments;
    this.merchants = merchants;
    this.ledger = ledger;
    this.registry = registry;
    this.payOptions = new PayOptions(registry, List.copyOf(instructions));
    this.allowHttpCallbacks = allowHttpCallbacks;
    this.clock = clock;
  }

  @Override
  public View create(Caller caller, CreatePaymentCommand command) {
    Merchant merchant = merchant(caller);
    Network network = null;
    if (command.network() != null) {
      network = registry.require(command.network());
      if (network.token(command.asset()).isEmpty()) {
        throw new UnsupportedAssetException(command.asset(), network.id());
      }
    }
    String callback = Merchant.checkWebhookUrl(command.callbackUrl(), allowHttpCallbacks);
    String email =
        command.customerEmail() == null || command.customerEmail().isBlank()
            ? null
            : new Email(command.customerEmail()).value();
    String hash = requestHash(command, callback, email);
    Instant now = clock.instant();
    String id = "req_" + SecretToken.randomHex(12);
    PaymentRequest request =
        new PaymentRequest(
            id,
            merchant.userId(),
            command.paymentId(),
            command.amount(),
            network == null ? null : network.id(),
            Status.PENDING,
            now.plus(command.expiresIn()),
            callback,
            email,
            command.metadata(),
            "0x" + SecretToken.hash("payment-ref\n" + id),
            hash,
            null,
            null,
            null,
            0,
            now,
            now);
    Optional<PaymentRequest> existing =
        payments.create(
            request, PaymentEvents.of(WebhookEventType.PAYMENT_PENDING, request, Map.of(), now));
    if (existing.isPresent()) {
      if (!existing.get().requestHash().equals(hash)) {
        throw new ConflictException(
            "paymentId " + command.paymentId() + " was used for a different request");
      }
      return view(fresh(existing.get()), false);
    }
    return view(request, true);
  }

  @Override
  public View get(Caller caller, String id) {
    PaymentRequest request = fresh(find(id));
    boolean merchant = request.merchantId().equals(caller.userId());
    boolean payer = caller.userId().equals(request.payerId());
    if (!merchant && !payer && !request.status().payable()) {
      throw new NotFoundException("no payment request " + id);
    }
    return view(request, false);
  }

  @Override
  public Page<PaymentRequest> list(Caller caller, Status status, PageRequest page) {
    Merchant merchant = merchant(caller);
    return payments.list(merchant.userId(), status, page);
  }

  @Override
  public PaymentRequest cancel(Caller caller, String id) {
    Merchant merchant = merchant(caller);
    PaymentRequest request = fresh(find(id));
    if (!request.merchantId().equals(merchant.userId())) {
      throw new NotFoundException("no payment request " + id);
    }
    if (request.status() == Status.CANCELLED) {
      return request;
    }
    if (request.status() != Status.PENDING) {
      throw new ConflictException(
          "only a PENDING request can be cancelled; this one is " + request.status());
    }
    Instant now = clock.instant();
    PaymentRequest cancelled = request.moved(Status.CANCELLED, null, null, null, now);
    if (!payments.update(
        cancelled,
        PaymentEvents.of(WebhookEventType.PAYMENT_CANCELLED, cancelled, Map.of(), now))) {
      throw new ConflictException("the request changed meanwhile; read it and try again");
    }
    return cancelled;
  }

  @Override
  public PaymentRequest payFromBalance(Caller caller, String id) {
    PaymentRequest request = fresh(find(id));
    if (request.merchantId().equals(caller.userId())) {
      throw new InvalidValueException("a merchant cannot pay its own request");
    }
    if (request.status() == Status.PAID && caller.userId().equals(request.payerId())) {
      return request; // a retry of a payment that went through
    }
    if (request.status() == Status.PAYING && !caller.userId().equals(request.payerId())) {
      throw new ConflictException("another user is paying this request");
    }
    if (request.status() != Status.PENDING && request.status() != Status.PAYING) {
      throw new ConflictException("this request cannot be paid: it is " + request.status());
    }
    Merchant merchant =
        merchants
            .find(request.merchantId())
            .orElseThrow(() -> new NotFoundException("the merchant no longer exists"));
    Instant now = clock.instant();
    PaymentRequest claimed = request;
    if (request.status() == Status.PENDING) {
      claimed = request.moved(Status.PAYING, caller.userId(), null, null, now);
      if (!payments.update(claimed, null)) {
        throw new ConflictException("the request changed meanwhile; read it and try again");
      }
    }
    TokenAmount fee = merchant.fee(request.amount());
    try {
      ledger.post(
          PaymentPostings.payment(claimed, fee, now),
          PaymentPostings.paymentMovements(claimed, fee, now),
          List.of());
    } catch (InsufficientFundsException e) {
      release(claimed);
      throw new InsufficientFundsException(
          "the available " + request.asset() + " balance does not cover " + request.amount());
    }
    return complete(claimed, fee);
  }

  @Override
  public PaymentRequest refund(Caller caller, String id, String amount) {
    Merchant merchant = merchant(caller);
    PaymentRequest request = fresh(find(id));
    if (!request.merchantId().equals(merchant.userId())) {
      throw new NotFoundException("no payment request " + id);
    }
    if (request.status() == Status.REFUNDED) {
      throw new RefundUnavailableException("this request was refunded already");
    }
    if (request.status() != Status.PAID || request.payerId() == null) {
      throw new RefundUnavailableException(
          "only a request paid from a platform balance can be"
              + " refunded to a balance (this one is "
              + request.status()
              + "); name a toAddress to"
              + " refund on-chain");
    }
    TokenAmount refund =
        amount == null ? request.amount() : TokenAmount.parse(request.asset(), amount);
    if (!refund.isPositive() || refund.compareTo(request.amount()) > 0) {
      throw new InvalidValueException(
          "a refund is more than zero and at most what was paid, " + request.amount().format());
    }
    Instant now = clock.instant();
    Transfer transfer = PaymentPostings.refund(request, refund, now);
    List<Movement> lines = PaymentPostings.refundMovements(request, refund, now);
    try {
      ledger.post(transfer, lines, List.of());
    } catch (InsufficientFundsException e) {
      throw new InsufficientFundsException(
          "the merchant's available "
              + request.asset()
              + " balance does not cover the refund of "
              + refund);
    }
    PaymentRequest refunded =
        request.moved(Status.REFUNDED, request.payerId(), request.fee(), request.paidAt(), now);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("refundedAmount", refund.format());
    if (!payments.update(
        refunded, PaymentEvents.of(WebhookEventType.PAYMENT_REFUNDED, refunded, data, now))) {
      return find(id); // a retry got there first: the ledger posted the refund once
    }
    return refunded;
  }

  @Override
  public int expireDue() {
    int expired = 0;
    for (String id : payments.expiring(clock.instant(), 100)) {
      Optional<PaymentRequest> request = payments.find(id);
      if (request.isPresent() && fresh(request.get()).status() == Status.EXPIRED) {
        expired++;
      }
    }
    return expired;
  }

  /** Marks a claimed request PAID (its ledger transfer is posted) with its event. */
  private PaymentRequest complete(PaymentRequest claimed, TokenAmount fee) {
    Instant now = clock.instant();
    PaymentRequest paid = claimed.moved(Status.PAID, claimed.payerId(), fee, now, now);
    if (!payments.update(
        paid, PaymentEvents.of(WebhookEventType.PAYMENT_PAID, paid, Map.of(), now))) {
      return find(claimed.id()); // whoever got there first completed it
    }
    return paid;
  }

  /** Gives a claim back when its transfer was refused. */
  private void release(PaymentRequest claimed) {
    PaymentRequest pending = claimed.moved(Status.PENDING, null, null, null, clock.instant());
    payments.update(pending, null);
  }

  /**
   * The request as it stands now: a PENDING one past its time becomes EXPIRED; a PAYING one whose
   * transfer was posted becomes PAID, one whose claim timed out PENDING again.
   */
  private PaymentRequest fresh(PaymentRequest request) {
    Instant now = clock.instant();
    if (request.expiredAt(now)) {
      PaymentRequest expired = request.moved(Status.EXPIRED, null, null, null, now);
      return payments.update(
              expired, PaymentEvents.of(WebhookEventType.PAYMENT_EXPIRED, expired, Map.of(), now))
          ? expired
          : find(request.id());
    }
    if (request.status() == Status.PAYING) {
      if (ledger.posted(PaymentPostings.payId(request.id()))) {
        Merchant merchant = merchants.find(request.merchantId()).orElseThrow();
        return complete(request, merchant.fee(request.amount()));
      }
      if (request.updatedAt().plus(CLAIM_TIMEOUT).isBefore(now)) {
        release(request);
        return find(request.id());
      }
    }
    return request;
  }

  private View view(PaymentRequest request, boolean created) {
    return new View(request, payOptions.of(request), created);
  }

  private Merchant merchant(Caller caller) {
    return MerchantCallers.merchant(
        merchants, caller, "payment requests are for merchants (role MERCHANT)");
  }

  private PaymentRequest find(String id) {
    return payments.find(id).orElseThrow(() -> new NotFoundException("no payment request " + id));
  }

  /** What a create request says, so a replay can be told from a conflict. */
  private static String requestHash(CreatePaymentCommand c, String callback, String email) {
    return SecretToken.hash(
        String.join(
            "\n",
            c.paymentId(),
            c.asset().name(),
            c.amount().units().toString(),
            String.valueOf(c.network()),
            c.expiresIn().toString(),
            String.valueOf(callback),
            String.valueOf(email),
            new TreeMap<>(c.metadata()).toString()));
  }
}
