package io.stablepay.infra;

import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.joined;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.roleOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.assertions.Match;

/**
 * The gauges function reads the platform's levels every five minutes in a role of its own, and each
 * minimum balance of the stage is an alarm on what it prints, notifying the alarm topic, and a line
 * on the dashboard under the balances it is about.
 */
class GaugesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @RegisterExtension static final ProdStack NO_TREASURY = ProdStack.withoutTreasury();

  @Test
  void theGaugesRunEveryFiveMinutesWithoutRetriesInARoleOfTheirOwn() {
    JsonNode function = functionProperties(PROD.template(), "GaugesFunction");
    assertThat(function.path("Handler").asText()).isEqualTo(Handler.GAUGES.className());
    assertThat(function.path("Timeout").asInt()).isEqualTo(55);
    assertThat(roleOf(function)).startsWith("GaugesFunctionRole");
    PROD.template()
        .hasResourceProperties(
            "AWS::Scheduler::Schedule",
            Map.of(
                "ScheduleExpression",
                "rate(5 minutes)",
                "Target",
                Match.objectLike(
                    Map.of(
                        "Arn",
                        Map.of("Ref", Match.stringLikeRegexp("GaugesFunctionLive.*")),
                        "RetryPolicy",
                        Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 300)))));
  }

  @Test
  void eachMinimumBalanceIsAnAlarmOnWhatTheGaugesPrintNotifyingBothWays() {
    JsonNode gasTank =
        properties(PROD.template(), "AWS::CloudWatch::Alarm", "GaugesGasTankLowETHEREUM");
    assertThat(gasTank.path("MetricName").asText()).isEqualTo("NativeBalance");
    assertThat(gasTank.path("Namespace").asText()).isEqualTo("StablePay");
    assertThat(gasTank.path("Statistic").asText()).isEqualTo("Minimum");
    assertThat(gasTank.path("Period").asInt()).isEqualTo(300);
    assertThat(gasTank.path("Threshold").asDouble()).isEqualTo(0.5);
    assertThat(gasTank.path("ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
    assertThat(gasTank.path("TreatMissingData").asText()).isEqualTo("notBreaching");
    assertThat(dimensions(gasTank)).isEqualTo(Map.of("network", "ETHEREUM", "wallet", "GAS_TANK"));
    assertThat(gasTank.path("AlarmActions")).hasSize(1);
    assertThat(gasTank.path("OKActions")).hasSize(1);

    JsonNode usdt =
        properties(PROD.template(), "AWS::CloudWatch::Alarm", "GaugesTreasuryLowETHEREUMUSDT");
    assertThat(usdt.path("MetricName").asText()).isEqualTo("TreasuryBalance");
    assertThat(usdt.path("Threshold").asDouble()).isEqualTo(1000);
    assertThat(dimensions(usdt)).isEqualTo(Map.of("network", "ETHEREUM", "asset", "USDT"));
    assertThat(usdt.path("AlarmActions")).hasSize(1);

    // POLYGON has no minimums in this stage, and a stack without treasuries has no balances
    assertThat(PROD.template().findResources("AWS::CloudWatch::Alarm").keySet())
        .filteredOn(id -> id.contains("Low"))
        .hasSize(2);
    assertThat(NO_TREASURY.template().findResources("AWS::CloudWatch::Alarm").keySet())
        .noneMatch(id -> id.contains("Low"));
    assertThat(logicalId(NO_TREASURY.template(), "AWS::Lambda::Function", "GaugesFunction"))
        .isNotNull();
  }

  @Test
  void theDashboardDrawsEachMinimumUnderTheBalancesItIsAbout() {
    JsonNode dashboard = properties(PROD.template(), "AWS::CloudWatch::Dashboard", "Dashboard");
    String body = joined(dashboard.path("DashboardBody"), "<Ref:");

    assertThat(body)
        .contains(
            "{StablePay,asset,network} MetricName=\\\"TreasuryBalance\\\" network=\\\"ETHEREUM\\\"")
        .contains(
            "{StablePay,asset,network} MetricName=\\\"TreasuryBalance\\\" network=\\\"POLYGON\\\"")
        .contains(
            "{StablePay,network,wallet} MetricName=\\\"NativeBalance\\\" network=\\\"ETHEREUM\\\"")
        .contains("{\"value\":1000,\"label\":\"USDT minimum\"")
        .contains("{\"value\":0.5,\"label\":\"gas tank minimum\"")
        .contains("{StablePay,asset,type} MetricName=\\\"AmountMoved\\\"")
        .contains("{StablePay,network} MetricName=\\\"TreasuryMismatches\\\"")
        .contains("[\"StablePay\",\"KycReviewsWaiting\"");
    String ledgerOnly =
        joined(
            properties(NO_TREASURY.template(), "AWS::CloudWatch::Dashboard", "Dashboard")
                .path("DashboardBody"),
            "<Ref:");
    assertThat(ledgerOnly)
        .doesNotContain("TreasuryBalance")
        .contains("AmountMoved")
        .contains("KycReviewsWaiting");
  }

  private static Map<String, String> dimensions(JsonNode alarm) {
    Map<String, String> dimensions = new java.util.TreeMap<>();
    alarm
        .path("Dimensions")
        .forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
    return dimensions;
  }
}
