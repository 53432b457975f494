package io.stablepay.core.domain.subscription;

import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The webhook event of a subscription's change: the subscription, plus what the change adds. */
public final class SubscriptionEvents {

  private SubscriptionEvents() {}

  public static WebhookEvent of(
      WebhookEventType type, Subscription s, Map<String, ?> extra, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", s.id());
    data.put("customerId", s.payerId());
    data.put("status", s.status().name());
    data.put("amount", s.amount().format());
    data.put("currency", s.asset().name());
    data.put("interval", s.interval().name());
    if (s.status() != Subscription.Status.CANCELLED) {
      data.put("nextPaymentAt", s.chargeAt().toString());
    }
    data.putAll(extra);
    return new WebhookEvent("evt_" + SecretToken.randomHex(13), type, s.merchantId(), at, data);
  }
}
