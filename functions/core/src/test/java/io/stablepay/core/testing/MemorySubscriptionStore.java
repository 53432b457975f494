package io.stablepay.core.testing;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.SubscriptionStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** The subscription store's contract in memory: versioned updates, each with its event kept. */
public final class MemorySubscriptionStore implements SubscriptionStore {

  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

  /** The events written with the subscriptions, in order. */
  public final List<WebhookEvent> events = new ArrayList<>();

  @Override
  public synchronized void create(Subscription subscription, WebhookEvent event) {
    subscriptions.put(subscription.id(), subscription);
    events.add(event);
  }

  @Override
  public synchronized Optional<Subscription> find(String id) {
    return Optional.ofNullable(subscriptions.get(id));
  }

  @Override
  public synchronized boolean update(Subscription next, WebhookEvent event) {
    Subscription stored = subscriptions.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    subscriptions.put(next.id(), next);
    if (event != null) {
      events.add(event);
    }
    return true;
  }

  @Override
  public Page<Subscription> ofPayer(String payerId, PageRequest page) {
    return page(s -> s.payerId().equals(payerId), page);
  }

  @Override
  public Page<Subscription> ofMerchant(String merchantId, PageRequest page) {
    return page(s -> s.merchantId().equals(merchantId), page);
  }

  @Override
  public synchronized List<Subscription> open(int limit) {
    return subscriptions.values().stream()
        .filter(s -> s.status() != Subscription.Status.CANCELLED)
        .sorted(Comparator.comparing(Subscription::nextPaymentAt))
        .limit(limit)
        .toList();
  }

  private synchronized Page<Subscription> page(Predicate<Subscription> whose, PageRequest page) {
    return new Page<>(
        subscriptions.values().stream()
            .filter(whose)
            .sorted(Comparator.comparing(Subscription::createdAt).reversed())
            .limit(page.limit())
            .toList(),
        null);
  }
}
