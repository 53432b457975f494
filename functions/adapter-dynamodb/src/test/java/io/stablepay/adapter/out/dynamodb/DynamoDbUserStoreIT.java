package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The user store against DynamoDB Local, with the table shaped as the stack defines it. */
class DynamoDbUserStoreIT {

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

  private static User user(String id, String email) {
    return new User(
        id,
        new Email(email),
        "Ada",
        "Lovelace",
        Role.USER,
        KycStatus.NOT_STARTED,
        true,
        Instant.parse("2026-11-23T22:00:00Z"));
  }

  @Test
  void storesAUserAndFindsItByIdAndByEmailWithItsHash() {
    User ada = user("u-ada", "ada@example.com");
    store.create(ada, "$argon2id$hash");

    assertThat(store.findById("u-ada")).contains(ada);
    StoredCredentials credentials =
        store.findCredentials(new Email("ADA@example.com")).orElseThrow();
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

  @Test
  void listsUsersOldestFirstPageByPageWithAnOpaqueCursor() {
    LocalTable own = new LocalTable();
    try (own) {
      DynamoDbUserStore fresh = new DynamoDbUserStore(own.enhanced, new TableSettings());
      for (int i = 0; i < 5; i++) {
        fresh.create(
            new User(
                "u-" + i,
                new Email("user" + i + "@example.com"),
                "U",
                "" + i,
                Role.USER,
                KycStatus.NOT_STARTED,
                true,
                Instant.parse("2026-11-23T22:00:00Z").plusSeconds(i)),
            "$argon2id$h");
      }

      Page<User> first = fresh.list(new PageRequest(2, null));
      Page<User> second = fresh.list(new PageRequest(2, first.nextCursor()));
      Page<User> last = fresh.list(new PageRequest(2, second.nextCursor()));

      assertThat(first.data()).extracting(User::id).containsExactly("u-0", "u-1");
      assertThat(second.data()).extracting(User::id).containsExactly("u-2", "u-3");
      assertThat(last.data()).extracting(User::id).containsExactly("u-4");
      assertThat(first.nextCursor()).doesNotContain("USER#").doesNotContain("u-1");
      assertThatThrownBy(() -> fresh.list(new PageRequest(2, "not-a-cursor")))
          .isInstanceOf(io.stablepay.core.domain.InvalidRequestException.class);
    }
  }
}
