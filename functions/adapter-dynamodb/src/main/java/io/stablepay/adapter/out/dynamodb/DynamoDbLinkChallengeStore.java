package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.port.out.LinkChallengeStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Watch-only link challenges: {@code USER#<id> / LINKCHALLENGE#<network>#<address>} ({@link
 * LinkChallengeItem}) with the message and the expiry (also the TTL attribute, though the TTL may
 * delete late or, in the emulators, never: the core checks the expiry). A new challenge overwrites
 * the old one; taking deletes the item under the condition that it exists and returns what was
 * deleted, so exactly one request gets it.
 */
@Singleton
final class DynamoDbLinkChallengeStore implements LinkChallengeStore {

  private final DynamoDbTable<LinkChallengeItem> challenges;

  DynamoDbLinkChallengeStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.challenges = enhanced.table(settings.getTable(), LinkChallengeItem.SCHEMA);
  }

  @Override
  public void save(LinkChallenge challenge) {
    challenges.putItem(
        new LinkChallengeItem(
            "USER#" + challenge.userId(),
            sortKey(challenge.network(), challenge.address()),
            challenge.message(),
            challenge.expiresAt().getEpochSecond()));
  }

  @Override
  public Optional<LinkChallenge> take(String userId, NetworkId network, String address) {
    LinkChallengeItem old;
    try {
      // the Enhanced Client's delete returns the deleted item (ALL_OLD)
      old =
          challenges.deleteItem(
              DeleteItemEnhancedRequest.builder()
                  .key(Keys.primary("USER#" + userId, sortKey(network, address)))
                  .conditionExpression(Conditions.ITEM_PRESENT)
                  .build());
    } catch (ConditionalCheckFailedException absentOrTaken) {
      return Optional.empty();
    }
    if (old == null) {
      return Optional.empty();
    }
    return Optional.of(
        new LinkChallenge(
            userId, network, address, old.message(), Instant.ofEpochSecond(old.expiresAt())));
  }

  private static String sortKey(NetworkId network, String address) {
    return "LINKCHALLENGE#" + network.name() + "#" + address;
  }
}
