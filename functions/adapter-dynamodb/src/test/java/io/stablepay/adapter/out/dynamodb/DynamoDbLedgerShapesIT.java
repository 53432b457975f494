package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.n;
import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore.Entry;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger's items as a posting writes them, attribute by attribute (the transfer, an entry and
 * the balance per leg, a limit's counter), and items of that shape (with an attribute the store
 * does not know) reading back: the table is live, so neither may change.
 */
class DynamoDbLedgerShapesIT {

  private static final Instant T = Instant.parse("2026-11-23T22:00:00Z");
  private static final String TABLE = DynamoDbSchema.TABLE_NAME;

  private static LocalTable table;
  private static DynamoDbLedgerStore ledger;

  @BeforeAll
  static void start() {
    table = new LocalTable();
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, new TableSettings());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @Test
  void aPostingIsStoredAttributeByAttribute() {
    AccountId fees = AccountId.fees(Asset.USDT);
    AccountId user = AccountId.user("u-s", Asset.USDT);
    Transfer transfer = Transfer.between("tr-s", "DEPOSIT", fees, user, BigInteger.valueOf(100), T);
    Allowance daily =
        new Allowance(
            "daily-s",
            BigInteger.valueOf(100),
            BigInteger.valueOf(1000),
            T.plusSeconds(86_400),
            "the daily limit");
    assertThat(ledger.post(transfer, List.of(), List.of(daily)).replayed()).isFalse();

    assertThat(table.raw("TRANSFER#tr-s", "TRANSFER"))
        .isEqualTo(
            Map.of(
                "pk",
                s("TRANSFER#tr-s"),
                "sk",
                s("TRANSFER"),
                "type",
                s("DEPOSIT"),
                "fingerprint",
                s("DEPOSIT|platform/fees:USDT=-100,user/u-s:USDT=100"),
                "postedAt",
                s(T.toString())));
    assertThat(table.raw("ACCOUNT#user/u-s#USDT", "ENTRY#tr-s"))
        .isEqualTo(
            Map.of(
                "pk",
                s("ACCOUNT#user/u-s#USDT"),
                "sk",
                s("ENTRY#tr-s"),
                "transferId",
                s("tr-s"),
                "amount",
                n(100),
                "postedAt",
                s(T.toString())));
    assertThat(table.raw("ACCOUNT#platform/fees#USDT", "ENTRY#tr-s"))
        .isEqualTo(
            Map.of(
                "pk",
                s("ACCOUNT#platform/fees#USDT"),
                "sk",
                s("ENTRY#tr-s"),
                "transferId",
                s("tr-s"),
                "amount",
                n(-100),
                "postedAt",
                s(T.toString())));
    assertThat(table.raw("ACCOUNT#user/u-s#USDT", "BALANCE"))
        .isEqualTo(Map.of("pk", s("ACCOUNT#user/u-s#USDT"), "sk", s("BALANCE"), "balance", n(100)));
    assertThat(table.raw("ACCOUNT#platform/fees#USDT", "BALANCE"))
        .isEqualTo(
            Map.of("pk", s("ACCOUNT#platform/fees#USDT"), "sk", s("BALANCE"), "balance", n(-100)));
    assertThat(table.raw("LIMIT#daily-s", "LIMIT"))
        .isEqualTo(
            Map.of(
                "pk",
                s("LIMIT#daily-s"),
                "sk",
                s("LIMIT"),
                "used",
                n(100),
                "expiresAt",
                n(T.plusSeconds(86_400).getEpochSecond())));

    assertThat(ledger.post(transfer).replayed()).isTrue();
    assertThat(ledger.balance(user)).isEqualTo(BigInteger.valueOf(100));
    assertThat(ledger.entries(user)).containsExactly(new Entry("tr-s", BigInteger.valueOf(100)));
  }

  @Test
  void storedItemsOfThatShapeReadBack() {
    AccountId user = AccountId.user("u-o", Asset.USDC);
    AccountId fees = AccountId.fees(Asset.USDC);
    table.putRaw(
        Map.of(
            "pk",
            s("TRANSFER#tr-o"),
            "sk",
            s("TRANSFER"),
            "type",
            s("DEPOSIT"),
            "fingerprint",
            s("DEPOSIT|platform/fees:USDC=-7,user/u-o:USDC=7"),
            "postedAt",
            s(T.toString()),
            "unknown",
            s("kept")));
    for (String sk : List.of("ENTRY#tr-o", "ENTRY#tr-p")) {
      table.putRaw(
          Map.of(
              "pk",
              s("ACCOUNT#user/u-o#USDC"),
              "sk",
              s(sk),
              "transferId",
              s(sk.substring("ENTRY#".length())),
              "amount",
              n(sk.endsWith("o") ? 7 : -2),
              "postedAt",
              s((sk.endsWith("o") ? T.plusSeconds(1) : T).toString()),
              "unknown",
              s("kept")));
    }
    table.putRaw(
        Map.of(
            "pk",
            s("ACCOUNT#user/u-o#USDC"),
            "sk",
            s("BALANCE"),
            "balance",
            n(5),
            "unknown",
            s("kept")));

    assertThat(ledger.posted("tr-o")).isTrue();
    assertThat(ledger.posted("tr-none")).isFalse();
    assertThat(ledger.balance(user)).isEqualTo(BigInteger.valueOf(5));
    assertThat(ledger.balance(AccountId.user("u-none", Asset.USDC))).isEqualTo(BigInteger.ZERO);
    assertThat(ledger.entries(user))
        .containsExactly(
            new Entry("tr-p", BigInteger.valueOf(-2)), new Entry("tr-o", BigInteger.valueOf(7)));
    Transfer same = Transfer.between("tr-o", "DEPOSIT", fees, user, BigInteger.valueOf(7), T);
    assertThat(ledger.post(same).replayed()).isTrue();
    assertThatThrownBy(
            () ->
                ledger.post(
                    Transfer.between("tr-o", "DEPOSIT", fees, user, BigInteger.valueOf(8), T)))
        .isInstanceOf(IdempotencyMismatchException.class);
    assertThat(ledger.balance(user)).isEqualTo(BigInteger.valueOf(5));
  }
}
