package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.schema.DynamoDbSchema;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The user store against DynamoDB Local, with the table shaped as the stack defines it. */
class DynamoDbUserStoreIT {

  private static DynamoDbLocal local;
  private static DynamoDbClient dynamoDb;
  private static DynamoDbUserStore store;

  @BeforeAll
  static void start() {
    local = DynamoDbLocal.start();
    dynamoDb = DynamoDbClient.builder().endpointOverride(URI.create(local.endpoint()))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"))).build();
    dynamoDb.createTable(r -> r.tableName(DynamoDbSchema.TABLE_NAME)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            a -> a.attributeName(DynamoDbSchema.PARTITION_KEY).attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.SORT_KEY).attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY)
                .attributeType(ScalarAttributeType.S),
            a -> a.attributeName(DynamoDbSchema.GSI1_SORT_KEY)
                .attributeType(ScalarAttributeType.S))
        .keySchema(
            k -> k.attributeName(DynamoDbSchema.PARTITION_KEY).keyType(KeyType.HASH),
            k -> k.attributeName(DynamoDbSchema.SORT_KEY).keyType(KeyType.RANGE))
        .globalSecondaryIndexes(g -> g.indexName(DynamoDbSchema.GSI1)
            .keySchema(
                k -> k.attributeName(DynamoDbSchema.GSI1_PARTITION_KEY).keyType(KeyType.HASH),
                k -> k.attributeName(DynamoDbSchema.GSI1_SORT_KEY).keyType(KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))));
    store = new DynamoDbUserStore(dynamoDb, new TableSettings());
  }

  @AfterAll
  static void stop() {
    dynamoDb.close();
    local.close();
  }

  private static User user(String id, String email) {
    return new User(id, new Email(email), "Ada", "Lovelace", Role.USER, KycStatus.NOT_STARTED,
        true, Instant.parse("2026-11-23T22:00:00Z"));
  }

  @Test
  void storesAUserAndFindsItByIdAndByEmailWithItsHash() {
    User ada = user("u-ada", "ada@example.com");
    store.create(ada, "$argon2id$hash");

    assertThat(store.findById("u-ada")).contains(ada);
    StoredCredentials credentials = store.findCredentials(new Email("ADA@example.com")).orElseThrow();
    assertThat(credentials.user()).isEqualTo(ada);
    assertThat(credentials.passwordHash()).isEqualTo("$argon2id$hash");
    assertThat(store.findCredentials(new Email("nobody@example.com"))).isEmpty();
    assertThat(store.findById("u-nobody")).isEmpty();
  }

  @Test
  void aSecondAccountWithTheSameEmailIsAConflictAndWritesNothing() {
    store.create(user("u-bob", "bob@example.com"), "$argon2id$first");

    assertThatThrownBy(() -> store.create(user("u-bob-2", "Bob@Example.com"), "$argon2id$second"))
        .isInstanceOf(ConflictException.class);
    assertThat(store.findById("u-bob-2")).isEmpty();
    assertThat(store.findCredentials(new Email("bob@example.com")).orElseThrow().passwordHash())
        .isEqualTo("$argon2id$first");
  }
}
