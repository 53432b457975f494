package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.wallet.WatchAddress;
import io.stablepay.core.port.out.WatchAddressStore.Link;
import io.stablepay.core.port.out.WatchAddressStore.Outcome;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A watch-only address ({@code USER#<id> / WATCH#<network>#<address>}), its claim ({@code
 * WATCHED#<network>#<address> / WATCHED}) and the user's counter ({@code USER#<id> / COUNT#WATCH})
 * attribute by attribute as the raw-map code wrote them: what the store writes is exactly that
 * shape, and items of that shape (with an attribute the store does not know) read back as they did.
 * The table is live, so neither may change.
 */
class DynamoDbWatchAddressShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;
  private static final String EVM = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01";

  private static LocalTable table;
  private static DynamoDbWatchAddressStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbWatchAddressStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void watchAddressesClaimsAndCounters() {
    WatchAddress linked = new WatchAddress("u-s", NetworkId.ETHEREUM, EVM, T);
    assertThat(store.link(linked, 20)).isEqualTo(new Link(Outcome.LINKED, linked));
    assertThat(table.raw("USER#u-s", "WATCH#ETHEREUM#" + EVM))
        .isEqualTo(
            Map.of(
                "pk",
                s("USER#u-s"),
                "sk",
                s("WATCH#ETHEREUM#" + EVM),
                "network",
                s("ETHEREUM"),
                "address",
                s(EVM),
                "createdAt",
                s(T.toString())));
    assertThat(table.raw("WATCHED#ETHEREUM#" + EVM.toLowerCase(), "WATCHED"))
        .isEqualTo(
            Map.of(
                "pk",
                s("WATCHED#ETHEREUM#" + EVM.toLowerCase()),
                "sk",
                s("WATCHED"),
                "userId",
                s("u-s")));
    assertThat(table.raw("USER#u-s", "COUNT#WATCH"))
        .isEqualTo(
            Map.of(
                "pk", s("USER#u-s"), "sk", s("COUNT#WATCH"), "count", AttributeValue.fromN("1")));

    table.putRaw(
        Map.of(
            "pk",
            s("USER#u-o"),
            "sk",
            s("WATCH#TRON#TOldTron"),
            "network",
            s("TRON"),
            "address",
            s("TOldTron"),
            "createdAt",
            s(T.toString()),
            "unknown",
            s("kept")));
    WatchAddress old = new WatchAddress("u-o", NetworkId.TRON, "TOldTron", T);
    assertThat(store.findByUser("u-o")).containsExactly(old);
    assertThat(
            store.link(new WatchAddress("u-o", NetworkId.TRON, "TOldTron", T.plusSeconds(9)), 20))
        .isEqualTo(new Link(Outcome.ALREADY_LINKED, old));
  }
}
