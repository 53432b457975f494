package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.adapter.out.dynamodb.AttemptItems.AttemptItem;
import java.math.BigInteger;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A withdrawal item as stored ({@link DynamoDbWithdrawalStore}): {@code WITHDRAWAL#<id> /
 * WITHDRAWAL}, or its open copy {@code OPEN_WITHDRAWALS#<network> / <createdAt>#<id>} with the same
 * attributes; amounts, nonce and version as numbers, instants as ISO-8601 text, every signed
 * attempt a nested document.
 */
record WithdrawalItem(
    String pk,
    String sk,
    String id,
    String userId,
    String network,
    String asset,
    BigInteger amount,
    BigInteger fee,
    String to,
    String from,
    String keyId,
    String status,
    Long nonce,
    List<AttemptItem> attempts,
    String failureReason,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<WithdrawalItem> SCHEMA =
      StaticImmutableTableSchema.builder(WithdrawalItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(WithdrawalItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(WithdrawalItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, attribute("id", WithdrawalItem::id, (b, v) -> b.id = v))
          .addAttribute(
              String.class, attribute("userId", WithdrawalItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              String.class, attribute("network", WithdrawalItem::network, (b, v) -> b.network = v))
          .addAttribute(
              String.class, attribute("asset", WithdrawalItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              BigInteger.class, attribute("amount", WithdrawalItem::amount, (b, v) -> b.amount = v))
          .addAttribute(
              BigInteger.class, attribute("fee", WithdrawalItem::fee, (b, v) -> b.fee = v))
          .addAttribute(String.class, attribute("to", WithdrawalItem::to, (b, v) -> b.to = v))
          .addAttribute(String.class, attribute("from", WithdrawalItem::from, (b, v) -> b.from = v))
          .addAttribute(
              String.class, attribute("keyId", WithdrawalItem::keyId, (b, v) -> b.keyId = v))
          .addAttribute(
              String.class, attribute("status", WithdrawalItem::status, (b, v) -> b.status = v))
          .addAttribute(
              Long.class, attribute("nonce", WithdrawalItem::nonce, (b, v) -> b.nonce = v))
          .addAttribute(
              EnhancedType.listOf(AttemptItem.TYPE),
              attribute("attempts", WithdrawalItem::attempts, (b, v) -> b.attempts = v))
          .addAttribute(
              String.class,
              attribute(
                  "failureReason", WithdrawalItem::failureReason, (b, v) -> b.failureReason = v))
          .addAttribute(
              Integer.class, attribute("version", WithdrawalItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", WithdrawalItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", WithdrawalItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String id;
    private String userId;
    private String network;
    private String asset;
    private BigInteger amount;
    private BigInteger fee;
    private String to;
    private String from;
    private String keyId;
    private String status;
    private Long nonce;
    private List<AttemptItem> attempts;
    private String failureReason;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    WithdrawalItem build() {
      return new WithdrawalItem(
          pk,
          sk,
          id,
          userId,
          network,
          asset,
          amount,
          fee,
          to,
          from,
          keyId,
          status,
          nonce,
          attempts,
          failureReason,
          version,
          createdAt,
          updatedAt);
    }
  }
}
