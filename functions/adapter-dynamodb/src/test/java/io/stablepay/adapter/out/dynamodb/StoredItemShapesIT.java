package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.RefreshToken;
import io.stablepay.core.domain.wallet.LinkChallenge;
import io.stablepay.core.port.out.IdempotencyStore.Replay;
import io.stablepay.core.port.out.IdempotencyStore.StoredResponse;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items of the stores on the Enhanced Client, attribute by attribute as the raw-map code wrote
 * them before: what a store writes is exactly that shape, and an item of that shape (with an
 * attribute the schema does not know) reads back as it did. The table is live, so neither may
 * change.
 */
class StoredItemShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static TableSettings settings;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    settings = new TableSettings();
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void apiKeys() {
    DynamoDbApiKeyStore store = new DynamoDbApiKeyStore(table.enhanced, table.client, settings);
    store.save(new ApiKey("00000000000000aa", "owner-s", "ci", T, null, null), "mac-s");
    Map<String, AttributeValue> expected =
        new HashMap<>(
            Map.of(
                "pk",
                s("APIKEY#00000000000000aa"),
                "sk",
                s("KEY"),
                "gsi1pk",
                s("APIKEYS#owner-s"),
                "gsi1sk",
                s(T + "#00000000000000aa"),
                "ownerId",
                s("owner-s"),
                "name",
                s("ci"),
                "mac",
                s("mac-s"),
                "createdAt",
                s(T.toString())));
    assertThat(table.raw("APIKEY#00000000000000aa", "KEY")).isEqualTo(expected);
    store.touch("00000000000000aa", T.plusSeconds(5));
    expected.put("lastUsedAt", s(T.plusSeconds(5).toString()));
    assertThat(table.raw("APIKEY#00000000000000aa", "KEY")).isEqualTo(expected);

    Map<String, AttributeValue> old =
        new HashMap<>(
            Map.of(
                "pk",
                s("APIKEY#00000000000000bb"),
                "sk",
                s("KEY"),
                "gsi1pk",
                s("APIKEYS#owner-o"),
                "gsi1sk",
                s(T + "#00000000000000bb"),
                "ownerId",
                s("owner-o"),
                "name",
                s("old"),
                "mac",
                s("mac-o"),
                "createdAt",
                s(T.toString()),
                "lastUsedAt",
                s(T.plusSeconds(1).toString()),
                "revokedAt",
                s(T.plusSeconds(2).toString())));
    old.put("unknown", s("kept"));
    table.putRaw(old);
    ApiKey key =
        new ApiKey("00000000000000bb", "owner-o", "old", T, T.plusSeconds(1), T.plusSeconds(2));
    assertThat(store.find("00000000000000bb").orElseThrow().key()).isEqualTo(key);
    assertThat(store.find("00000000000000bb").orElseThrow().mac()).isEqualTo("mac-o");
    assertThat(store.listByOwner("owner-o")).containsExactly(key);
  }

  @Test
  void auditEntries() {
    DynamoDbAuditLog log = new DynamoDbAuditLog(table.enhanced, settings);
    log.record(new AuditEntry("actor-s", "shape.checked", "subject-s", Map.of("k", "v"), T));
    log.record(new AuditEntry("actor-s", "shape.empty", "subject-s", Map.of(), T.plusSeconds(1)));
    List<Map<String, AttributeValue>> items =
        table
            .client
            .query(
                q ->
                    q.tableName(TABLE)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s("AUDIT#subject-s"))))
            .items();
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("sk").s()).startsWith(T + "#");
    assertThat(without(items.get(0), "sk"))
        .isEqualTo(
            Map.of(
                "pk",
                s("AUDIT#subject-s"),
                "actor",
                s("actor-s"),
                "action",
                s("shape.checked"),
                "subject",
                s("subject-s"),
                "detail",
                AttributeValue.fromM(Map.of("k", s("v"))),
                "at",
                s(T.toString())));
    assertThat(items.get(1).get("detail")).isEqualTo(AttributeValue.fromM(Map.of()));

    table.putRaw(
        Map.of(
            "pk",
            s("AUDIT#subject-o"),
            "sk",
            s(T + "#abcdef"),
            "actor",
            s("a"),
            "action",
            s("old.one"),
            "subject",
            s("subject-o"),
            "detail",
            AttributeValue.fromM(Map.of("x", s("y"))),
            "at",
            s(T.toString()),
            "unknown",
            s("kept")));
    assertThat(log.about("subject-o"))
        .containsExactly(new AuditEntry("a", "old.one", "subject-o", Map.of("x", "y"), T));
  }

  @Test
  void accountTokens() {
    DynamoDbAccountTokenStore store = new DynamoDbAccountTokenStore(table.enhanced, settings);
    store.save("hash-s", "user-s", T);
    assertThat(table.raw("ACCOUNT-TOKEN#hash-s", "TOKEN"))
        .isEqualTo(
            Map.of(
                "pk",
                s("ACCOUNT-TOKEN#hash-s"),
                "sk",
                s("TOKEN"),
                "userId",
                s("user-s"),
                "expiresAt",
                n(T.getEpochSecond())));

    table.putRaw(
        Map.of(
            "pk",
            s("ACCOUNT-TOKEN#hash-o"),
            "sk",
            s("TOKEN"),
            "userId",
            s("user-o"),
            "expiresAt",
            n(T.getEpochSecond()),
            "unknown",
            s("kept")));
    assertThat(store.peek("hash-o", T.minusSeconds(1))).contains("user-o");
  }

  @Test
  void linkChallenges() {
    DynamoDbLinkChallengeStore store = new DynamoDbLinkChallengeStore(table.enhanced, settings);
    store.save(new LinkChallenge("user-s", NetworkId.ETHEREUM, "0xabc", "sign me", T));
    assertThat(table.raw("USER#user-s", "LINKCHALLENGE#ETHEREUM#0xabc"))
        .isEqualTo(
            Map.of(
                "pk",
                s("USER#user-s"),
                "sk",
                s("LINKCHALLENGE#ETHEREUM#0xabc"),
                "message",
                s("sign me"),
                "expiresAt",
                n(T.getEpochSecond())));

    table.putRaw(
        Map.of(
            "pk",
            s("USER#user-o"),
            "sk",
            s("LINKCHALLENGE#ETHEREUM#0xdef"),
            "message",
            s("old"),
            "expiresAt",
            n(T.getEpochSecond()),
            "unknown",
            s("kept")));
    assertThat(store.take("user-o", NetworkId.ETHEREUM, "0xdef"))
        .contains(new LinkChallenge("user-o", NetworkId.ETHEREUM, "0xdef", "old", T));
  }

  @Test
  void nonces() {
    DynamoDbNonceStore store = new DynamoDbNonceStore(table.enhanced, settings);
    assertThat(store.compareAndSet(NetworkId.ETHEREUM, "0xABC", OptionalLong.empty(), 7)).isTrue();
    assertThat(table.raw("NONCE#ETHEREUM#0xabc", "SEQUENCE"))
        .isEqualTo(Map.of("pk", s("NONCE#ETHEREUM#0xabc"), "sk", s("SEQUENCE"), "next", n(7)));

    table.putRaw(
        Map.of(
            "pk",
            s("NONCE#ETHEREUM#0xdef"),
            "sk",
            s("SEQUENCE"),
            "next",
            n(41),
            "unknown",
            s("kept")));
    assertThat(store.next(NetworkId.ETHEREUM, "0xDEF")).hasValue(41);
  }

  @Test
  void refreshTokensAndFamilies() {
    DynamoDbRefreshTokenStore store = new DynamoDbRefreshTokenStore(table.enhanced, settings);
    Instant expiry = T.plusSeconds(3600);
    long familyExpiry = expiry.plusSeconds(7 * 24 * 3600).getEpochSecond();
    store.startFamily(new RefreshToken("h1", "user-s", "fam-s", T, expiry, null));
    Map<String, AttributeValue> family =
        new HashMap<>(
            Map.of(
                "pk",
                s("USER#user-s"),
                "sk",
                s("FAMILY#fam-s"),
                "revoked",
                AttributeValue.fromBool(false),
                "createdAt",
                s(T.toString()),
                "expiresAt",
                n(familyExpiry)));
    Map<String, AttributeValue> token =
        new HashMap<>(
            Map.of(
                "pk",
                s("REFRESH#h1"),
                "sk",
                s("TOKEN"),
                "userId",
                s("user-s"),
                "familyId",
                s("fam-s"),
                "issuedAt",
                s(T.toString()),
                "expiresAt",
                n(expiry.getEpochSecond())));
    assertThat(table.raw("USER#user-s", "FAMILY#fam-s")).isEqualTo(family);
    assertThat(table.raw("REFRESH#h1", "TOKEN")).isEqualTo(token);

    assertThat(
            store.rotate(
                new RefreshToken("h1", "user-s", "fam-s", T, expiry, null),
                new RefreshToken("h2", "user-s", "fam-s", T, expiry.plusSeconds(60), null),
                T))
        .isTrue();
    token.put("usedAt", s(T.toString()));
    family.put("expiresAt", n(familyExpiry + 60));
    assertThat(table.raw("REFRESH#h1", "TOKEN")).isEqualTo(token);
    assertThat(table.raw("USER#user-s", "FAMILY#fam-s")).isEqualTo(family);
    store.revokeAll("user-s");
    family.put("revoked", AttributeValue.fromBool(true));
    assertThat(table.raw("USER#user-s", "FAMILY#fam-s")).isEqualTo(family);

    table.putRaw(
        Map.of(
            "pk",
            s("REFRESH#h-old"),
            "sk",
            s("TOKEN"),
            "userId",
            s("user-o"),
            "familyId",
            s("fam-o"),
            "issuedAt",
            s(T.toString()),
            "expiresAt",
            n(expiry.getEpochSecond()),
            "usedAt",
            s(T.toString()),
            "unknown",
            s("kept")));
    table.putRaw(
        Map.of(
            "pk",
            s("USER#user-o"),
            "sk",
            s("FAMILY#fam-o"),
            "revoked",
            AttributeValue.fromBool(false),
            "createdAt",
            s(T.toString()),
            "expiresAt",
            n(familyExpiry),
            "unknown",
            s("kept")));
    assertThat(store.find("h-old"))
        .contains(new RefreshToken("h-old", "user-o", "fam-o", T, expiry, T));
    assertThat(store.familyRevoked("user-o", "fam-o")).isFalse();
  }

  @Test
  void idempotencyRecords() {
    DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(table.enhanced, settings);
    store.claim("scope-s", "k", "fp", T);
    Map<String, AttributeValue> expected =
        new HashMap<>(
            Map.of(
                "pk",
                s("IDEMPOTENCY#scope-s#k"),
                "sk",
                s("RESPONSE"),
                "fingerprint",
                s("fp"),
                "state",
                s("IN_PROGRESS"),
                "lockedUntil",
                n(T.plusSeconds(60).getEpochSecond()),
                "expiresAt",
                n(T.plusSeconds(24 * 3600).getEpochSecond())));
    assertThat(table.raw("IDEMPOTENCY#scope-s#k", "RESPONSE")).isEqualTo(expected);
    store.complete("scope-s", "k", new StoredResponse(201, "{\"id\":1}"), T.plusSeconds(2));
    expected.putAll(
        Map.of(
            "state",
            s("COMPLETED"),
            "status",
            n(201),
            "body",
            s("{\"id\":1}"),
            "expiresAt",
            n(T.plusSeconds(2 + 24 * 3600).getEpochSecond())));
    assertThat(table.raw("IDEMPOTENCY#scope-s#k", "RESPONSE")).isEqualTo(expected);

    table.putRaw(
        Map.of(
            "pk",
            s("IDEMPOTENCY#scope-o#k"),
            "sk",
            s("RESPONSE"),
            "fingerprint",
            s("fp"),
            "state",
            s("COMPLETED"),
            "lockedUntil",
            n(T.getEpochSecond()),
            "expiresAt",
            n(T.plusSeconds(3600).getEpochSecond()),
            "status",
            n(200),
            "body",
            s("old"),
            "unknown",
            s("kept")));
    assertThat(store.claim("scope-o", "k", "fp", T))
        .isEqualTo(new Replay(new StoredResponse(200, "old")));
  }

  private static Map<String, AttributeValue> without(
      Map<String, AttributeValue> item, String name) {
    Map<String, AttributeValue> copy = new HashMap<>(item);
    copy.remove(name);
    return copy;
  }
}
