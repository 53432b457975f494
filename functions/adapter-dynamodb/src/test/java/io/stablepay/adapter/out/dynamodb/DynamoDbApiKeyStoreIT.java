package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.identity.ApiKey;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DynamoDbApiKeyStoreIT {

  private static final Instant NOW = Instant.parse("2026-11-23T22:00:00Z");

  private static LocalTable table;
  private static DynamoDbApiKeyStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbApiKeyStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void findsListsTouchesAtMostOnceAMinuteAndRevokesOnlyForTheOwner() {
    store.save(new ApiKey("0123456789abcdef", "owner-1", "ci", NOW, null, null), "mac-1");
    store.save(new ApiKey("fedcba9876543210", "owner-2", "other", NOW, null, null), "mac-2");

    assertThat(store.find("0123456789abcdef").orElseThrow().mac()).isEqualTo("mac-1");
    assertThat(store.listByOwner("owner-1"))
        .extracting(ApiKey::id)
        .containsExactly("0123456789abcdef");

    store.touch("0123456789abcdef", NOW);
    store.touch("0123456789abcdef", NOW.plusSeconds(30));
    assertThat(store.find("0123456789abcdef").orElseThrow().key().lastUsedAt()).isEqualTo(NOW);
    store.touch("0123456789abcdef", NOW.plusSeconds(61));
    assertThat(store.find("0123456789abcdef").orElseThrow().key().lastUsedAt())
        .isEqualTo(NOW.plusSeconds(61));

    assertThat(store.revoke("0123456789abcdef", "owner-2", NOW)).isFalse();
    assertThat(store.find("0123456789abcdef").orElseThrow().key().revoked()).isFalse();
    assertThat(store.revoke("0123456789abcdef", "owner-1", NOW)).isTrue();
    assertThat(store.find("0123456789abcdef").orElseThrow().key().revoked()).isTrue();
    assertThat(store.revoke("0000000000000000", "owner-1", NOW)).isFalse();
  }
}
