package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.math.BigInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A gateway payment item as stored ({@link DynamoDbGatewayPaymentStore}), the same attributes under
 * each of its keys: {@code GWPAY#<network>#<txHash>#<logIndex> / GWPAY}, the pending copy {@code
 * GWPENDING#<network> / <txHash>#<logIndex>} and the request's copy {@code GWREQ#<requestId> /
 * <network>#<txHash>#<logIndex>}; log index, block and amounts as numbers, {@code late} as a
 * boolean, instants as ISO-8601 text.
 */
record GatewayPaymentItem(
    String pk,
    String sk,
    String network,
    String txHash,
    Long logIndex,
    Long blockNumber,
    String blockHash,
    String paymentRef,
    String payer,
    String token,
    String asset,
    BigInteger onchainAmount,
    BigInteger ledgerAmount,
    String requestId,
    String status,
    Boolean late,
    String seenAt,
    String creditedAt) {

  static final TableSchema<GatewayPaymentItem> SCHEMA =
      StaticImmutableTableSchema.builder(GatewayPaymentItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(GatewayPaymentItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(GatewayPaymentItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class,
              attribute("network", GatewayPaymentItem::network, (b, v) -> b.network = v))
          .addAttribute(
              String.class, attribute("txHash", GatewayPaymentItem::txHash, (b, v) -> b.txHash = v))
          .addAttribute(
              Long.class,
              attribute("logIndex", GatewayPaymentItem::logIndex, (b, v) -> b.logIndex = v))
          .addAttribute(
              Long.class,
              attribute(
                  "blockNumber", GatewayPaymentItem::blockNumber, (b, v) -> b.blockNumber = v))
          .addAttribute(
              String.class,
              attribute("blockHash", GatewayPaymentItem::blockHash, (b, v) -> b.blockHash = v))
          .addAttribute(
              String.class,
              attribute("paymentRef", GatewayPaymentItem::paymentRef, (b, v) -> b.paymentRef = v))
          .addAttribute(
              String.class, attribute("payer", GatewayPaymentItem::payer, (b, v) -> b.payer = v))
          .addAttribute(
              String.class, attribute("token", GatewayPaymentItem::token, (b, v) -> b.token = v))
          .addAttribute(
              String.class, attribute("asset", GatewayPaymentItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              BigInteger.class,
              attribute(
                  "onchainAmount",
                  GatewayPaymentItem::onchainAmount,
                  (b, v) -> b.onchainAmount = v))
          .addAttribute(
              BigInteger.class,
              attribute(
                  "ledgerAmount", GatewayPaymentItem::ledgerAmount, (b, v) -> b.ledgerAmount = v))
          .addAttribute(
              String.class,
              attribute("requestId", GatewayPaymentItem::requestId, (b, v) -> b.requestId = v))
          .addAttribute(
              String.class, attribute("status", GatewayPaymentItem::status, (b, v) -> b.status = v))
          .addAttribute(
              Boolean.class, attribute("late", GatewayPaymentItem::late, (b, v) -> b.late = v))
          .addAttribute(
              String.class, attribute("seenAt", GatewayPaymentItem::seenAt, (b, v) -> b.seenAt = v))
          .addAttribute(
              String.class,
              attribute("creditedAt", GatewayPaymentItem::creditedAt, (b, v) -> b.creditedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String network;
    private String txHash;
    private Long logIndex;
    private Long blockNumber;
    private String blockHash;
    private String paymentRef;
    private String payer;
    private String token;
    private String asset;
    private BigInteger onchainAmount;
    private BigInteger ledgerAmount;
    private String requestId;
    private String status;
    private Boolean late;
    private String seenAt;
    private String creditedAt;

    GatewayPaymentItem build() {
      return new GatewayPaymentItem(
          pk,
          sk,
          network,
          txHash,
          logIndex,
          blockNumber,
          blockHash,
          paymentRef,
          payer,
          token,
          asset,
          onchainAmount,
          ledgerAmount,
          requestId,
          status,
          late,
          seenAt,
          creditedAt);
    }
  }
}
