package io.stablepay.function;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every first posting prints what it moved, per asset, in whole tokens; a replay prints nothing,
 * and reads pass through untouched.
 */
class MovementMetricsTest {

  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aTransferCountsItsCreditsPerAssetSoAFeeIsNotCountedTwice() throws IOException {
    Transfer payment =
        new Transfer(
            "pay-1",
            "PAYMENT",
            List.of(
                Leg.debit(AccountId.user("payer", Asset.USDT), BigInteger.valueOf(100_000_000)),
                Leg.credit(AccountId.user("shop", Asset.USDT), BigInteger.valueOf(97_500_000)),
                Leg.credit(AccountId.fees(Asset.USDT), BigInteger.valueOf(2_500_000)),
                Leg.debit(AccountId.user("payer", Asset.DAI), BigInteger.TEN.pow(17)),
                Leg.credit(AccountId.user("shop", Asset.DAI), BigInteger.TEN.pow(17))),
            NOW);

    List<String> lines = new ArrayList<>();
    for (MetricLine line : MovementMetrics.lines(payment)) {
      lines.add(line.format(JSON, CLOCK));
    }

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("\"asset\":\"USDT\"")
        .contains("\"type\":\"PAYMENT\"")
        .contains("\"AmountMoved\":100.000000");
    assertThat(lines.get(1))
        .contains("\"asset\":\"DAI\"")
        .contains("\"AmountMoved\":0.100000000000000000");
    for (String line : lines) {
      assertThat(JSON.readValue(line, JsonNode.class).get("AmountMoved").isNumber()).isTrue();
    }
  }

  @Test
  void onlyAFirstPostingPrintsAndEverythingElsePassesThrough() {
    Books books = new Books();
    LedgerStore metered = new MovementMetrics(JSON, CLOCK).metered(books);
    Transfer p2p =
        Transfer.between(
            "p2p-1",
            "P2P",
            AccountId.user("ada", Asset.USDC),
            AccountId.user("bob", Asset.USDC),
            BigInteger.valueOf(7_500_000),
            NOW);

    String first = printed(() -> assertThat(metered.post(p2p).replayed()).isFalse());
    String again = printed(() -> assertThat(metered.post(p2p).replayed()).isTrue());

    assertThat(first.lines()).hasSize(1);
    assertThat(first)
        .contains("\"asset\":\"USDC\"")
        .contains("\"type\":\"P2P\"")
        .contains("\"AmountMoved\":7.5");
    assertThat(again).isEmpty();
    assertThat(metered.posted("p2p-1")).isTrue();
    assertThat(metered.balance(AccountId.user("bob", Asset.USDC))).isEqualTo(BigInteger.TEN);
    assertThat(metered.entries(AccountId.user("bob", Asset.USDC))).hasSize(1);
  }

  private static String printed(Runnable action) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Books that remember which ids were posted and answer reads with fixed values. */
  private static final class Books implements LedgerStore {

    private final Set<String> posted = new HashSet<>();

    @Override
    public Posting post(Transfer transfer, List<Movement> movements, List<Allowance> allowances) {
      return new Posting(transfer, !posted.add(transfer.id()));
    }

    @Override
    public boolean posted(String transferId) {
      return posted.contains(transferId);
    }

    @Override
    public BigInteger balance(AccountId account) {
      return BigInteger.TEN;
    }

    @Override
    public List<Entry> entries(AccountId account) {
      return List.of(new Entry("p2p-1", BigInteger.TEN));
    }
  }
}
