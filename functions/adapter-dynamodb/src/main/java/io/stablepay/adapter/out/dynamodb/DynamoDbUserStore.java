package io.stablepay.adapter.out.dynamodb;

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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Users in the platform table. Key patterns (see the data model in docs/architecture.md):
 *
 * <ul>
 *   <li>{@code USER#<id> / PROFILE}: the account and its password hash; {@code gsi1} lists all
 *       users by creation time ({@code USERS / <createdAt>#<id>});
 *   <li>{@code EMAIL#<email> / EMAIL}: the claim that makes an email unique, written in the same
 *       transaction as the profile.
 * </ul>
 */
@Singleton
final class DynamoDbUserStore implements UserStore {

  private static final String PROFILE = "PROFILE";
  static final String ALL_USERS = "USERS";
  private static final String EMAIL_CLAIM = "EMAIL";
  private static final String NOT_EXISTS =
      "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbUserStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public void create(User user, String passwordHash) {
    Map<String, AttributeValue> profile = new HashMap<>(Keys.of("USER#" + user.id(), PROFILE));
    profile.put("id", s(user.id()));
    profile.put("email", s(user.email().value()));
    profile.put("passwordHash", s(passwordHash));
    profile.put("firstName", s(user.firstName()));
    profile.put("lastName", s(user.lastName()));
    profile.put("role", s(user.role().name()));
    profile.put("kycStatus", s(user.kycStatus().name()));
    profile.put("active", AttributeValue.fromBool(user.active()));
    profile.put("createdAt", s(user.createdAt().toString()));
    profile.put(DynamoDbSchema.GSI1_PARTITION_KEY, s(ALL_USERS));
    profile.put(DynamoDbSchema.GSI1_SORT_KEY, s(user.createdAt() + "#" + user.id()));
    Map<String, AttributeValue> claim = new HashMap<>(emailKey(user.email()));
    claim.put("userId", s(user.id()));
    try {
      dynamoDb.transactWriteItems(
          t ->
              t.transactItems(
                  i -> i.put(p -> p.tableName(table).item(profile).conditionExpression(NOT_EXISTS)),
                  i -> i.put(p -> p.tableName(table).item(claim).conditionExpression(NOT_EXISTS))));
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
    dynamoDb.updateItem(
        u ->
            u.tableName(table)
                .key(Keys.of("USER#" + userId, PROFILE))
                .updateExpression("SET passwordHash = :hash")
                .conditionExpression("attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")")
                .expressionAttributeValues(Map.of(":hash", s(passwordHash))));
  }

  @Override
  public boolean setActive(String userId, boolean active) {
    try {
      dynamoDb.updateItem(
          u ->
              u.tableName(table)
                  .key(Keys.of("USER#" + userId, PROFILE))
                  .updateExpression("SET active = :active")
                  .conditionExpression("attribute_exists(" + DynamoDbSchema.PARTITION_KEY + ")")
                  .expressionAttributeValues(Map.of(":active", AttributeValue.fromBool(active))));
      return true;
    } catch (ConditionalCheckFailedException noSuchUser) {
      return false;
    }
  }

  @Override
  public Optional<StoredCredentials> findCredentials(Email email) {
    Map<String, AttributeValue> claim =
        dynamoDb.getItem(g -> g.tableName(table).key(emailKey(email)).consistentRead(true)).item();
    if (claim == null || claim.isEmpty()) {
      return Optional.empty();
    }
    return profile(claim.get("userId").s())
        .map(item -> new StoredCredentials(user(item), item.get("passwordHash").s()));
  }

  @Override
  public Page<User> list(PageRequest page) {
    var result =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression(DynamoDbSchema.GSI1_PARTITION_KEY + " = :users")
                    .expressionAttributeValues(Map.of(":users", s(ALL_USERS)))
                    .exclusiveStartKey(
                        page.cursor() == null ? null : UserCursor.decode(page.cursor()))
                    .limit(page.limit()));
    String next =
        result.hasLastEvaluatedKey() && !result.lastEvaluatedKey().isEmpty()
            ? UserCursor.encode(result.lastEvaluatedKey())
            : null;
    return new Page<>(result.items().stream().map(DynamoDbUserStore::user).toList(), next);
  }

  private Optional<Map<String, AttributeValue>> profile(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g -> g.tableName(table).key(Keys.of("USER#" + id, PROFILE)).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  private static User user(Map<String, AttributeValue> item) {
    return new User(
        item.get("id").s(),
        new Email(item.get("email").s()),
        item.get("firstName").s(),
        item.get("lastName").s(),
        Role.valueOf(item.get("role").s()),
        KycStatus.valueOf(item.get("kycStatus").s()),
        item.get("active").bool(),
        Instant.parse(item.get("createdAt").s()));
  }

  private static boolean conditionFailed(TransactionCanceledException e, int index) {
    var reasons = e.cancellationReasons();
    return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
  }

  private static Map<String, AttributeValue> emailKey(Email email) {
    return Keys.of("EMAIL#" + email.value(), EMAIL_CLAIM);
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
