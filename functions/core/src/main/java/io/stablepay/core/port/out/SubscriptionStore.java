package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.webhook.WebhookEvent;
import java.util.List;
import java.util.Optional;

/**
 * Subscriptions, each written over the version read, with the webhook event its change causes in
 * the same atomic write (the merchant's outbox).
 */
public interface SubscriptionStore {

  /** Stores a new subscription, listed for its payer and its merchant, with its first event. */
  void create(Subscription subscription, WebhookEvent event);

  Optional<Subscription> find(String id);

  /**
   * Replaces the subscription if its stored version is {@code next.version() - 1}, with {@code
   * event} (null: none) in the outbox.
   *
   * @return false, writing nothing, when another writer changed it first
   */
  boolean update(Subscription next, WebhookEvent event);

  /** The payer's subscriptions, newest first. */
  Page<Subscription> ofPayer(String payerId, PageRequest page);

  /** The merchant's subscribers' subscriptions, newest first. */
  Page<Subscription> ofMerchant(String merchantId, PageRequest page);

  /** Subscriptions not cancelled, soonest charge first, at most {@code limit}. */
  List<Subscription> open(int limit);
}
