package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.OutboxItems.OutboxItem;
import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.subscription.Interval;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.SubscriptionStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * Subscriptions:
 *
 * <ul>
 *   <li>{@code SUB#<id> / SUB}: the subscription ({@link SubscriptionItem}), versioned; while not
 *       cancelled also in {@code gsi1} under {@code SUB_OPEN} by its next charge time, for the
 *       catch-up;
 *   <li>{@code SUBS#PAYER#<payerId>} and {@code SUBS#MERCHANT#<merchantId>} / {@code
 *       <createdAt>#<id>}: the two lists ({@link PointerItem}), written with the subscription and
 *       never changed.
 * </ul>
 *
 * Every write carries its webhook event into the merchant's outbox ({@link OutboxItem}) in the same
 * transaction.
 */
@Singleton
final class DynamoDbSubscriptionStore implements SubscriptionStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#sub_[0-9a-f]{24}");

  static final String OPEN = "SUB_OPEN";
  private static final String PAYER = "SUBS#PAYER#";
  private static final String MERCHANT = "SUBS#MERCHANT#";
  private static final String PREFIX = "SUB#";
  private static final String SORT = "SUB";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<SubscriptionItem> subscriptions;
  private final DynamoDbTable<PointerItem> pointers;
  private final DynamoDbTable<OutboxItem> outbox;

  DynamoDbSubscriptionStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.subscriptions = enhanced.table(settings.getTable(), SubscriptionItem.SCHEMA);
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("subscriptionId"));
    this.outbox = enhanced.table(settings.getTable(), OutboxItem.SCHEMA);
  }

  @Override
  public void create(Subscription s, WebhookEvent event) {
    String position = s.createdAt() + "#" + s.id();
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                subscriptions,
                TransactPutItemEnhancedRequest.builder(SubscriptionItem.class)
                    .item(item(s))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build());
    for (String list : List.of(PAYER + s.payerId(), MERCHANT + s.merchantId())) {
      writes.addPutItem(pointers, new PointerItem(list, position, s.id()));
    }
    writes.addPutItem(outbox, OutboxItem.of(event));
    enhanced.transactWriteItems(writes.build());
  }

  @Override
  public Optional<Subscription> find(String id) {
    SubscriptionItem item =
        subscriptions.getItem(g -> g.key(Keys.primary(PREFIX + id, SORT)).consistentRead(true));
    return Optional.ofNullable(item).map(DynamoDbSubscriptionStore::subscription);
  }

  @Override
  public boolean update(Subscription next, WebhookEvent event) {
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                subscriptions,
                TransactPutItemEnhancedRequest.builder(SubscriptionItem.class)
                    .item(item(next))
                    .conditionExpression(Transactions.versionIs(next.version() - 1))
                    .build());
    if (event != null) {
      writes.addPutItem(outbox, OutboxItem.of(event));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  @Override
  public Page<Subscription> ofPayer(String payerId, PageRequest page) {
    return list(PAYER + payerId, page);
  }

  @Override
  public Page<Subscription> ofMerchant(String merchantId, PageRequest page) {
    return list(MERCHANT + merchantId, page);
  }

  @Override
  public List<Subscription> open(int limit) {
    return subscriptions
        .index(DynamoDbSchema.GSI1)
        .query(q -> q.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(OPEN))))
        .stream()
        .flatMap(page -> page.items().stream())
        .limit(limit)
        .map(DynamoDbSubscriptionStore::subscription)
        .toList();
  }

  /** A list, newest first: one query of its pointers, then each subscription as it is now. */
  private Page<Subscription> list(String partition, PageRequest page) {
    return PointerLists.newestFirst(pointers, partition, page, CURSOR, this::find);
  }

  private static SubscriptionItem item(Subscription s) {
    boolean open = s.status() != Subscription.Status.CANCELLED;
    return new SubscriptionItem(
        PREFIX + s.id(),
        SORT,
        open ? OPEN : null,
        open ? s.chargeAt() + "#" + s.id() : null,
        s.id(),
        s.payerId(),
        s.merchantId(),
        s.asset().name(),
        s.amount().units(),
        s.interval().name(),
        s.anchor().toString(),
        s.period(),
        s.status().name(),
        s.failedAttempts(),
        text(s.retryAt()),
        s.generation(),
        text(s.lastChargedAt()),
        s.cancelReason(),
        s.version(),
        s.createdAt().toString(),
        s.updatedAt().toString());
  }

  private static Subscription subscription(SubscriptionItem item) {
    return new Subscription(
        item.id(),
        item.payerId(),
        item.merchantId(),
        new TokenAmount(Asset.valueOf(item.asset()), item.amount()),
        Interval.valueOf(item.interval()),
        Instant.parse(item.anchor()),
        item.period(),
        Subscription.Status.valueOf(item.status()),
        item.failedAttempts(),
        instant(item.retryAt()),
        item.generation(),
        instant(item.lastChargedAt()),
        item.cancelReason(),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
