package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The items of watch-only addresses as stored ({@link DynamoDbWatchAddressStore}); the user's
 * counter ({@code USER#<id> / COUNT#WATCH}, a number {@code count}) is only ever written by a raw
 * {@code ADD} and has no schema.
 */
final class WatchAddressItems {

  private WatchAddressItems() {}

  /**
   * A linked address: {@code USER#<id> / WATCH#<network>#<address>}, the network by name and {@code
   * createdAt} as ISO-8601 text.
   */
  record WatchAddressItem(String pk, String sk, String network, String address, String createdAt) {

    static final TableSchema<WatchAddressItem> SCHEMA =
        StaticImmutableTableSchema.builder(WatchAddressItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(WatchAddressItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(WatchAddressItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class,
                attribute("network", WatchAddressItem::network, (b, v) -> b.network = v))
            .addAttribute(
                String.class,
                attribute("address", WatchAddressItem::address, (b, v) -> b.address = v))
            .addAttribute(
                String.class,
                attribute("createdAt", WatchAddressItem::createdAt, (b, v) -> b.createdAt = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String network;
      private String address;
      private String createdAt;

      WatchAddressItem build() {
        return new WatchAddressItem(pk, sk, network, address, createdAt);
      }
    }
  }

  /**
   * The claim that gives an address one watcher per network: {@code WATCHED#<network>#<address> /
   * WATCHED} (EVM addresses in lower case), naming the user.
   */
  record WatchClaimItem(String pk, String sk, String userId) {

    static final TableSchema<WatchClaimItem> SCHEMA =
        StaticImmutableTableSchema.builder(WatchClaimItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(WatchClaimItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(WatchClaimItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, attribute("userId", WatchClaimItem::userId, (b, v) -> b.userId = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String userId;

      WatchClaimItem build() {
        return new WatchClaimItem(pk, sk, userId);
      }
    }
  }
}
