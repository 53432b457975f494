package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.math.BigInteger;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A payment request as stored ({@link DynamoDbPaymentStore}): {@code PAYMENT#<id> / PAYMENT}, in
 * gsi1 under {@code PAYMENTS#<merchantId> / <createdAt>#<id>}; amount and fee as numbers (base
 * units), asset, network and status by name, the metadata as a map of text (empty when there is
 * none), instants as ISO-8601 text.
 */
record PaymentItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String id,
    String merchantId,
    String paymentId,
    BigInteger amount,
    String asset,
    String network,
    String status,
    String expiresAt,
    String callbackUrl,
    String customerEmail,
    Map<String, String> metadata,
    String paymentRef,
    String requestHash,
    String payerId,
    BigInteger fee,
    String paidAt,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<PaymentItem> SCHEMA =
      StaticImmutableTableSchema.builder(PaymentItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(PaymentItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(PaymentItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, gsi1PartitionKey(PaymentItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(PaymentItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(String.class, attribute("id", PaymentItem::id, (b, v) -> b.id = v))
          .addAttribute(
              String.class,
              attribute("merchantId", PaymentItem::merchantId, (b, v) -> b.merchantId = v))
          .addAttribute(
              String.class,
              attribute("paymentId", PaymentItem::paymentId, (b, v) -> b.paymentId = v))
          .addAttribute(
              BigInteger.class, attribute("amount", PaymentItem::amount, (b, v) -> b.amount = v))
          .addAttribute(String.class, attribute("asset", PaymentItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              String.class, attribute("network", PaymentItem::network, (b, v) -> b.network = v))
          .addAttribute(
              String.class, attribute("status", PaymentItem::status, (b, v) -> b.status = v))
          .addAttribute(
              String.class,
              attribute("expiresAt", PaymentItem::expiresAt, (b, v) -> b.expiresAt = v))
          .addAttribute(
              String.class,
              attribute("callbackUrl", PaymentItem::callbackUrl, (b, v) -> b.callbackUrl = v))
          .addAttribute(
              String.class,
              attribute("customerEmail", PaymentItem::customerEmail, (b, v) -> b.customerEmail = v))
          .addAttribute(
              EnhancedType.mapOf(String.class, String.class),
              attribute("metadata", PaymentItem::metadata, (b, v) -> b.metadata = v))
          .addAttribute(
              String.class,
              attribute("paymentRef", PaymentItem::paymentRef, (b, v) -> b.paymentRef = v))
          .addAttribute(
              String.class,
              attribute("requestHash", PaymentItem::requestHash, (b, v) -> b.requestHash = v))
          .addAttribute(
              String.class, attribute("payerId", PaymentItem::payerId, (b, v) -> b.payerId = v))
          .addAttribute(BigInteger.class, attribute("fee", PaymentItem::fee, (b, v) -> b.fee = v))
          .addAttribute(
              String.class, attribute("paidAt", PaymentItem::paidAt, (b, v) -> b.paidAt = v))
          .addAttribute(
              Integer.class, attribute("version", PaymentItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", PaymentItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", PaymentItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String id;
    private String merchantId;
    private String paymentId;
    private BigInteger amount;
    private String asset;
    private String network;
    private String status;
    private String expiresAt;
    private String callbackUrl;
    private String customerEmail;
    private Map<String, String> metadata;
    private String paymentRef;
    private String requestHash;
    private String payerId;
    private BigInteger fee;
    private String paidAt;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    PaymentItem build() {
      return new PaymentItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          id,
          merchantId,
          paymentId,
          amount,
          asset,
          network,
          status,
          expiresAt,
          callbackUrl,
          customerEmail,
          metadata,
          paymentRef,
          requestHash,
          payerId,
          fee,
          paidAt,
          version,
          createdAt,
          updatedAt);
    }
  }
}
