package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A user's profile ({@code USER#<id> / PROFILE}) and email claim ({@code EMAIL#<email> / EMAIL})
 * attribute by attribute as the raw-map code wrote them: what the store writes is exactly that
 * shape, and items of that shape (with an attribute the store does not know) read back as they did.
 * The table is live, so neither may change.
 */
class DynamoDbUserShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbUserStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbUserStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void profilesAndEmailClaims() {
    store.create(
        new User(
            "u-s",
            new Email("shape@example.com"),
            "Ada",
            "Lovelace",
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            T),
        "hash-1");
    Map<String, AttributeValue> profile = new HashMap<>();
    profile.put("pk", s("USER#u-s"));
    profile.put("sk", s("PROFILE"));
    profile.put("gsi1pk", s("USERS"));
    profile.put("gsi1sk", s(T + "#u-s"));
    profile.put("id", s("u-s"));
    profile.put("email", s("shape@example.com"));
    profile.put("passwordHash", s("hash-1"));
    profile.put("firstName", s("Ada"));
    profile.put("lastName", s("Lovelace"));
    profile.put("role", s("USER"));
    profile.put("kycStatus", s("NOT_STARTED"));
    profile.put("active", AttributeValue.fromBool(true));
    profile.put("createdAt", s(T.toString()));
    assertThat(table.raw("USER#u-s", "PROFILE")).isEqualTo(profile);
    assertThat(table.raw("EMAIL#shape@example.com", "EMAIL"))
        .isEqualTo(
            Map.of("pk", s("EMAIL#shape@example.com"), "sk", s("EMAIL"), "userId", s("u-s")));

    store.updatePasswordHash("u-s", "hash-2");
    profile.put("passwordHash", s("hash-2"));
    assertThat(table.raw("USER#u-s", "PROFILE")).isEqualTo(profile);
    assertThat(store.setActive("u-s", false)).isTrue();
    profile.put("active", AttributeValue.fromBool(false));
    assertThat(table.raw("USER#u-s", "PROFILE")).isEqualTo(profile);
    assertThat(store.setActive("u-none", false)).isFalse();
    assertThat(table.raw("USER#u-none", "PROFILE")).isEmpty();

    Map<String, AttributeValue> old = new HashMap<>(profile);
    old.put("pk", s("USER#u-o"));
    old.put("gsi1sk", s(T.plusSeconds(1) + "#u-o"));
    old.put("id", s("u-o"));
    old.put("email", s("old@example.com"));
    old.put("role", s("MERCHANT"));
    old.put("kycStatus", s("VERIFIED"));
    old.put("createdAt", s(T.plusSeconds(1).toString()));
    old.put("unknown", s("kept"));
    table.putRaw(old);
    table.putRaw(
        Map.of(
            "pk",
            s("EMAIL#old@example.com"),
            "sk",
            s("EMAIL"),
            "userId",
            s("u-o"),
            "unknown",
            s("kept")));
    User oldUser =
        new User(
            "u-o",
            new Email("old@example.com"),
            "Ada",
            "Lovelace",
            Role.MERCHANT,
            KycStatus.VERIFIED,
            false,
            T.plusSeconds(1));
    assertThat(store.findById("u-o")).contains(oldUser);
    assertThat(store.findCredentials(new Email("old@example.com")).orElseThrow().user())
        .isEqualTo(oldUser);
    assertThat(store.findCredentials(new Email("old@example.com")).orElseThrow().passwordHash())
        .isEqualTo("hash-2");
    assertThat(store.list(PageRequest.of(10, null)).data())
        .extracting(User::id)
        .containsExactly("u-s", "u-o");
  }
}
