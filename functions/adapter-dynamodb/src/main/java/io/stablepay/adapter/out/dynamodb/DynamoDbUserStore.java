package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.UserItems.EmailClaimItem;
import io.stablepay.adapter.out.dynamodb.UserItems.ProfileItem;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Users in the platform table. Key patterns (see the data model in docs/architecture.md):
 *
 * <ul>
 *   <li>{@code USER#<id> / PROFILE} ({@link ProfileItem}): the account and its password hash;
 *       {@code gsi1} lists all users by creation time ({@code USERS / <createdAt>#<id>});
 *   <li>{@code EMAIL#<email> / EMAIL} ({@link EmailClaimItem}): the claim that makes an email
 *       unique, written in the same transaction as the profile.
 * </ul>
 */
@Singleton
final class DynamoDbUserStore implements UserStore {

  private static final String PROFILE = "PROFILE";
  static final String ALL_USERS = "USERS";
  private static final String EMAIL_CLAIM = "EMAIL";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<ProfileItem> profiles;
  private final DynamoDbTable<EmailClaimItem> claims;

  DynamoDbUserStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.profiles = enhanced.table(settings.getTable(), ProfileItem.SCHEMA);
    this.claims = enhanced.table(settings.getTable(), EmailClaimItem.SCHEMA);
  }

  @Override
  public void create(User user, String passwordHash) {
    ProfileItem profile =
        new ProfileItem(
            "USER#" + user.id(),
            PROFILE,
            ALL_USERS,
            user.createdAt() + "#" + user.id(),
            user.id(),
            user.email().value(),
            passwordHash,
            user.firstName(),
            user.lastName(),
            user.role().name(),
            user.kycStatus().name(),
            user.active(),
            user.createdAt().toString());
    EmailClaimItem claim =
        new EmailClaimItem("EMAIL#" + user.email().value(), EMAIL_CLAIM, user.id());
    try {
      enhanced.transactWriteItems(
          TransactWriteItemsEnhancedRequest.builder()
              .addPutItem(
                  profiles,
                  TransactPutItemEnhancedRequest.builder(ProfileItem.class)
                      .item(profile)
                      .conditionExpression(Conditions.ITEM_ABSENT)
                      .build())
              .addPutItem(
                  claims,
                  TransactPutItemEnhancedRequest.builder(EmailClaimItem.class)
                      .item(claim)
                      .conditionExpression(Conditions.ITEM_ABSENT)
                      .build())
              .build());
    } catch (TransactionCanceledException e) {
      if (conditionFailed(e, 1)) {
        throw new ConflictException("an account with this email already exists");
      }
      throw e;
    }
  }

  @Override
  public Optional<User> findById(String id) {
    return profile(id).map(DynamoDbUserStore::user);
  }

  @Override
  public void updatePasswordHash(String userId, String passwordHash) {
    update(ProfileItem.only("USER#" + userId, PROFILE, passwordHash, null));
  }

  @Override
  public boolean setActive(String userId, boolean active) {
    try {
      update(ProfileItem.only("USER#" + userId, PROFILE, null, active));
      return true;
    } catch (ConditionalCheckFailedException noSuchUser) {
      return false;
    }
  }

  @Override
  public Optional<StoredCredentials> findCredentials(Email email) {
    EmailClaimItem claim =
        claims.getItem(
            g -> g.key(Keys.primary("EMAIL#" + email.value(), EMAIL_CLAIM)).consistentRead(true));
    if (claim == null) {
      return Optional.empty();
    }
    return profile(claim.userId())
        .map(item -> new StoredCredentials(user(item), item.passwordHash()));
  }

  @Override
  public Page<User> list(PageRequest page) {
    // one request: the first page of a query from the cursor
    software.amazon.awssdk.enhanced.dynamodb.model.Page<ProfileItem> result =
        profiles
            .index(DynamoDbSchema.GSI1)
            .query(
                QueryEnhancedRequest.builder()
                    .queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(ALL_USERS)))
                    .exclusiveStartKey(
                        page.cursor() == null ? null : UserCursor.decode(page.cursor()))
                    .limit(page.limit())
                    .build())
            .iterator()
            .next();
    Map<String, AttributeValue> last = result.lastEvaluatedKey();
    String next = last != null && !last.isEmpty() ? UserCursor.encode(last) : null;
    return new Page<>(result.items().stream().map(DynamoDbUserStore::user).toList(), next);
  }

  /** Sets the non-null attributes of {@code partial} on a stored profile, never creating one. */
  private void update(ProfileItem partial) {
    profiles.updateItem(
        UpdateItemEnhancedRequest.builder(ProfileItem.class)
            .item(partial)
            .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
            .conditionExpression(Conditions.ITEM_PRESENT)
            .build());
  }

  private Optional<ProfileItem> profile(String id) {
    return Optional.ofNullable(profiles.getItem(g -> g.key(profileKey(id)).consistentRead(true)));
  }

  private static User user(ProfileItem item) {
    return new User(
        item.id(),
        new Email(item.email()),
        item.firstName(),
        item.lastName(),
        Role.valueOf(item.role()),
        KycStatus.valueOf(item.kycStatus()),
        item.active(),
        Instant.parse(item.createdAt()));
  }

  private static boolean conditionFailed(TransactionCanceledException e, int index) {
    var reasons = e.cancellationReasons();
    return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
  }

  private static Key profileKey(String id) {
    return Keys.primary("USER#" + id, PROFILE);
  }
}
