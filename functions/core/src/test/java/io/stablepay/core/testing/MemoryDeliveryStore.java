package io.stablepay.core.testing;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.webhook.Delivery;
import io.stablepay.core.domain.webhook.DeliveryAttempt;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.DeliveryStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The delivery store's contract in memory, as the DynamoDB one keeps it. {@link #outbox} writes an
 * event as the payment store does, at the position {@code <occurredAt>#<eventId>}; it is
 * undelivered (oldest position first) until a delivery for it is started, and stays readable after.
 * Starting a delivery that exists writes nothing; a delivery is replaced only over the version
 * read; due deliveries are the scheduled ones due at or before the time (by the millisecond, as the
 * index sorts), soonest first; an attempt of the same number replaces the one stored; a merchant's
 * list is newest first, in pages with a cursor.
 */
public final class MemoryDeliveryStore implements DeliveryStore {

  private final Map<String, WebhookEvent> events = new HashMap<>();
  private final TreeMap<String, WebhookEvent> undelivered = new TreeMap<>();
  private final Map<String, Delivery> deliveries = new LinkedHashMap<>();
  private final Map<String, TreeMap<Integer, DeliveryAttempt>> attempts = new HashMap<>();

  /** Writes {@code event} to its merchant's outbox, as the payment store does; its position. */
  public synchronized String outbox(WebhookEvent event) {
    String position = event.occurredAt() + "#" + event.id();
    events.put(key(event.merchantId(), position), event);
    undelivered.put(position, event);
    return position;
  }

  @Override
  public synchronized List<Outboxed> undelivered(int limit) {
    return undelivered.entrySet().stream()
        .limit(limit)
        .map(e -> new Outboxed(e.getValue(), e.getKey()))
        .toList();
  }

  @Override
  public synchronized boolean start(Delivery delivery) {
    if (deliveries.containsKey(delivery.eventId())) {
      return false;
    }
    deliveries.put(delivery.eventId(), delivery);
    WebhookEvent pending = undelivered.get(delivery.eventPosition());
    if (pending != null && pending.merchantId().equals(delivery.merchantId())) {
      undelivered.remove(delivery.eventPosition());
    }
    return true;
  }

  @Override
  public synchronized List<Delivery> due(Instant now, int limit) {
    return deliveries.values().stream()
        .filter(
            d ->
                d.status() == Delivery.Status.SCHEDULED
                    && d.nextAttemptAt().toEpochMilli() <= now.toEpochMilli())
        .sorted(
            Comparator.comparing((Delivery d) -> d.nextAttemptAt().toEpochMilli())
                .thenComparing(Delivery::eventId))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized Optional<Delivery> find(String eventId) {
    return Optional.ofNullable(deliveries.get(eventId));
  }

  @Override
  public synchronized Optional<WebhookEvent> event(String merchantId, String position) {
    return Optional.ofNullable(events.get(key(merchantId, position)));
  }

  @Override
  public synchronized boolean update(Delivery next) {
    Delivery stored = deliveries.get(next.eventId());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    deliveries.put(next.eventId(), next);
    return true;
  }

  @Override
  public synchronized void record(DeliveryAttempt attempt) {
    attempts
        .computeIfAbsent(attempt.eventId(), id -> new TreeMap<>())
        .put(attempt.number(), attempt);
  }

  @Override
  public synchronized Page<Delivery> list(String merchantId, PageRequest page) {
    String after =
        page.cursor() == null
            ? null
            : new String(Base64.getUrlDecoder().decode(page.cursor()), StandardCharsets.UTF_8);
    List<Delivery> newestFirst =
        deliveries.values().stream()
            .filter(d -> d.merchantId().equals(merchantId))
            .filter(d -> after == null || position(d).compareTo(after) < 0)
            .sorted(Comparator.comparing(MemoryDeliveryStore::position).reversed())
            .toList();
    List<Delivery> data = newestFirst.stream().limit(page.limit()).toList();
    String next =
        newestFirst.size() > data.size()
            ? Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(position(data.getLast()).getBytes(StandardCharsets.UTF_8))
            : null;
    return new Page<>(data, next);
  }

  @Override
  public synchronized List<DeliveryAttempt> attempts(String eventId) {
    return new ArrayList<>(attempts.getOrDefault(eventId, new TreeMap<>()).values());
  }

  /** Where a delivery sorts in its merchant's list: created time (ms), then its event id. */
  private static String position(Delivery d) {
    return String.format("%013d", d.createdAt().toEpochMilli()) + "#" + d.eventId();
  }

  private static String key(String merchantId, String position) {
    return merchantId + "/" + position;
  }
}
