package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Merchants as {@code MERCHANT#<userId> / MERCHANT} items ({@link MerchantItem}). Creating one also
 * turns its user's role ({@code USER#<id> / PROFILE}) from USER to MERCHANT in the same
 * transaction. Merchants with an automatic settlement threshold are also in {@code gsi1} under
 * {@code AUTO_SETTLING} (by user id), so the settlement run reads only those.
 */
@Singleton
final class DynamoDbMerchantStore implements MerchantStore {

  static final String AUTO_SETTLING = "AUTO_SETTLING";
  private static final String PREFIX = "MERCHANT#";
  private static final String SORT = "MERCHANT";

  /** The profile is still a plain user's: a user becomes a merchant once. */
  private static final Expression STILL_A_USER =
      Expression.builder()
          .expression("#role = :user")
          .putExpressionName("#role", "role")
          .putExpressionValue(":user", AttributeValue.fromS(Role.USER.name()))
          .build();

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<MerchantItem> merchants;
  private final DynamoDbTable<ProfileRoleItem> profiles;

  DynamoDbMerchantStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.merchants = enhanced.table(settings.getTable(), MerchantItem.SCHEMA);
    this.profiles = enhanced.table(settings.getTable(), ProfileRoleItem.SCHEMA);
  }

  @Override
  public boolean create(Merchant merchant) {
    ProfileRoleItem role =
        new ProfileRoleItem("USER#" + merchant.userId(), "PROFILE", Role.MERCHANT.name());
    return Transactions.unlessAnyRefused(
        enhanced,
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                merchants,
                TransactPutItemEnhancedRequest.builder(MerchantItem.class)
                    .item(item(merchant))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build())
            .addUpdateItem(
                profiles,
                TransactUpdateItemEnhancedRequest.builder(ProfileRoleItem.class)
                    .item(role)
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                    .conditionExpression(STILL_A_USER)
                    .build())
            .build());
  }

  @Override
  public Optional<Merchant> find(String userId) {
    MerchantItem item =
        merchants.getItem(g -> g.key(Keys.primary(PREFIX + userId, SORT)).consistentRead(true));
    return Optional.ofNullable(item).map(DynamoDbMerchantStore::merchant);
  }

  @Override
  public List<String> autoSettling() {
    return merchants
        .index(DynamoDbSchema.GSI1)
        .query(
            q ->
                q.queryConditional(
                    QueryConditional.keyEqualTo(k -> k.partitionValue(AUTO_SETTLING))))
        .stream()
        .flatMap(page -> page.items().stream())
        .map(MerchantItem::gsi1sk)
        .toList();
  }

  @Override
  public boolean update(Merchant next) {
    return Transactions.putOverVersion(merchants, item(next), next.version());
  }

  private static MerchantItem item(Merchant m) {
    // only merchants that settle on the schedule are in the index
    boolean scheduled = m.autoSettleThreshold() != null;
    return new MerchantItem(
        PREFIX + m.userId(),
        SORT,
        scheduled ? AUTO_SETTLING : null,
        scheduled ? m.userId() : null,
        m.userId(),
        m.businessName(),
        m.businessType(),
        m.webhookUrl(),
        m.settlementAddress(),
        m.settlementNetwork() == null ? null : m.settlementNetwork().name(),
        m.autoSettleThreshold(),
        m.feeBasisPoints(),
        m.kybStatus().name(),
        m.sealedSecret(),
        m.previousSealedSecret(),
        text(m.previousSecretExpiresAt()),
        m.version(),
        m.createdAt().toString(),
        m.updatedAt().toString());
  }

  private static Merchant merchant(MerchantItem item) {
    return new Merchant(
        item.userId(),
        item.businessName(),
        item.businessType(),
        item.webhookUrl(),
        item.settlementAddress(),
        item.settlementNetwork() == null ? null : NetworkId.valueOf(item.settlementNetwork()),
        item.autoSettleThreshold(),
        item.feeBasisPoints(),
        KycStatus.valueOf(item.kybStatus()),
        item.sealedSecret(),
        item.previousSealedSecret(),
        instant(item.previousSecretExpiresAt()),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
