package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.Backoff;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Wallets: {@code USER#<id> / WALLET} (at most one per user, by condition) and, in the same
 * transaction, {@code ADDRESS#EVM#<lower-case address>} and {@code ADDRESS#TRON#<address>} claims
 * that map an address back to its owner (for deposits).
 */
@Singleton
final class DynamoDbWalletStore implements WalletStore {

  /** Before asking again for keys a batch read left unprocessed (AWS advises jitter). */
  private static final Backoff UNPROCESSED =
      Backoff.exponential(Duration.ofMillis(20), 2, Duration.ofSeconds(1)).withJitter();

  private static final String NOT_EXISTS =
      "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";

  /** BatchGetItem takes at most 100 keys. */
  private static final int BATCH = 100;

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbWalletStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public Optional<Wallet> findByUser(String userId) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("USER#" + userId, "WALLET"))
                        .consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Wallet(
            item.get("id").s(),
            userId,
            item.get("keyId").s(),
            item.get("evmAddress").s(),
            item.get("tronAddress").s(),
            Instant.parse(item.get("createdAt").s())));
  }

  @Override
  public Optional<String> ownerOf(String address) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of(claimKey(address), "ADDRESS"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("userId").s());
  }

  @Override
  public Map<String, String> ownersOf(Collection<String> addresses) {
    Map<String, String> byClaim = new HashMap<>();
    addresses.forEach(address -> byClaim.put(claimKey(address), address));
    Map<String, String> owners = new HashMap<>();
    List<String> claims = new ArrayList<>(byClaim.keySet());
    for (int start = 0; start < claims.size(); start += BATCH) {
      List<Map<String, AttributeValue>> keys =
          claims.subList(start, Math.min(claims.size(), start + BATCH)).stream()
              .map(claim -> Keys.of(claim, "ADDRESS"))
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      for (int attempt = 0; !request.isEmpty(); attempt++) {
        if (attempt == 10) {
          throw new IllegalStateException("DynamoDB left keys unprocessed ten times");
        }
        Map<String, KeysAndAttributes> ask = request;
        BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
        response
            .responses()
            .getOrDefault(table, List.of())
            .forEach(
                item ->
                    owners.put(
                        byClaim.get(item.get(DynamoDbSchema.PARTITION_KEY).s()),
                        item.get("userId").s()));
        request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        if (!request.isEmpty()) {
          UNPROCESSED.pause(attempt + 1, "reading wallets");
        }
      }
    }
    return owners;
  }

  @Override
  public boolean create(Wallet wallet) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("USER#" + wallet.userId(), "WALLET"));
    item.put("id", s(wallet.id()));
    item.put("keyId", s(wallet.keyId()));
    item.put("evmAddress", s(wallet.evmAddress()));
    item.put("tronAddress", s(wallet.tronAddress()));
    item.put("createdAt", s(wallet.createdAt().toString()));
    try {
      dynamoDb.transactWriteItems(
          t ->
              t.transactItems(
                  i -> i.put(p -> p.tableName(table).item(item).conditionExpression(NOT_EXISTS)),
                  i ->
                      i.put(
                          p ->
                              p.tableName(table)
                                  .item(
                                      claim(
                                          "ADDRESS#EVM#"
                                              + wallet.evmAddress().toLowerCase(Locale.ROOT),
                                          wallet))
                                  .conditionExpression(NOT_EXISTS)),
                  i ->
                      i.put(
                          p ->
                              p.tableName(table)
                                  .item(claim("ADDRESS#TRON#" + wallet.tronAddress(), wallet))
                                  .conditionExpression(NOT_EXISTS))));
      return true;
    } catch (TransactionCanceledException e) {
      if ("ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
        return false;
      }
      throw e;
    }
  }

  private static String claimKey(String address) {
    return address.startsWith("0x")
        ? "ADDRESS#EVM#" + address.toLowerCase(Locale.ROOT)
        : "ADDRESS#TRON#" + address;
  }

  private static Map<String, AttributeValue> claim(String pk, Wallet wallet) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(pk, "ADDRESS"));
    item.put("userId", s(wallet.userId()));
    item.put("walletId", s(wallet.id()));
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
