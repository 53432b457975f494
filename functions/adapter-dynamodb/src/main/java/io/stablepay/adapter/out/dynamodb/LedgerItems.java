package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import java.math.BigInteger;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The ledger's items as stored ({@link DynamoDbLedgerStore}): a transfer, an account's entry of it
 * and an account's balance; amounts as numbers, instants as ISO-8601 text.
 */
final class LedgerItems {

  private LedgerItems() {}

  /** A transfer: {@code TRANSFER#<id> / TRANSFER}, its type, fingerprint and posting time. */
  record TransferItem(String pk, String sk, String type, String fingerprint, String postedAt) {

    static final TableSchema<TransferItem> SCHEMA =
        StaticImmutableTableSchema.builder(TransferItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(TransferItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(TransferItem::sk, (b, v) -> b.sk = v))
            .addAttribute(String.class, attribute("type", TransferItem::type, (b, v) -> b.type = v))
            .addAttribute(
                String.class,
                attribute("fingerprint", TransferItem::fingerprint, (b, v) -> b.fingerprint = v))
            .addAttribute(
                String.class,
                attribute("postedAt", TransferItem::postedAt, (b, v) -> b.postedAt = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String type;
      private String fingerprint;
      private String postedAt;

      TransferItem build() {
        return new TransferItem(pk, sk, type, fingerprint, postedAt);
      }
    }
  }

  /**
   * One leg of a transfer on its account: {@code ACCOUNT#<name>#<asset> / ENTRY#<transferId>}, the
   * signed amount in base units.
   */
  record EntryItem(String pk, String sk, String transferId, BigInteger amount, String postedAt) {

    static final TableSchema<EntryItem> SCHEMA =
        StaticImmutableTableSchema.builder(EntryItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(EntryItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(EntryItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class,
                attribute("transferId", EntryItem::transferId, (b, v) -> b.transferId = v))
            .addAttribute(
                BigInteger.class, attribute("amount", EntryItem::amount, (b, v) -> b.amount = v))
            .addAttribute(
                String.class, attribute("postedAt", EntryItem::postedAt, (b, v) -> b.postedAt = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String transferId;
      private BigInteger amount;
      private String postedAt;

      EntryItem build() {
        return new EntryItem(pk, sk, transferId, amount, postedAt);
      }
    }
  }

  /**
   * An account's balance: {@code ACCOUNT#<name>#<asset> / BALANCE}, in base units; only ever added
   * to, in the posting's transaction.
   */
  record BalanceItem(String pk, String sk, BigInteger balance) {

    static final TableSchema<BalanceItem> SCHEMA =
        StaticImmutableTableSchema.builder(BalanceItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(BalanceItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(BalanceItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                BigInteger.class,
                attribute("balance", BalanceItem::balance, (b, v) -> b.balance = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private BigInteger balance;

      BalanceItem build() {
        return new BalanceItem(pk, sk, balance);
      }
    }
  }
}
