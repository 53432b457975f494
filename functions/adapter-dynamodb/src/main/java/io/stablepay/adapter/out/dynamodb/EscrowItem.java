package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.adapter.out.dynamodb.AttemptItems.CallItem;
import java.math.BigInteger;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * An escrow item as stored ({@link DynamoDbEscrowStore}): {@code ESCROW#<id> / ESCROW}, in gsi1
 * under {@code ESCROW_OPEN} or {@code ESCROW_DISPUTED} while it is open or disputed (the index keys
 * absent once it ended); amounts in base units, generation and version as numbers, instants as
 * ISO-8601 text; the dispute and the outcome flattened into it and absent until there is one; an
 * on-chain escrow's side a nested document ({@link OnchainItem}).
 */
record EscrowItem(
    String pk,
    String sk,
    String gsi1pk,
    String gsi1sk,
    String id,
    String depositorId,
    String beneficiaryId,
    String asset,
    BigInteger amount,
    String description,
    String releaseAfter,
    String status,
    String disputedBy,
    String disputeReason,
    String disputedAt,
    String decision,
    BigInteger toBeneficiary,
    BigInteger toDepositor,
    String decidedBy,
    String decisionReason,
    String decidedAt,
    String endedAt,
    OnchainItem onchain,
    Integer generation,
    String taskToken,
    Integer version,
    String createdAt,
    String updatedAt) {

  static final TableSchema<EscrowItem> SCHEMA =
      StaticImmutableTableSchema.builder(EscrowItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(EscrowItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(EscrowItem::sk, (b, v) -> b.sk = v))
          .addAttribute(String.class, gsi1PartitionKey(EscrowItem::gsi1pk, (b, v) -> b.gsi1pk = v))
          .addAttribute(String.class, gsi1SortKey(EscrowItem::gsi1sk, (b, v) -> b.gsi1sk = v))
          .addAttribute(String.class, attribute("id", EscrowItem::id, (b, v) -> b.id = v))
          .addAttribute(
              String.class,
              attribute("depositorId", EscrowItem::depositorId, (b, v) -> b.depositorId = v))
          .addAttribute(
              String.class,
              attribute("beneficiaryId", EscrowItem::beneficiaryId, (b, v) -> b.beneficiaryId = v))
          .addAttribute(String.class, attribute("asset", EscrowItem::asset, (b, v) -> b.asset = v))
          .addAttribute(
              BigInteger.class, attribute("amount", EscrowItem::amount, (b, v) -> b.amount = v))
          .addAttribute(
              String.class,
              attribute("description", EscrowItem::description, (b, v) -> b.description = v))
          .addAttribute(
              String.class,
              attribute("releaseAfter", EscrowItem::releaseAfter, (b, v) -> b.releaseAfter = v))
          .addAttribute(
              String.class, attribute("status", EscrowItem::status, (b, v) -> b.status = v))
          .addAttribute(
              String.class,
              attribute("disputedBy", EscrowItem::disputedBy, (b, v) -> b.disputedBy = v))
          .addAttribute(
              String.class,
              attribute("disputeReason", EscrowItem::disputeReason, (b, v) -> b.disputeReason = v))
          .addAttribute(
              String.class,
              attribute("disputedAt", EscrowItem::disputedAt, (b, v) -> b.disputedAt = v))
          .addAttribute(
              String.class, attribute("decision", EscrowItem::decision, (b, v) -> b.decision = v))
          .addAttribute(
              BigInteger.class,
              attribute("toBeneficiary", EscrowItem::toBeneficiary, (b, v) -> b.toBeneficiary = v))
          .addAttribute(
              BigInteger.class,
              attribute("toDepositor", EscrowItem::toDepositor, (b, v) -> b.toDepositor = v))
          .addAttribute(
              String.class,
              attribute("decidedBy", EscrowItem::decidedBy, (b, v) -> b.decidedBy = v))
          .addAttribute(
              String.class,
              attribute(
                  "decisionReason", EscrowItem::decisionReason, (b, v) -> b.decisionReason = v))
          .addAttribute(
              String.class,
              attribute("decidedAt", EscrowItem::decidedAt, (b, v) -> b.decidedAt = v))
          .addAttribute(
              String.class, attribute("endedAt", EscrowItem::endedAt, (b, v) -> b.endedAt = v))
          .addAttribute(
              OnchainItem.TYPE, attribute("onchain", EscrowItem::onchain, (b, v) -> b.onchain = v))
          .addAttribute(
              Integer.class,
              attribute("generation", EscrowItem::generation, (b, v) -> b.generation = v))
          .addAttribute(
              String.class,
              attribute("taskToken", EscrowItem::taskToken, (b, v) -> b.taskToken = v))
          .addAttribute(
              Integer.class, attribute("version", EscrowItem::version, (b, v) -> b.version = v))
          .addAttribute(
              String.class,
              attribute("createdAt", EscrowItem::createdAt, (b, v) -> b.createdAt = v))
          .addAttribute(
              String.class,
              attribute("updatedAt", EscrowItem::updatedAt, (b, v) -> b.updatedAt = v))
          .build();

  /**
   * The on-chain side of an escrow: network, phase, the addresses the calls use (absent until
   * prepared), every call with each signed version, and why the funding failed.
   */
  record OnchainItem(
      String network,
      String phase,
      String contract,
      String token,
      String beneficiary,
      String depositor,
      String arbiter,
      List<CallItem> calls,
      String failure) {

    static final TableSchema<OnchainItem> SCHEMA =
        StaticImmutableTableSchema.builder(OnchainItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(
                String.class, attribute("network", OnchainItem::network, (b, v) -> b.network = v))
            .addAttribute(
                String.class, attribute("phase", OnchainItem::phase, (b, v) -> b.phase = v))
            .addAttribute(
                String.class,
                attribute("contract", OnchainItem::contract, (b, v) -> b.contract = v))
            .addAttribute(
                String.class, attribute("token", OnchainItem::token, (b, v) -> b.token = v))
            .addAttribute(
                String.class,
                attribute("beneficiary", OnchainItem::beneficiary, (b, v) -> b.beneficiary = v))
            .addAttribute(
                String.class,
                attribute("depositor", OnchainItem::depositor, (b, v) -> b.depositor = v))
            .addAttribute(
                String.class, attribute("arbiter", OnchainItem::arbiter, (b, v) -> b.arbiter = v))
            .addAttribute(
                EnhancedType.listOf(CallItem.TYPE),
                attribute("calls", OnchainItem::calls, (b, v) -> b.calls = v))
            .addAttribute(
                String.class, attribute("failure", OnchainItem::failure, (b, v) -> b.failure = v))
            .build();

    /** The attribute type of the nested on-chain side; absent fields stay absent. */
    static final EnhancedType<OnchainItem> TYPE =
        EnhancedType.documentOf(OnchainItem.class, SCHEMA, d -> d.ignoreNulls(true));

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String network;
      private String phase;
      private String contract;
      private String token;
      private String beneficiary;
      private String depositor;
      private String arbiter;
      private List<CallItem> calls;
      private String failure;

      OnchainItem build() {
        return new OnchainItem(
            network, phase, contract, token, beneficiary, depositor, arbiter, calls, failure);
      }
    }
  }

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String gsi1pk;
    private String gsi1sk;
    private String id;
    private String depositorId;
    private String beneficiaryId;
    private String asset;
    private BigInteger amount;
    private String description;
    private String releaseAfter;
    private String status;
    private String disputedBy;
    private String disputeReason;
    private String disputedAt;
    private String decision;
    private BigInteger toBeneficiary;
    private BigInteger toDepositor;
    private String decidedBy;
    private String decisionReason;
    private String decidedAt;
    private String endedAt;
    private OnchainItem onchain;
    private Integer generation;
    private String taskToken;
    private Integer version;
    private String createdAt;
    private String updatedAt;

    EscrowItem build() {
      return new EscrowItem(
          pk,
          sk,
          gsi1pk,
          gsi1sk,
          id,
          depositorId,
          beneficiaryId,
          asset,
          amount,
          description,
          releaseAfter,
          status,
          disputedBy,
          disputeReason,
          disputedAt,
          decision,
          toBeneficiary,
          toDepositor,
          decidedBy,
          decisionReason,
          decidedAt,
          endedAt,
          onchain,
          generation,
          taskToken,
          version,
          createdAt,
          updatedAt);
    }
  }
}
