package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Merchants as {@code MERCHANT#<userId> / MERCHANT} items. Creating one also turns its user's role
 * ({@code USER#<id> / PROFILE}) from USER to MERCHANT in the same transaction. Merchants with an
 * automatic settlement threshold are also in {@code gsi1} under {@code AUTO_SETTLING} (by user id),
 * so the settlement run reads only those.
 */
@Singleton
final class DynamoDbMerchantStore implements MerchantStore {

  static final String AUTO_SETTLING = "AUTO_SETTLING";

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbMerchantStore(DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  public boolean create(Merchant merchant) {
    Map<String, AttributeValue> item = item(merchant);
    return Transactions.unlessAnyRefused(
        dynamoDb,
        List.of(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(table)
                            .item(item)
                            .conditionExpression(
                                "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
                .build(),
            TransactWriteItem.builder()
                .update(
                    u ->
                        u.tableName(table)
                            .key(Keys.of("USER#" + merchant.userId(), "PROFILE"))
                            .updateExpression("SET #role = :merchant")
                            .conditionExpression("#role = :user")
                            .expressionAttributeNames(Map.of("#role", "role"))
                            .expressionAttributeValues(
                                Map.of(
                                    ":merchant",
                                    AttributeValue.fromS(Role.MERCHANT.name()),
                                    ":user",
                                    AttributeValue.fromS(Role.USER.name()))))
                .build()));
  }

  @Override
  public Optional<Merchant> find(String userId) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                g ->
                    g.tableName(table)
                        .key(Keys.of("MERCHANT#" + userId, "MERCHANT"))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(merchant(item));
  }

  @Override
  public List<String> autoSettling() {
    List<String> ids = new ArrayList<>();
    dynamoDb
        .queryPaginator(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression("#gpk = :pk")
                    .expressionAttributeNames(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(AUTO_SETTLING))))
        .items()
        .forEach(item -> ids.add(item.get(DynamoDbSchema.GSI1_SORT_KEY).s()));
    return ids;
  }

  @Override
  public boolean update(Merchant next) {
    return Transactions.putOverVersion(dynamoDb, table, item(next), next.version());
  }

  private static Map<String, AttributeValue> item(Merchant m) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of("MERCHANT#" + m.userId(), "MERCHANT"));
    item.put("userId", AttributeValue.fromS(m.userId()));
    item.put("businessName", AttributeValue.fromS(m.businessName()));
    item.put("businessType", AttributeValue.fromS(m.businessType()));
    Attributes.put(item, "webhookUrl", m.webhookUrl());
    Attributes.put(item, "settlementAddress", m.settlementAddress());
    Attributes.put(
        item,
        "settlementNetwork",
        m.settlementNetwork() == null ? null : m.settlementNetwork().name());
    if (m.autoSettleThreshold() != null) {
      item.put("autoSettleThreshold", AttributeValue.fromN(m.autoSettleThreshold().toString()));
      // only merchants that settle on the schedule are in the index
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(AUTO_SETTLING));
      item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(m.userId()));
    }
    item.put("feeBasisPoints", AttributeValue.fromN(Integer.toString(m.feeBasisPoints())));
    item.put("kybStatus", AttributeValue.fromS(m.kybStatus().name()));
    item.put("sealedSecret", AttributeValue.fromS(m.sealedSecret()));
    Attributes.put(item, "previousSealedSecret", m.previousSealedSecret());
    Attributes.put(
        item,
        "previousSecretExpiresAt",
        m.previousSecretExpiresAt() == null ? null : m.previousSecretExpiresAt().toString());
    item.put("version", AttributeValue.fromN(Integer.toString(m.version())));
    item.put("createdAt", AttributeValue.fromS(m.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(m.updatedAt().toString()));
    return item;
  }

  private static Merchant merchant(Map<String, AttributeValue> item) {
    String network = Attributes.text(item, "settlementNetwork");
    String previousUntil = Attributes.text(item, "previousSecretExpiresAt");
    return new Merchant(
        item.get("userId").s(),
        item.get("businessName").s(),
        item.get("businessType").s(),
        Attributes.text(item, "webhookUrl"),
        Attributes.text(item, "settlementAddress"),
        network == null ? null : NetworkId.valueOf(network),
        item.containsKey("autoSettleThreshold")
            ? new BigInteger(item.get("autoSettleThreshold").n())
            : null,
        Integer.parseInt(item.get("feeBasisPoints").n()),
        KycStatus.valueOf(item.get("kybStatus").s()),
        item.get("sealedSecret").s(),
        Attributes.text(item, "previousSealedSecret"),
        previousUntil == null ? null : Instant.parse(previousUntil),
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }
}
