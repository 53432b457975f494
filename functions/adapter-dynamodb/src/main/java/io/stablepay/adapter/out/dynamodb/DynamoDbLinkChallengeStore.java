package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.port.out.LinkChallengeStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Watch-only link challenges: {@code USER#<id> / LINKCHALLENGE#<network>#<address>} with the
 * message and the expiry (also the TTL attribute, though the TTL may delete late or, in the
 * emulators, never: the core checks the expiry). A new challenge overwrites the old one; taking
 * deletes the item under the condition that it exists and returns what was deleted, so exactly
 * one request gets it.
 */
@Singleton
final class DynamoDbLinkChallengeStore implements LinkChallengeStore {

  private static final String EXISTS = "attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbLinkChallengeStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void save(LinkChallenge challenge) {
    Map<String, AttributeValue> item = new HashMap<>(
        key(challenge.userId(), challenge.network(), challenge.address()));
    item.put("message", AttributeValue.fromS(challenge.message()));
    item.put(DynamoDbSchema.TTL_ATTRIBUTE,
        AttributeValue.fromN(Long.toString(challenge.expiresAt().getEpochSecond())));
    dynamoDb.putItem(p -> p.tableName(table).item(item));
  }

  @Override
  public Optional<LinkChallenge> take(String userId, NetworkId network, String address) {
    Map<String, AttributeValue> old;
    try {
      old = dynamoDb.deleteItem(d -> d.tableName(table).key(key(userId, network, address))
          .conditionExpression(EXISTS).returnValues(ReturnValue.ALL_OLD)).attributes();
    } catch (ConditionalCheckFailedException absentOrTaken) {
      return Optional.empty();
    }
    if (old == null || old.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new LinkChallenge(userId, network, address, old.get("message").s(),
        Instant.ofEpochSecond(Long.parseLong(old.get(DynamoDbSchema.TTL_ATTRIBUTE).n()))));
  }

  private static Map<String, AttributeValue> key(String userId, NetworkId network,
      String address) {
    return Keys.of("USER#" + userId, "LINKCHALLENGE#" + network.name() + "#" + address);
  }
}
