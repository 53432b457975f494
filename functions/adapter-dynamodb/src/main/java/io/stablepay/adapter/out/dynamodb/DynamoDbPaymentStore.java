package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.OutboxItems.OutboxItem;
import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Payment requests and the webhook outbox in the platform table:
 *
 * <ul>
 *   <li>{@code PAYMENT#<id> / PAYMENT} ({@link PaymentItem}): the request, written only over the
 *       version read; in {@code gsi1} under {@code PAYMENTS#<merchantId>} by creation time (the
 *       merchant's list);
 *   <li>{@code PAYMENTID#<merchantId>#<paymentId> / PAYMENTID}: the claim on the merchant's
 *       reference, created with the request;
 *   <li>{@code PAYREF#<paymentRef> / PAYREF}: the gateway reference to the request (on-chain
 *       payments are attributed by it);
 *   <li>{@code EXPIRING / <expiresAt millis>#<id>}: each request while PENDING or UNDERPAID, kept
 *       or removed in the same write as the request changes, for the expiry sweep;
 *   <li>the webhook outbox ({@link OutboxItem}): each event, written in the same transaction as the
 *       change it announces.
 * </ul>
 *
 * The claim, the reference and the expiry entry each hold only the request's id ({@link
 * PointerItem}, under {@code id}).
 */
@Singleton
final class DynamoDbPaymentStore implements PaymentStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#req_[0-9a-f]{24}");

  /** Open requests by expiry time (epoch milliseconds, zero-padded, so they sort). */
  static final String EXPIRING = "EXPIRING";

  private static final String SORT = "PAYMENT";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<PaymentItem> requests;
  private final DynamoDbTable<PointerItem> pointers;
  private final DynamoDbTable<OutboxItem> outbox;

  DynamoDbPaymentStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.requests = enhanced.table(settings.getTable(), PaymentItem.SCHEMA);
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("id"));
    this.outbox = enhanced.table(settings.getTable(), OutboxItem.SCHEMA);
  }

  @Override
  public Optional<PaymentRequest> create(PaymentRequest request, WebhookEvent event) {
    String claim = paymentIdKey(request.merchantId(), request.paymentId());
    TransactWriteItemsEnhancedRequest writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(pointers, absent(new PointerItem(claim, "PAYMENTID", request.id())))
            .addPutItem(
                requests,
                TransactPutItemEnhancedRequest.builder(PaymentItem.class)
                    .item(item(request))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addPutItem(
                pointers,
                absent(new PointerItem("PAYREF#" + request.paymentRef(), "PAYREF", request.id())))
            .addPutItem(pointers, expiring(request))
            .addPutItem(outbox, OutboxItem.of(event))
            .build();
    if (Transactions.unlessFirstRefused(enhanced, writes)) {
      return Optional.empty();
    }
    PointerItem held =
        pointers.getItem(g -> g.key(Keys.primary(claim, "PAYMENTID")).consistentRead(true));
    return find(held.id());
  }

  @Override
  public Optional<PaymentRequest> find(String id) {
    PaymentItem item =
        requests.getItem(g -> g.key(Keys.primary("PAYMENT#" + id, SORT)).consistentRead(true));
    return Optional.ofNullable(item).map(DynamoDbPaymentStore::request);
  }

  @Override
  public List<PaymentRequest> createdBetween(
      String merchantId, Instant from, Instant to, int limit) {
    // ISO instants of one moment differ in length (fractions are trimmed); bounds without the
    // zone letter sort before every instant of their second, so each day is taken whole
    String lower = from.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
    String upper = to.truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "");
    Iterator<PaymentItem> items =
        requests
            .index(DynamoDbSchema.GSI1)
            .query(
                q ->
                    q.queryConditional(
                        QueryConditional.sortBetween(
                            k -> k.partitionValue(byMerchant(merchantId)).sortValue(lower),
                            k -> k.partitionValue(byMerchant(merchantId)).sortValue(upper))))
            .stream()
            .flatMap(page -> page.items().stream())
            .iterator();
    List<PaymentRequest> found = new ArrayList<>();
    // page by page, only as far as the limit needs
    while (found.size() < limit && items.hasNext()) {
      PaymentRequest request = request(items.next());
      if (!request.createdAt().isBefore(from) && request.createdAt().isBefore(to)) {
        found.add(request);
      }
    }
    return found;
  }

  @Override
  public List<String> expiring(Instant now, int limit) {
    // one request: the first page is what is asked for
    return pointers
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortLessThan(
                            k ->
                                k.partitionValue(EXPIRING)
                                    .sortValue(String.format("%013d#", now.toEpochMilli()))))
                    .consistentRead(true)
                    .limit(limit))
        .iterator()
        .next()
        .items()
        .stream()
        .map(PointerItem::id)
        .toList();
  }

  @Override
  public Optional<PaymentRequest> findByRef(String paymentRef) {
    PointerItem ref =
        pointers.getItem(
            g -> g.key(Keys.primary("PAYREF#" + paymentRef, "PAYREF")).consistentRead(true));
    return ref == null ? Optional.empty() : find(ref.id());
  }

  @Override
  public boolean update(PaymentRequest next, WebhookEvent event) {
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                requests,
                TransactPutItemEnhancedRequest.builder(PaymentItem.class)
                    .item(item(next))
                    .conditionExpression(Transactions.versionIs(next.version() - 1))
                    .build());
    // only an open request can expire: the index holds those and nothing else
    if (next.status() == PaymentRequest.Status.PENDING
        || next.status() == PaymentRequest.Status.UNDERPAID) {
      writes.addPutItem(pointers, expiring(next));
    } else {
      writes.addDeleteItem(pointers, Keys.primary(EXPIRING, expiringSort(next)));
    }
    if (event != null) {
      writes.addPutItem(outbox, OutboxItem.of(event));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  @Override
  public Page<PaymentRequest> list(
      String merchantId, PaymentRequest.Status status, PageRequest page) {
    Expression filter =
        status == null
            ? null
            : Expression.builder()
                .expression("#status = :status")
                .putExpressionName("#status", "status")
                .putExpressionValue(":status", AttributeValue.fromS(status.name()))
                .build();
    List<PaymentRequest> found = new ArrayList<>();
    Map<String, AttributeValue> start =
        page.cursor() == null ? null : decode(merchantId, page.cursor());
    String last = null;
    boolean more = true;
    while (found.size() < page.limit() && more) {
      Map<String, AttributeValue> from = start;
      // one request per round: a filtered page may come back short, then the next is read
      software.amazon.awssdk.enhanced.dynamodb.model.Page<PaymentItem> response =
          requests
              .index(DynamoDbSchema.GSI1)
              .query(
                  q ->
                      q.queryConditional(
                              QueryConditional.keyEqualTo(
                                  k -> k.partitionValue(byMerchant(merchantId))))
                          .scanIndexForward(false)
                          .filterExpression(filter)
                          .exclusiveStartKey(from)
                          .limit(page.limit() + 1))
              .iterator()
              .next();
      for (PaymentItem item : response.items()) {
        if (found.size() == page.limit()) {
          break;
        }
        found.add(request(item));
        last = item.gsi1sk();
      }
      Map<String, AttributeValue> lastKey = response.lastEvaluatedKey();
      more = lastKey != null && !lastKey.isEmpty();
      start = lastKey;
      if (found.size() == page.limit() && response.items().size() > found.size()) {
        more = true;
      }
    }
    String next = found.size() == page.limit() && more ? Cursors.encode(last) : null;
    return new Page<>(found, next);
  }

  private static TransactPutItemEnhancedRequest<PointerItem> absent(PointerItem item) {
    return TransactPutItemEnhancedRequest.builder(PointerItem.class)
        .item(item)
        .conditionExpression(Conditions.ITEM_ABSENT)
        .build();
  }

  private static PaymentItem item(PaymentRequest r) {
    return new PaymentItem(
        "PAYMENT#" + r.id(),
        SORT,
        byMerchant(r.merchantId()),
        r.createdAt() + "#" + r.id(),
        r.id(),
        r.merchantId(),
        r.paymentId(),
        r.amount().units(),
        r.asset().name(),
        r.network() == null ? null : r.network().name(),
        r.status().name(),
        r.expiresAt().toString(),
        r.callbackUrl(),
        r.customerEmail(),
        r.metadata(),
        r.paymentRef(),
        r.requestHash(),
        r.payerId(),
        r.fee() == null ? null : r.fee().units(),
        r.paidAt() == null ? null : r.paidAt().toString(),
        r.version(),
        r.createdAt().toString(),
        r.updatedAt().toString());
  }

  private static PaymentRequest request(PaymentItem item) {
    Asset asset = Asset.valueOf(item.asset());
    return new PaymentRequest(
        item.id(),
        item.merchantId(),
        item.paymentId(),
        new TokenAmount(asset, item.amount()),
        item.network() == null ? null : NetworkId.valueOf(item.network()),
        PaymentRequest.Status.valueOf(item.status()),
        Instant.parse(item.expiresAt()),
        item.callbackUrl(),
        item.customerEmail(),
        item.metadata(),
        item.paymentRef(),
        item.requestHash(),
        item.payerId(),
        item.fee() == null ? null : new TokenAmount(asset, item.fee()),
        item.paidAt() == null ? null : Instant.parse(item.paidAt()),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static String expiringSort(PaymentRequest r) {
    return String.format("%013d#", r.expiresAt().toEpochMilli()) + r.id();
  }

  private static PointerItem expiring(PaymentRequest r) {
    return new PointerItem(EXPIRING, expiringSort(r), r.id());
  }

  private static String paymentIdKey(String merchantId, String paymentId) {
    return "PAYMENTID#" + merchantId + "#" + paymentId;
  }

  private static String byMerchant(String merchantId) {
    return "PAYMENTS#" + merchantId;
  }

  /** The start key of the next page: only a position within the caller's own list. */
  private static Map<String, AttributeValue> decode(String merchantId, String cursor) {
    String position = Cursors.decode(cursor, CURSOR);
    return Keys.gsi1Start(byMerchant(merchantId), position, "PAYMENT#", SORT);
  }
}
