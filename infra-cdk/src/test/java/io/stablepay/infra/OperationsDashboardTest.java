package io.stablepay.infra;

import static io.stablepay.infra.Templates.joined;
import static io.stablepay.infra.Templates.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.assertions.Template;

/**
 * The stage's dashboard shows what operators watch: transactions by network, type and status; API
 * latency p50/p99 by route and 4xx/5xx rates; watcher lag by network; webhook backlog, age and dead
 * letters; and, with treasury networks, withdrawals open, stuck and failed. Every metric of the
 * functions' own namespace it graphs is one a function prints (its name is in a function's source),
 * so no graph stays empty for want of an emitter.
 */
class OperationsDashboardTest {

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @RegisterExtension static final ProdStack NO_TREASURY = ProdStack.withoutTreasury();

  private static final Pattern OWN_SEARCH =
      Pattern.compile("\\{StablePay,([a-z,]+)\\} MetricName=\\\\\"(\\w+)\\\\\"");

  private static final Pattern OWN_METRIC = Pattern.compile("\\[\"StablePay\",\"(\\w+)\"");

  @Test
  void showsTransactionsTheApiTheWatcherWebhooksAndWithdrawals() {
    String body = body(PROD.template());

    assertThat(body)
        .contains("{StablePay,network,status,type} MetricName=\\\"Transactions\\\"")
        .contains("{StablePay,network} MetricName=\\\"WatcherLagBlocks\\\"")
        .contains("{StablePay,network} MetricName=\\\"WithdrawalsOpen\\\"")
        .contains("{StablePay,network} MetricName=\\\"OldestOpenWithdrawalSeconds\\\"")
        .contains("[\"StablePay\",\"WithdrawalsFailed\"")
        // latency by route: the detailed route metrics of this API, both percentiles
        .contains("{AWS/ApiGateway,ApiId,Method,Resource,Stage} MetricName=\\\"Latency\\\"")
        .contains("'p50', 300)")
        .contains("'p99', 300)")
        .contains("\"4xx\"")
        .contains("\"5xx\"")
        .contains("\"Count\"")
        .contains("100 * clientErrors / requests")
        .contains("100 * serverErrors / requests")
        .contains("ApproximateNumberOfMessagesVisible")
        .contains("ApproximateAgeOfOldestMessage");
    // the stuck and lag thresholds the alarms use
    assertThat(body).contains("\"value\":1800").contains("\"value\":200");
  }

  @Test
  void withoutTreasuryNetworksThereAreNoWithdrawalsToShow() {
    String body = body(NO_TREASURY.template());

    assertThat(body).contains("Transactions").doesNotContain("Withdrawals");
  }

  @Test
  void everyMetricOfItsOwnNamespaceIsOneAFunctionPrints() throws IOException {
    String body = body(PROD.template());
    Set<String> shown = new TreeSet<>();
    Matcher search = OWN_SEARCH.matcher(body);
    while (search.find()) {
      shown.add(search.group(2));
    }
    Matcher metric = OWN_METRIC.matcher(body);
    while (metric.find()) {
      shown.add(metric.group(1));
    }
    assertThat(shown)
        .contains("Transactions", "WatcherLagBlocks", "WithdrawalsOpen", "WithdrawalsFailed");

    String sources = functionSources();
    assertThat(shown).allSatisfy(name -> assertThat(sources).as(name).contains("\"" + name + "\""));
  }

  private static String body(Template template) {
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    JsonNode dashboard = properties(template, "AWS::CloudWatch::Dashboard", "Dashboard");
    assertThat(dashboard.path("DashboardName").asText()).startsWith("stablepay-");
    return joined(dashboard.path("DashboardBody"), "<Ref:");
  }

  /** The main sources of every function module and the one metric-line helper. */
  private static String functionSources() throws IOException {
    Path functions = Path.of(System.getProperty("stablepay.root", "..")).resolve("functions");
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(functions)) {
      List<Path> sources =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> f.toString().contains("/src/main/"))
              .toList();
      assertThat(sources).isNotEmpty();
      for (Path source : sources) {
        all.append(Files.readString(source));
      }
    }
    return all.toString();
  }
}
