package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The merchant item as the merchant store writes it, attribute by attribute, and an item of that
 * shape (with an attribute the store does not know) reading back: the table is live, so neither may
 * change.
 */
class DynamoDbMerchantShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbMerchantStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbMerchantStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aMerchantWithEverySettingIsStoredAttributeByAttribute() {
    profile("user-full");
    Merchant merchant =
        new Merchant(
            "user-full",
            "Coffee Ltd",
            "retail",
            "https://coffee.example/hooks",
            "0xsettle",
            NetworkId.POLYGON,
            BigInteger.valueOf(25_000_000),
            180,
            KycStatus.VERIFIED,
            "sealed-now",
            "sealed-before",
            T.plusSeconds(60),
            0,
            T,
            T);
    assertThat(store.create(merchant)).isTrue();

    Map<String, AttributeValue> expected = new HashMap<>();
    expected.put("pk", s("MERCHANT#user-full"));
    expected.put("sk", s("MERCHANT"));
    expected.put("gsi1pk", s("AUTO_SETTLING"));
    expected.put("gsi1sk", s("user-full"));
    expected.put("userId", s("user-full"));
    expected.put("businessName", s("Coffee Ltd"));
    expected.put("businessType", s("retail"));
    expected.put("webhookUrl", s("https://coffee.example/hooks"));
    expected.put("settlementAddress", s("0xsettle"));
    expected.put("settlementNetwork", s("POLYGON"));
    expected.put("autoSettleThreshold", n(25_000_000));
    expected.put("feeBasisPoints", n(180));
    expected.put("kybStatus", s("VERIFIED"));
    expected.put("sealedSecret", s("sealed-now"));
    expected.put("previousSealedSecret", s("sealed-before"));
    expected.put("previousSecretExpiresAt", s(T.plusSeconds(60).toString()));
    expected.put("version", n(0));
    expected.put("createdAt", s(T.toString()));
    expected.put("updatedAt", s(T.toString()));
    assertThat(table.raw("MERCHANT#user-full", "MERCHANT")).isEqualTo(expected);
    assertThat(table.raw("USER#user-full", "PROFILE").get("role")).isEqualTo(s("MERCHANT"));
    assertThat(store.find("user-full")).contains(merchant);
  }

  @Test
  void aMerchantWithoutOptionalSettingsHasThoseAttributesAbsentAndLeavesTheIndex() {
    profile("user-bare");
    Merchant merchant =
        new Merchant(
            "user-bare",
            "Tea Ltd",
            "retail",
            "https://tea.example/hooks",
            "0xtea",
            NetworkId.ETHEREUM,
            BigInteger.valueOf(10_000_000),
            250,
            KycStatus.NOT_STARTED,
            "sealed",
            null,
            null,
            0,
            T,
            T);
    assertThat(store.create(merchant)).isTrue();
    assertThat(store.autoSettling()).contains("user-bare");

    Merchant bare =
        new Merchant(
            "user-bare",
            "Tea Ltd",
            "retail",
            null,
            null,
            null,
            null,
            250,
            KycStatus.NOT_STARTED,
            "sealed",
            null,
            null,
            1,
            T,
            T.plusSeconds(5));
    assertThat(store.update(bare)).isTrue();
    assertThat(table.raw("MERCHANT#user-bare", "MERCHANT"))
        .isEqualTo(
            Map.ofEntries(
                Map.entry("pk", s("MERCHANT#user-bare")),
                Map.entry("sk", s("MERCHANT")),
                Map.entry("userId", s("user-bare")),
                Map.entry("businessName", s("Tea Ltd")),
                Map.entry("businessType", s("retail")),
                Map.entry("feeBasisPoints", n(250)),
                Map.entry("kybStatus", s("NOT_STARTED")),
                Map.entry("sealedSecret", s("sealed")),
                Map.entry("version", n(1)),
                Map.entry("createdAt", s(T.toString())),
                Map.entry("updatedAt", s(T.plusSeconds(5).toString()))));
    assertThat(store.autoSettling()).doesNotContain("user-bare");
    assertThat(store.update(bare)).as("the version moved on").isFalse();
  }

  @Test
  void aStoredItemOfThatShapeReadsBack() {
    Map<String, AttributeValue> old = new HashMap<>();
    old.put("pk", s("MERCHANT#user-old"));
    old.put("sk", s("MERCHANT"));
    old.put("gsi1pk", s("AUTO_SETTLING"));
    old.put("gsi1sk", s("user-old"));
    old.put("userId", s("user-old"));
    old.put("businessName", s("Old Ltd"));
    old.put("businessType", s("wholesale"));
    old.put("webhookUrl", s("https://old.example/hooks"));
    old.put("settlementAddress", s("TXold"));
    old.put("settlementNetwork", s("TRON"));
    old.put("autoSettleThreshold", n(12_000_000));
    old.put("feeBasisPoints", n(100));
    old.put("kybStatus", s("PENDING"));
    old.put("sealedSecret", s("sealed-o"));
    old.put("previousSealedSecret", s("sealed-p"));
    old.put("previousSecretExpiresAt", s(T.plusSeconds(9).toString()));
    old.put("version", n(4));
    old.put("createdAt", s(T.toString()));
    old.put("updatedAt", s(T.plusSeconds(3).toString()));
    old.put("unknown", s("kept"));
    table.client.putItem(p -> p.tableName(TABLE).item(old));

    assertThat(store.find("user-old"))
        .contains(
            new Merchant(
                "user-old",
                "Old Ltd",
                "wholesale",
                "https://old.example/hooks",
                "TXold",
                NetworkId.TRON,
                BigInteger.valueOf(12_000_000),
                100,
                KycStatus.PENDING,
                "sealed-o",
                "sealed-p",
                T.plusSeconds(9),
                4,
                T,
                T.plusSeconds(3)));
    assertThat(store.autoSettling()).contains("user-old");
    assertThat(store.find("user-none")).isEmpty();
  }

  private static void profile(String userId) {
    table.client.putItem(
        p ->
            p.tableName(TABLE)
                .item(Map.of("pk", s("USER#" + userId), "sk", s("PROFILE"), "role", s("USER"))));
  }
}
