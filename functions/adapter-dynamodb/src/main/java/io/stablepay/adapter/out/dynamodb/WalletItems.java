package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/** The items of a custodial wallet as stored ({@link DynamoDbWalletStore}). */
final class WalletItems {

  private WalletItems() {}

  /**
   * A user's wallet: {@code USER#<id> / WALLET}, its KMS key, its two addresses and {@code
   * createdAt} as ISO-8601 text.
   */
  record WalletItem(
      String pk,
      String sk,
      String id,
      String keyId,
      String evmAddress,
      String tronAddress,
      String createdAt) {

    static final TableSchema<WalletItem> SCHEMA =
        StaticImmutableTableSchema.builder(WalletItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(WalletItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(WalletItem::sk, (b, v) -> b.sk = v))
            .addAttribute(String.class, attribute("id", WalletItem::id, (b, v) -> b.id = v))
            .addAttribute(
                String.class, attribute("keyId", WalletItem::keyId, (b, v) -> b.keyId = v))
            .addAttribute(
                String.class,
                attribute("evmAddress", WalletItem::evmAddress, (b, v) -> b.evmAddress = v))
            .addAttribute(
                String.class,
                attribute("tronAddress", WalletItem::tronAddress, (b, v) -> b.tronAddress = v))
            .addAttribute(
                String.class,
                attribute("createdAt", WalletItem::createdAt, (b, v) -> b.createdAt = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String id;
      private String keyId;
      private String evmAddress;
      private String tronAddress;
      private String createdAt;

      WalletItem build() {
        return new WalletItem(pk, sk, id, keyId, evmAddress, tronAddress, createdAt);
      }
    }
  }

  /**
   * The claim of a custodial address: {@code ADDRESS#EVM#<lower-case address> / ADDRESS} or {@code
   * ADDRESS#TRON#<address> / ADDRESS}, naming its owner and wallet.
   */
  record AddressClaimItem(String pk, String sk, String userId, String walletId) {

    static final TableSchema<AddressClaimItem> SCHEMA =
        StaticImmutableTableSchema.builder(AddressClaimItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(AddressClaimItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(AddressClaimItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, attribute("userId", AddressClaimItem::userId, (b, v) -> b.userId = v))
            .addAttribute(
                String.class,
                attribute("walletId", AddressClaimItem::walletId, (b, v) -> b.walletId = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String userId;
      private String walletId;

      AddressClaimItem build() {
        return new AddressClaimItem(pk, sk, userId, walletId);
      }
    }
  }
}
