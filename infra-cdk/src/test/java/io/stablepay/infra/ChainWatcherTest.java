package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertInvokedEveryMinuteWithoutRetries;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The chain watcher in the whole stack and alone: its own function ({@link Handler#CHAIN_WATCHER},
 * no longer the wallet API's second one) runs with the platform's settings, one run at a time
 * within the minute, invoked every minute by EventBridge Scheduler without retries; its role reads
 * and writes the table and uses no key; its alarms (errors, silence, lag and alert lines).
 */
class ChainWatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @TempDir static Path workDir;

  @Test
  void itRunsTheChainWatcherHandlerOneAtATimeWithinTheMinuteWithThePlatformSettings() {
    Template template = PROD.template();
    JsonNode watcher = functionProperties(template, "ChainWatcherFunction");

    assertThat(watcher.path("Handler").asText())
        .isEqualTo(Handler.CHAIN_WATCHER.className())
        .isEqualTo("io.stablepay.function.watcher.ChainWatcherHandler");
    assertThat(watcher.path("Timeout").asInt()).isEqualTo(55);
    // no reserved concurrency unless the stage asks (StageSettingsTest): runs may overlap safely
    assertThat(watcher.has("ReservedConcurrentExecutions")).isFalse();
    // the table, the keys' ids, the network profile and every network's node, as the wallet
    // function has them
    assertThat(variables(watcher))
        .isEqualTo(variables(functionProperties(template, "WalletApiWalletFunction")))
        .containsKeys(
            "STABLEPAY_TABLE",
            "STABLEPAY_NETWORK_PROFILE",
            "STABLEPAY_CHAINS_ETHEREUM_ENABLED",
            "STABLEPAY_CHAINS_POLYGON_ENABLED");
    // and the wallet API has no watcher of its own any more
    assertThat(template.findResources("AWS::Lambda::Function").keySet())
        .noneMatch(id -> id.startsWith("WalletApiWatcher"));
  }

  @Test
  void itRunsEveryMinuteWithoutRetries() {
    Template template = PROD.template();

    // the scheduler's role for it may invoke the watcher's live alias and nothing else
    assertInvokedEveryMinuteWithoutRetries(template, "ChainWatcherLive");
    assertThat(logicalId(template, "AWS::Scheduler::Schedule", "ChainWatcherWatcherSchedule"))
        .isNotNull();
  }

  @Test
  void itReadsAndWritesTheTableInARoleOfItsOwnAndUsesNoKey() {
    Template template = PROD.template();
    String role = roleOf(functionProperties(template, "ChainWatcherFunction"));
    List<JsonNode> statements = statementsOf(template, role);

    assertThat(role).startsWith("ChainWatcherRole");
    assertThat(
            template.findResources("AWS::Lambda::Function").values().stream()
                .map(f -> roleOf(JSON.valueToTree(f).path("Properties")))
                .filter(role::equals))
        .hasSize(1);
    // the table (its indexes and stream too), its own logs and the nodes secret, nothing else
    assertThat(statements).filteredOn(Templates::readsNodesSecret).hasSize(1);
    assertThat(statements)
        .filteredOn(st -> !Templates.readsNodesSecret(st))
        .flatExtracting(Templates::actions)
        .contains("dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "logs:PutLogEvents")
        .allMatch(action -> action.startsWith("dynamodb:") || action.startsWith("logs:"));
    assertThat(statements)
        .filteredOn(st -> actions(st).getFirst().startsWith("dynamodb:"))
        .allSatisfy(st -> assertThat(st.path("Resource").toString()).contains("DataTable"));
    assertThat(statements.toString()).doesNotContain("kms:").doesNotContain("\"*\"");
    // and no key policy names it either: it neither signs nor verifies callers
    assertThat(keyGrants(template, role)).isEmpty();
  }

  @Test
  void alarmsWatchItsErrorsItsSilenceItsLagAndItsAlertLines() {
    Template template = PROD.template();

    assertFunctionAlarms(template, "ChainWatcherFunction");
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/Lambda",
            "MetricName",
            "Invocations",
            "ComparisonOperator",
            "LessThanThreshold",
            "TreatMissingData",
            "breaching",
            "Dimensions",
            List.of(
                Map.of(
                    "Name",
                    "FunctionName",
                    "Value",
                    Map.of("Ref", Match.stringLikeRegexp("ChainWatcherFunction.*"))))));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of("Namespace", "StablePay", "MetricName", "WatcherLagBlocks", "Statistic", "Maximum"));
    template.hasResourceProperties(
        "AWS::Logs::MetricFilter",
        Map.of(
            "LogGroupName",
            Map.of("Ref", Match.stringLikeRegexp("ChainWatcherLogs.*")),
            "FilterPattern",
            "{ $.formattedMessage = \"ALERT *\" }"));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(PROD.stack());
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "ChainWatcherAlone");
    ChainWatcher watcher =
        new ChainWatcher(
            bare,
            "ChainWatcher",
            new ChainWatcher.Props(
                TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build()));
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    assertThat(watcher.function()).isNotNull();
    assertThat(watcher.schedule()).isNotNull();
    alone.resourceCountIs("AWS::Lambda::Function", 1);
    alone.resourceCountIs("AWS::Scheduler::Schedule", 1);
    alone.resourceCountIs("AWS::IAM::Role", 2); // the watcher's and the scheduler's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", 0);
    alone.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            Handler.CHAIN_WATCHER.className(),
            "Timeout",
            55,
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(
                    Map.of(ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/chain-watcher")))));
    assertInvokedEveryMinuteWithoutRetries(alone, "ChainWatcherLive");
    // elsewhere, no forwarding
    assertThat(
            functionProperties(PROD.template(), "ChainWatcherFunction")
                .at("/Environment/Variables")
                .has(ApiFunction.LAMBDA_PROXY_ENV))
        .isFalse();
  }
}
