package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.schema.DynamoDbSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wallet ({@code USER#<id> / WALLET}) and its address claims ({@code ADDRESS#EVM#<lower-case> /
 * ADDRESS}, {@code ADDRESS#TRON#<address> / ADDRESS}) attribute by attribute as the raw-map code
 * wrote them: what the store writes is exactly that shape, and items of that shape (with an
 * attribute the store does not know) read back as they did. The table is live, so neither may
 * change.
 */
class DynamoDbWalletShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;
  private static final String EVM = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01";

  private static LocalTable table;
  private static DynamoDbWalletStore store;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    store = new DynamoDbWalletStore(table.enhanced, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void walletsAndAddressClaims() {
    assertThat(store.create(new Wallet("w-s", "u-s", "key-s", EVM, "TShapeTron", T))).isTrue();
    assertThat(table.raw("USER#u-s", "WALLET"))
        .isEqualTo(
            Map.of(
                "pk",
                s("USER#u-s"),
                "sk",
                s("WALLET"),
                "id",
                s("w-s"),
                "keyId",
                s("key-s"),
                "evmAddress",
                s(EVM),
                "tronAddress",
                s("TShapeTron"),
                "createdAt",
                s(T.toString())));
    assertThat(table.raw("ADDRESS#EVM#" + EVM.toLowerCase(), "ADDRESS"))
        .isEqualTo(
            Map.of(
                "pk",
                s("ADDRESS#EVM#" + EVM.toLowerCase()),
                "sk",
                s("ADDRESS"),
                "userId",
                s("u-s"),
                "walletId",
                s("w-s")));
    assertThat(table.raw("ADDRESS#TRON#TShapeTron", "ADDRESS"))
        .isEqualTo(
            Map.of(
                "pk",
                s("ADDRESS#TRON#TShapeTron"),
                "sk",
                s("ADDRESS"),
                "userId",
                s("u-s"),
                "walletId",
                s("w-s")));

    table.putRaw(
        Map.of(
            "pk",
            s("USER#u-o"),
            "sk",
            s("WALLET"),
            "id",
            s("w-o"),
            "keyId",
            s("key-o"),
            "evmAddress",
            s("0xold"),
            "tronAddress",
            s("TOldTron"),
            "createdAt",
            s(T.toString()),
            "unknown",
            s("kept")));
    table.putRaw(
        Map.of(
            "pk",
            s("ADDRESS#EVM#0xold"),
            "sk",
            s("ADDRESS"),
            "userId",
            s("u-o"),
            "walletId",
            s("w-o"),
            "unknown",
            s("kept")));
    table.putRaw(
        Map.of(
            "pk",
            s("ADDRESS#TRON#TOldTron"),
            "sk",
            s("ADDRESS"),
            "userId",
            s("u-o"),
            "walletId",
            s("w-o"),
            "unknown",
            s("kept")));
    assertThat(store.findByUser("u-o"))
        .contains(new Wallet("w-o", "u-o", "key-o", "0xold", "TOldTron", T));
    assertThat(store.ownerOf("0xOLD")).contains("u-o");
    assertThat(store.ownerOf("TOldTron")).contains("u-o");
    assertThat(store.ownersOf(List.of("0xOld", "TOldTron", EVM, "TNobody")))
        .isEqualTo(Map.of("0xOld", "u-o", "TOldTron", "u-o", EVM, "u-s"));
  }
}
