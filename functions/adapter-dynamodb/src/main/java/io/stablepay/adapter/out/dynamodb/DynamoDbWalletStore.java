package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.WalletItems.AddressClaimItem;
import io.stablepay.adapter.out.dynamodb.WalletItems.WalletItem;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.out.WalletStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * Wallets: {@code USER#<id> / WALLET} ({@link WalletItem}, at most one per user, by condition) and,
 * in the same transaction, {@code ADDRESS#EVM#<lower-case address>} and {@code
 * ADDRESS#TRON#<address>} claims ({@link AddressClaimItem}) that map an address back to its owner
 * (for deposits).
 */
@Singleton
final class DynamoDbWalletStore implements WalletStore {

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<WalletItem> wallets;
  private final DynamoDbTable<AddressClaimItem> claims;

  DynamoDbWalletStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.wallets = enhanced.table(settings.getTable(), WalletItem.SCHEMA);
    this.claims = enhanced.table(settings.getTable(), AddressClaimItem.SCHEMA);
  }

  @Override
  public Optional<Wallet> findByUser(String userId) {
    WalletItem item =
        wallets.getItem(g -> g.key(Keys.primary("USER#" + userId, "WALLET")).consistentRead(true));
    if (item == null) {
      return Optional.empty();
    }
    return Optional.of(
        new Wallet(
            item.id(),
            userId,
            item.keyId(),
            item.evmAddress(),
            item.tronAddress(),
            Instant.parse(item.createdAt())));
  }

  @Override
  public Optional<String> ownerOf(String address) {
    AddressClaimItem item =
        claims.getItem(g -> g.key(claimKey(claimPartition(address))).consistentRead(true));
    return item == null ? Optional.empty() : Optional.of(item.userId());
  }

  @Override
  public Map<String, String> ownersOf(Collection<String> addresses) {
    Map<String, String> byClaim = new HashMap<>();
    addresses.forEach(address -> byClaim.put(claimPartition(address), address));
    Map<String, String> owners = new HashMap<>();
    List<Key> keys = byClaim.keySet().stream().map(DynamoDbWalletStore::claimKey).toList();
    for (AddressClaimItem item : BatchReads.read(enhanced, claims, keys, "reading wallets")) {
      owners.put(byClaim.get(item.pk()), item.userId());
    }
    return owners;
  }

  @Override
  public boolean create(Wallet wallet) {
    WalletItem item =
        new WalletItem(
            "USER#" + wallet.userId(),
            "WALLET",
            wallet.id(),
            wallet.keyId(),
            wallet.evmAddress(),
            wallet.tronAddress(),
            wallet.createdAt().toString());
    return Transactions.unlessFirstRefused(
        enhanced,
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                wallets,
                TransactPutItemEnhancedRequest.builder(WalletItem.class)
                    .item(item)
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addPutItem(
                claims,
                newClaim("ADDRESS#EVM#" + wallet.evmAddress().toLowerCase(Locale.ROOT), wallet))
            .addPutItem(claims, newClaim("ADDRESS#TRON#" + wallet.tronAddress(), wallet))
            .build());
  }

  private static TransactPutItemEnhancedRequest<AddressClaimItem> newClaim(
      String partition, Wallet wallet) {
    return TransactPutItemEnhancedRequest.builder(AddressClaimItem.class)
        .item(new AddressClaimItem(partition, "ADDRESS", wallet.userId(), wallet.id()))
        .conditionExpression(Conditions.ITEM_ABSENT)
        .build();
  }

  private static String claimPartition(String address) {
    return address.startsWith("0x")
        ? "ADDRESS#EVM#" + address.toLowerCase(Locale.ROOT)
        : "ADDRESS#TRON#" + address;
  }

  private static Key claimKey(String partition) {
    return Keys.primary(partition, "ADDRESS");
  }
}
