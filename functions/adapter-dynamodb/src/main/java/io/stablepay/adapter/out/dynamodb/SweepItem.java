package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.adapter.out.dynamodb.AttemptItems.AttemptItem;
import java.math.BigInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A sweep item as stored ({@link DynamoDbSweepStore}): {@code SWEEPS#<network> / <createdAt>#<id>},
 * or the address's open copy {@code OPEN_SWEEP#<network> / <lower-case address>} with the same
 * attributes; amounts, nonce and version as numbers, instants as ISO-8601 text, the gas top-up and
 * the sweep transfer as nested signed attempts (absent until signed), each fee absent until known.
 */
record SweepItem(
    String pk,
    String sk,
    String id,
    String network,
    String asset,
    String userId,
    String address,
    String keyId,
    String treasury,
    BigInteger onchainAmount,
    BigInteger ledgerAmount,
    String status,
    BigInteger gasTopUp,
    AttemptItem gas,
    BigInteger gasFee,
    AttemptItem sweep,
    Long sweepNonce,
    BigInteger sweepFee,
    String failureReason,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<SweepItem> SCHEMA =
      StaticImmutableTableSchema.builder(SweepItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(SweepItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(SweepItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, attribute("id", SweepItem::id, (b, v) -> b.id = v))
          .addAttribute(
              String.class, attribute("network", SweepItem::network, (b, v) -> b.network = v))
          .addAttribute(String.class, attribute("asset", SweepItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              String.class, attribute("userId", SweepItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              String.class, attribute("address", SweepItem::address, (b, v) -> b.address = v))
          .addAttribute(String.class, attribute("keyId", SweepItem::keyId, (b, v) -> b.keyId = v))
          .addAttribute(
              String.class, attribute("treasury", SweepItem::treasury, (b, v) -> b.treasury = v))
          .addAttribute(
              BigInteger.class,
              attribute("onchainAmount", SweepItem::onchainAmount, (b, v) -> b.onchainAmount = v))
          .addAttribute(
              BigInteger.class,
              attribute("ledgerAmount", SweepItem::ledgerAmount, (b, v) -> b.ledgerAmount = v))
          .addAttribute(
              String.class, attribute("status", SweepItem::status, (b, v) -> b.status = v))
          .addAttribute(
              BigInteger.class,
              attribute("gasTopUp", SweepItem::gasTopUp, (b, v) -> b.gasTopUp = v))
          .addAttribute(AttemptItem.TYPE, attribute("gas", SweepItem::gas, (b, v) -> b.gas = v))
          .addAttribute(
              BigInteger.class, attribute("gasFee", SweepItem::gasFee, (b, v) -> b.gasFee = v))
          .addAttribute(
              AttemptItem.TYPE, attribute("sweep", SweepItem::sweep, (b, v) -> b.sweep = v))
          .addAttribute(
              Long.class,
              attribute("sweepNonce", SweepItem::sweepNonce, (b, v) -> b.sweepNonce = v))
          .addAttribute(
              BigInteger.class,
              attribute("sweepFee", SweepItem::sweepFee, (b, v) -> b.sweepFee = v))
          .addAttribute(
              String.class,
              attribute("failureReason", SweepItem::failureReason, (b, v) -> b.failureReason = v))
          .addAttribute(
              Integer.class, attribute("version", SweepItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class, attribute("createdAt", SweepItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class, attribute("updatedAt", SweepItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String id;
    private String network;
    private String asset;
    private String userId;
    private String address;
    private String keyId;
    private String treasury;
    private BigInteger onchainAmount;
    private BigInteger ledgerAmount;
    private String status;
    private BigInteger gasTopUp;
    private AttemptItem gas;
    private BigInteger gasFee;
    private AttemptItem sweep;
    private Long sweepNonce;
    private BigInteger sweepFee;
    private String failureReason;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    SweepItem build() {
      return new SweepItem(
          pk,
          sk,
          id,
          network,
          asset,
          userId,
          address,
          keyId,
          treasury,
          onchainAmount,
          ledgerAmount,
          status,
          gasTopUp,
          gas,
          gasFee,
          sweep,
          sweepNonce,
          sweepFee,
          failureReason,
          version,
          createdAt,
          updatedAt);
    }
  }
}
