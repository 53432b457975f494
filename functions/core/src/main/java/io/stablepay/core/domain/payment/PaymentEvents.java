package io.stablepay.core.domain.payment;

import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The webhook event of a payment request's change, one shape for every type: the request as the
 * merchant sees it (a balance payment in flight shows as PENDING), plus what the change adds.
 */
public final class PaymentEvents {

  private PaymentEvents() {}

  public static WebhookEvent of(
      WebhookEventType type, PaymentRequest request, Map<String, ?> extra, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", request.id());
    data.put("paymentId", request.paymentId());
    data.put(
        "status",
        request.status() == PaymentRequest.Status.PAYING ? "PENDING" : request.status().name());
    data.put("amount", request.amount().format());
    data.put("currency", request.asset().name());
    if (request.fee() != null) {
      data.put("fee", request.fee().format());
    }
    data.put("metadata", new TreeMap<>(request.metadata()));
    data.putAll(extra);
    return new WebhookEvent(
        "evt_" + SecretToken.randomHex(13), type, request.merchantId(), at, data);
  }
}
