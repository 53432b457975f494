package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.port.out.GatewayPaymentStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Gateway payments in the platform table:
 *
 * <ul>
 *   <li>{@code GWPAY#<network>#<txHash>#<logIndex> / GWPAY}: the payment ({@link
 *       GatewayPaymentItem}), recorded once and changed only from the status read;
 *   <li>{@code GWPENDING#<network> / <txHash>#<logIndex>}: a copy while CONFIRMING;
 *   <li>{@code GWREQ#<requestId> / <network>#<txHash>#<logIndex>}: a copy under the request it
 *       names (what the request was paid);
 *   <li>{@code GATEWAY#<network> / CURSOR}: the last block read ({@link GatewayCursorItem}),
 *       forward only.
 * </ul>
 *
 * The copies change in the same transaction as the payment.
 */
@Singleton
final class DynamoDbGatewayPaymentStore implements GatewayPaymentStore {

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<GatewayPaymentItem> payments;
  private final DynamoDbTable<GatewayCursorItem> cursors;

  DynamoDbGatewayPaymentStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.payments = enhanced.table(settings.getTable(), GatewayPaymentItem.SCHEMA);
    this.cursors = enhanced.table(settings.getTable(), GatewayCursorItem.SCHEMA);
  }

  @Override
  public OptionalLong cursor(NetworkId network) {
    GatewayCursorItem item =
        cursors.getItem(
            g -> g.key(Keys.primary(cursorKey(network), "CURSOR")).consistentRead(true));
    return item == null ? OptionalLong.empty() : OptionalLong.of(item.block());
  }

  @Override
  public void advance(NetworkId network, long block) {
    try {
      cursors.updateItem(
          UpdateItemEnhancedRequest.builder(GatewayCursorItem.class)
              .item(new GatewayCursorItem(cursorKey(network), "CURSOR", block))
              .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
              .conditionExpression(
                  Expression.builder()
                      .expression("attribute_not_exists(#block) OR #block < :next")
                      .putExpressionName("#block", "block")
                      .putExpressionValue(":next", AttributeValue.fromN(Long.toString(block)))
                      .build())
              .build());
    } catch (ConditionalCheckFailedException e) {
      // another watcher is at or past it
    }
  }

  @Override
  public boolean record(OnchainPayment payment) {
    return write(payment, null);
  }

  @Override
  public boolean update(OnchainPayment next, OnchainPayment.Status previous) {
    return write(next, previous);
  }

  private boolean write(OnchainPayment payment, OnchainPayment.Status previous) {
    Expression condition =
        previous == null
            ? Conditions.ITEM_ABSENT
            : Expression.builder()
                .expression("#status = :previous")
                .putExpressionName("#status", "status")
                .putExpressionValue(":previous", AttributeValue.fromS(previous.name()))
                .build();
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                payments,
                TransactPutItemEnhancedRequest.builder(GatewayPaymentItem.class)
                    .item(item(payment, key(payment), "GWPAY"))
                    .conditionExpression(condition)
                    .build());
    String pending = "GWPENDING#" + payment.network().name();
    if (payment.status() == OnchainPayment.Status.CONFIRMING) {
      writes.addPutItem(payments, item(payment, pending, position(payment)));
    } else {
      writes.addDeleteItem(payments, Keys.primary(pending, position(payment)));
    }
    if (payment.requestId() != null) {
      writes.addPutItem(
          payments,
          item(
              payment,
              "GWREQ#" + payment.requestId(),
              payment.network().name() + "#" + position(payment)));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  @Override
  public List<OnchainPayment> confirming(NetworkId network) {
    return query("GWPENDING#" + network.name());
  }

  @Override
  public List<OnchainPayment> ofRequest(String requestId) {
    return query("GWREQ#" + requestId);
  }

  private List<OnchainPayment> query(String partition) {
    return payments
        .query(
            q ->
                q.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(partition)))
                    .consistentRead(true))
        .items()
        .stream()
        .map(DynamoDbGatewayPaymentStore::payment)
        .toList();
  }

  /** The payment under the key {@code pk / sk}: the same attributes for the payment and copies. */
  private static GatewayPaymentItem item(OnchainPayment p, String pk, String sk) {
    return new GatewayPaymentItem(
        pk,
        sk,
        p.network().name(),
        p.txHash(),
        p.logIndex(),
        p.blockNumber(),
        p.blockHash(),
        p.paymentRef(),
        p.payer(),
        p.token(),
        p.asset() == null ? null : p.asset().name(),
        p.onchainAmount(),
        p.ledgerAmount() == null ? null : p.ledgerAmount().units(),
        p.requestId(),
        p.status().name(),
        p.late(),
        p.seenAt().toString(),
        p.creditedAt() == null ? null : p.creditedAt().toString());
  }

  private static OnchainPayment payment(GatewayPaymentItem item) {
    return new OnchainPayment(
        NetworkId.valueOf(item.network()),
        item.txHash(),
        item.logIndex(),
        item.blockNumber(),
        item.blockHash(),
        item.paymentRef(),
        item.payer(),
        item.token(),
        item.onchainAmount(),
        item.asset() == null || item.ledgerAmount() == null
            ? null
            : new TokenAmount(Asset.valueOf(item.asset()), item.ledgerAmount()),
        item.requestId(),
        OnchainPayment.Status.valueOf(item.status()),
        item.late(),
        Instant.parse(item.seenAt()),
        item.creditedAt() == null ? null : Instant.parse(item.creditedAt()));
  }

  private static String cursorKey(NetworkId network) {
    return "GATEWAY#" + network.name();
  }

  private static String key(OnchainPayment p) {
    return "GWPAY#" + p.network().name() + "#" + position(p);
  }

  private static String position(OnchainPayment p) {
    return p.txHash().toLowerCase(Locale.ROOT) + "#" + p.logIndex();
  }
}
