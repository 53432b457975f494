package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.deposit.Deposit;
import java.math.BigInteger;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A deposit as stored ({@link DynamoDbDepositStore}): {@code DEPOSIT#<network>#<txHash>#<logIndex>
 * / DEPOSIT} in {@code gsi1} under {@code DEPOSITS#<network>} by {@code
 * <block>#<txHash>#<logIndex>}, or its pending copy {@code PENDING#<network> / <txHash>#<logIndex>}
 * (the same attributes, not in {@code gsi1}). Numbers as numbers (the amounts in full), instants as
 * ISO-8601 text; a null is an absent attribute.
 */
record DepositItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String network,
    String txHash,
    Long logIndex,
    Long blockNumber,
    String blockHash,
    String asset,
    String from,
    String to,
    String userId,
    BigInteger amount,
    BigInteger onchainAmount,
    String status,
    Integer generation,
    String seenAt,
    String creditedAt) {

  static final TableSchema<DepositItem> SCHEMA =
      StaticImmutableTableSchema.builder(DepositItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(DepositItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(DepositItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, gsi1PartitionKey(DepositItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(DepositItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(
              String.class, attribute("network", DepositItem::network, (b, v) -> b.network = v))
          .addAttribute(
              String.class, attribute("txHash", DepositItem::txHash, (b, v) -> b.txHash = v))
          .addAttribute(
              Long.class, attribute("logIndex", DepositItem::logIndex, (b, v) -> b.logIndex = v))
          .addAttribute(
              Long.class,
              attribute("blockNumber", DepositItem::blockNumber, (b, v) -> b.blockNumber = v))
          .addAttribute(
              String.class,
              attribute("blockHash", DepositItem::blockHash, (b, v) -> b.blockHash = v))
          .addAttribute(String.class, attribute("asset", DepositItem::asset, (b, v) -> b.asset = v))
          .addAttribute(String.class, attribute("from", DepositItem::from, (b, v) -> b.from = v))
          .addAttribute(String.class, attribute("to", DepositItem::to, (b, v) -> b.to = v))
          .addAttribute(
              String.class, attribute("userId", DepositItem::userId, (b, v) -> b.userId = v))
          .addAttribute(
              BigInteger.class, attribute("amount", DepositItem::amount, (b, v) -> b.amount = v))
          .addAttribute(
              BigInteger.class,
              attribute("onchainAmount", DepositItem::onchainAmount, (b, v) -> b.onchainAmount = v))
          .addAttribute(
              String.class, attribute("status", DepositItem::status, (b, v) -> b.status = v))
          .addAttribute(
              Integer.class,
              attribute("generation", DepositItem::generation, (b, v) -> b.generation = v))
          .addAttribute(
              String.class, attribute("seenAt", DepositItem::seenAt, (b, v) -> b.seenAt = v))
          .addAttribute(
              String.class,
              attribute("creditedAt", DepositItem::creditedAt, (b, v) -> b.creditedAt = v))
          .build();

  /**
   * {@code d} under the key {@code pk / sk}, in {@code gsi1} at {@code gsi1pk / gsi1sk} (or not).
   */
  static DepositItem of(Deposit d, String pk, String sk, String gsi1pk, String gsi1sk) {
    return new DepositItem(
        pk,
        sk,
        gsi1pk,
        gsi1sk,
        d.network().name(),
        d.txHash(),
        d.logIndex(),
        d.blockNumber(),
        d.blockHash(),
        d.asset().name(),
        d.from(),
        d.to(),
        d.userId(),
        d.amount().units(),
        d.onchainAmount(),
        d.status().name(),
        d.generation(),
        d.seenAt().toString(),
        d.creditedAt() == null ? null : d.creditedAt().toString());
  }

  Deposit deposit() {
    return new Deposit(
        NetworkId.valueOf(network),
        txHash,
        logIndex,
        blockNumber,
        blockHash,
        from,
        to,
        userId,
        new TokenAmount(Asset.valueOf(asset), amount),
        onchainAmount,
        Deposit.Status.valueOf(status),
        generation,
        Instant.parse(seenAt),
        creditedAt == null ? null : Instant.parse(creditedAt));
  }

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String network;
    private String txHash;
    private Long logIndex;
    private Long blockNumber;
    private String blockHash;
    private String asset;
    private String from;
    private String to;
    private String userId;
    private BigInteger amount;
    private BigInteger onchainAmount;
    private String status;
    private Integer generation;
    private String seenAt;
    private String creditedAt;

    DepositItem build() {
      return new DepositItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          network,
          txHash,
          logIndex,
          blockNumber,
          blockHash,
          asset,
          from,
          to,
          userId,
          amount,
          onchainAmount,
          status,
          generation,
          seenAt,
          creditedAt);
    }
  }
}
