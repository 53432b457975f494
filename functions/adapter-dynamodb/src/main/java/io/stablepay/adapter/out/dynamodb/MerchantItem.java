package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.math.BigInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A merchant item as stored ({@link DynamoDbMerchantStore}): {@code MERCHANT#<userId> / MERCHANT},
 * in gsi1 under {@code AUTO_SETTLING / <userId>} only while it settles on the schedule; the
 * threshold, fee and version as numbers, instants as ISO-8601 text.
 */
record MerchantItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String userId,
    String businessName,
    String businessType,
    String webhookUrl,
    String settlementAddress,
    String settlementNetwork,
    BigInteger autoSettleThreshold,
    Integer feeBasisPoints,
    String kybStatus,
    String sealedSecret,
    String previousSealedSecret,
    String previousSecretExpiresAt,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<MerchantItem> SCHEMA =
      StaticImmutableTableSchema.builder(MerchantItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(MerchantItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(MerchantItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, gsi1PartitionKey(MerchantItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(MerchantItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(
              String.class, attribute("userId", MerchantItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              String.class,
              attribute("businessName", MerchantItem::businessName, (b, v) -> b.businessName = v))
          .addAttribute(
              String.class,
              attribute("businessType", MerchantItem::businessType, (b, v) -> b.businessType = v))
          .addAttribute(
              String.class,
              attribute("webhookUrl", MerchantItem::webhookUrl, (b, v) -> b.webhookUrl = v))
          .addAttribute(
              String.class,
              attribute(
                  "settlementAddress",
                  MerchantItem::settlementAddress,
                  (b, v) -> b.settlementAddress = v))
          .addAttribute(
              String.class,
              attribute(
                  "settlementNetwork",
                  MerchantItem::settlementNetwork,
                  (b, v) -> b.settlementNetwork = v))
          .addAttribute(
              BigInteger.class,
              attribute(
                  "autoSettleThreshold",
                  MerchantItem::autoSettleThreshold,
                  (b, v) -> b.autoSettleThreshold = v))
          .addAttribute(
              Integer.class,
              attribute(
                  "feeBasisPoints", MerchantItem::feeBasisPoints, (b, v) -> b.feeBasisPoints = v))
          .addAttribute(
              String.class,
              attribute("kybStatus", MerchantItem::kybStatus, (b, v) -> b.kybStatus = v))
          .addAttribute(
              String.class,
              attribute("sealedSecret", MerchantItem::sealedSecret, (b, v) -> b.sealedSecret = v))
          .addAttribute(
              String.class,
              attribute(
                  "previousSealedSecret",
                  MerchantItem::previousSealedSecret,
                  (b, v) -> b.previousSealedSecret = v))
          .addAttribute(
              String.class,
              attribute(
                  "previousSecretExpiresAt",
                  MerchantItem::previousSecretExpiresAt,
                  (b, v) -> b.previousSecretExpiresAt = v))
          .addAttribute(
              Integer.class, attribute("version", MerchantItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", MerchantItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", MerchantItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String userId;
    private String businessName;
    private String businessType;
    private String webhookUrl;
    private String settlementAddress;
    private String settlementNetwork;
    private BigInteger autoSettleThreshold;
    private Integer feeBasisPoints;
    private String kybStatus;
    private String sealedSecret;
    private String previousSealedSecret;
    private String previousSecretExpiresAt;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    MerchantItem build() {
      return new MerchantItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          userId,
          businessName,
          businessType,
          webhookUrl,
          settlementAddress,
          settlementNetwork,
          autoSettleThreshold,
          feeBasisPoints,
          kybStatus,
          sealedSecret,
          previousSealedSecret,
          previousSecretExpiresAt,
          version,
          createdAt,
          updatedAt);
    }
  }
}
