package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertInvokedEveryMinuteWithoutRetries;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.routeTargets;
import static io.stablepay.infra.Templates.statementsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The withdrawal signer in the whole stack: its routes (transfers move to it from the wallet
 * function, and stay with the wallet function where there are no treasury keys; payment refunds
 * move to it from the merchant function), the one role its two functions share (with the
 * escrow's two, where there are treasury keys), withdrawals enabled nowhere else, the tracker's
 * schedules (every minute, and hourly settlement) and alarms, and that the wallet function's
 * role cannot tag a treasury key as a wallet key.
 */
class WithdrawalSignerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path workDir;

  private static StablepayStack stack;
  private static Template template;
  private static Template withoutTreasury;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.stack(workDir.resolve("prod"), "prod", null);
    template = Template.fromStack(stack);
    withoutTreasury = Template.fromStack(TestStacks.stack(workDir.resolve("tron"), "tron", null,
        Map.of("TRON", "https://tron.example")));
  }

  @Test
  void transfersFeesAndWithdrawalsGoToTheSigner() {
    Map<String, String> targets = routeTargets(template);

    assertThat(WithdrawalSigner.ROUTES).containsExactlyInAnyOrder("POST /api/wallet/transfer",
        "GET /api/wallet/fees", "GET /api/wallet/withdrawals/{id}", "GET /api/admin/sweeps",
        "POST /api/merchant/settle", "POST /api/payments/{id}/refund");
    assertRoutesGoOnlyTo(template, WithdrawalSigner.ROUTES, "WithdrawalsSignerLive",
        "WithdrawalsSigner", List.of());
    assertThat(targets.get(WalletApi.TRANSFER_ROUTE)).doesNotStartWith("WalletApi");
    // an on-chain refund is a withdrawal signed with the treasury key
    assertThat(targets.get("POST /api/payments/{id}/refund")).startsWith("WithdrawalsSignerLive");
  }

  @Test
  void withoutTreasuryKeysTheWalletFunctionStillServesTransfersAndNothingSigns() throws Exception {
    Map<String, String> targets = routeTargets(withoutTreasury);

    assertThat(targets.get(WalletApi.TRANSFER_ROUTE)).startsWith("WalletApiWalletLive");
    assertThat(targets).doesNotContainKeys("GET /api/wallet/fees",
        "GET /api/wallet/withdrawals/{id}");
    // blockchain, auth, wallet, watcher, merchant, webhook relay and dispatcher, KYC and its
    // workflow's tasks, subscriptions and their workflow's tasks, escrow and its workflow's
    // tasks
    assertThat(withoutTreasury.findResources("AWS::Lambda::Function")).hasSize(13);
    // the watcher's and the webhook relay's
    assertThat(withoutTreasury.findResources("AWS::Scheduler::Schedule")).hasSize(2);
    String text = JSON.writeValueAsString(withoutTreasury.toJSON());
    assertThat(text).doesNotContain(WithdrawalSigner.ENABLED_ENV)
        .doesNotContain("WithdrawalsFailed").doesNotContain("OldestOpenWithdrawalSeconds")
        .doesNotContain(WithdrawalSigner.TRACKER_HANDLER);
  }

  @Test
  void theSignerAndTheTrackerShareOneRoleThatOnlyTheyAndTheEscrowsFunctionsUse() {
    String role = signerRole();
    Map<String, JsonNode> inRole = new TreeMap<>();
    template.findResources("AWS::Lambda::Function").forEach((id, function) -> {
      JsonNode json = JSON.valueToTree(function).path("Properties");
      if (json.at("/Role/Fn::GetAtt/0").asText().equals(role)) {
        inRole.put(id, json);
      }
    });

    // the signer and the tracker, and the escrow's API and task functions, which sign too
    assertThat(inRole).hasSize(4);
    assertThat(inRole.keySet()).filteredOn(id -> id.startsWith("Escrow")).hasSize(2);
    assertThat(inRole.values()).extracting(function -> function.get("Handler").asText())
        .containsExactlyInAnyOrder(ApiFunction.HANDLER, WithdrawalSigner.TRACKER_HANDLER,
            ApiFunction.HANDLER, Escrow.TASK_HANDLER);
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", WithdrawalSigner.TRACKER_HANDLER,
        "Timeout", 55,
        "ReservedConcurrentExecutions", 1,
        "Role", Map.of("Fn::GetAtt", List.of(role, "Arn"))));
    // a bare role (no inline or managed policy); each function adds its own log group to it
    JsonNode roleJson = JSON.valueToTree(template.findResources("AWS::IAM::Role").get(role));
    assertThat(roleJson.at("/Properties").has("Policies")).isFalse();
    assertThat(roleJson.at("/Properties").has("ManagedPolicyArns")).isFalse();
    assertThat(roleJson.at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
        .asText()).isEqualTo("lambda.amazonaws.com");
    List<JsonNode> statements = signerStatements();
    assertThat(statements).filteredOn(st -> st.get("Action").toString().contains("logs:"))
        .extracting(st -> st.at("/Resource/Fn::GetAtt/0").asText())
        .hasSize(4).anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsSignerLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsTrackerLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowTasksLogs"));
    // the table, the treasury keys and logs: no key creation, tagging or deletion
    String all = statements.toString();
    assertThat(all).contains("dynamodb:PutItem").contains("kms:Sign")
        .doesNotContain("kms:CreateKey").doesNotContain("kms:TagResource")
        .doesNotContain("kms:ScheduleKeyDeletion").doesNotContain("kms:CreateAlias")
        .doesNotContain("\"*\"");
  }

  @Test
  void withdrawalsAreEnabledOnlyInTheSignersFunctionsWithTheWalletFunctionsSettings() {
    String role = signerRole();
    JsonNode wallet = null;
    Map<String, JsonNode> signers = new TreeMap<>();
    for (var entry : template.findResources("AWS::Lambda::Function").entrySet()) {
      JsonNode properties = JSON.valueToTree(entry.getValue()).path("Properties");
      JsonNode variables = properties.at("/Environment/Variables");
      if (properties.at("/Role/Fn::GetAtt/0").asText().equals(role)) {
        signers.put(entry.getKey(), variables);
      } else {
        assertThat(variables.has(WithdrawalSigner.ENABLED_ENV)).as(entry.getKey()).isFalse();
        assertThat(variables.toString()).doesNotContain(WithdrawalSigner.NATIVE_USD_PRICE_ENV);
        if (entry.getKey().startsWith("WalletApiWalletFunction")) {
          wallet = variables;
        }
      }
    }

    assertThat(wallet).isNotNull();
    // the signer and the tracker, and the escrow's functions, which also name their workflow
    assertThat(signers).hasSize(4);
    for (JsonNode variables : signers.values()) {
      assertThat(variables.get(WithdrawalSigner.ENABLED_ENV).asText()).isEqualTo("true");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "ETHEREUM").asText())
          .isEqualTo("3000");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "POLYGON").asText())
          .isEqualTo("0.50");
      // the table, the keys' ids, the network profile and the RPC URLs, as the wallet has them
      SortedMap<String, JsonNode> same = new TreeMap<>();
      variables.properties().forEach(v -> {
        if (!v.getKey().startsWith("STABLEPAY_WITHDRAWALS_")
            && !v.getKey().equals(Escrow.ESCROW_ARN_ENV)) {
          same.put(v.getKey(), v.getValue());
        }
      });
      SortedMap<String, JsonNode> walletVariables = new TreeMap<>();
      wallet.properties().forEach(v -> walletVariables.put(v.getKey(), v.getValue()));
      assertThat(same).isEqualTo(walletVariables).containsKeys("STABLEPAY_TABLE",
          "STABLEPAY_JWT_KEY_ID", "STABLEPAY_API_KEY_MAC_KEY_ID", "STABLEPAY_NETWORK_PROFILE",
          "STABLEPAY_CHAINS_ETHEREUM_RPC_URL");
    }
  }

  @Test
  void theTrackerRunsEveryMinuteWithoutRetries() {
    // the watcher's, the webhook relay's and the tracker's two (withdrawals and settlement)
    template.resourceCountIs("AWS::Scheduler::Schedule", 4);
    // the scheduler's role for it may invoke the tracker's live alias and nothing else
    assertInvokedEveryMinuteWithoutRetries(template, "WithdrawalsTrackerLive");
  }

  @Test
  void theTrackerSettlesMerchantsHourlyWithRetries() throws Exception {
    Map<String, Map<String, Object>> schedules = template.findResources(
        "AWS::Scheduler::Schedule", Map.of("Properties", Match.objectLike(Map.of(
            "ScheduleExpression", "rate(1 hour)",
            "State", "ENABLED",
            "Target", Match.objectLike(Map.of(
                "Arn", Map.of("Ref", Match.stringLikeRegexp("WithdrawalsTrackerLive.*")),
                // throttled while the minute's run is busy: retried for half an hour
                "RetryPolicy", Map.of("MaximumRetryAttempts", 5,
                    "MaximumEventAgeInSeconds", 1800)))))));

    assertThat(schedules).hasSize(1);
    assertThat(schedules.keySet().iterator().next()).startsWith("WithdrawalsSettlementSchedule");
    JsonNode target = JSON.valueToTree(schedules.values().iterator().next())
        .at("/Properties/Target");
    assertThat(JSON.readTree(target.path("Input").asText()))
        .isEqualTo(JSON.valueToTree(Map.of("task", "settle")));
    // the same alias the minute's schedule invokes: one tracker, one execution at a time
    JsonNode minute = JSON.valueToTree(template.findResources("AWS::Scheduler::Schedule",
        Map.of("Properties", Match.objectLike(Map.of("ScheduleExpression", "rate(1 minute)",
            "Target", Match.objectLike(Map.of("Arn", Map.of("Ref",
                Match.stringLikeRegexp("WithdrawalsTrackerLive.*"))))))))
        .values().iterator().next()).at("/Properties/Target");
    assertThat(target.get("Arn")).isEqualTo(minute.get("Arn"));
    assertThat(minute.has("Input")).isFalse();
  }

  @Test
  void alarmsWatchBothFunctionsAndTheWithdrawals() {
    assertFunctionAlarms(template, "WithdrawalsSignerFunction", "WithdrawalsTrackerFunction");
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "StablePay", "MetricName", "WithdrawalsFailed", "Statistic", "Sum",
        "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold",
        "TreatMissingData", "notBreaching"));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "StablePay", "MetricName", "OldestOpenWithdrawalSeconds",
        "Statistic", "Maximum", "Threshold", 1800, "EvaluationPeriods", 3,
        "ComparisonOperator", "GreaterThanThreshold"));
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", "AWS/Lambda", "MetricName", "Invocations",
        "ComparisonOperator", "LessThanThreshold", "TreatMissingData", "breaching",
        "Dimensions", List.of(Map.of("Name", "FunctionName",
            "Value", Map.of("Ref", Match.stringLikeRegexp("WithdrawalsTrackerFunction.*"))))));
  }

  @Test
  void theWalletRoleTagsOnlyUntaggedKeysSoNeverATreasuryKey() {
    List<JsonNode> tagging = template.findResources("AWS::IAM::Policy").entrySet().stream()
        .filter(e -> e.getKey().startsWith("WalletApiWalletRole"))
        .flatMap(e -> StreamSupport.stream(JSON.valueToTree(e.getValue())
            .at("/Properties/PolicyDocument/Statement").spliterator(), false))
        .filter(st -> st.get("Action").toString().contains("kms:TagResource")).toList();

    assertThat(tagging).hasSize(1);
    JsonNode condition = tagging.getFirst().get("Condition");
    assertThat(condition.get("Null")).isEqualTo(JSON.valueToTree(
        Map.of("aws:ResourceTag/stablepay:purpose", "true")));
    assertThat(condition.get("StringEquals")).isEqualTo(JSON.valueToTree(Map.of(
        "aws:RequestTag/stablepay:purpose", "wallet",
        "kms:KeySpec", "ECC_SECG_P256K1",
        "kms:KeyUsage", "SIGN_VERIFY")));
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(stack);
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisions() throws Exception {
    Stack bare = TestStacks.bare(workDir, "WithdrawalSignerAlone");
    WithdrawalSigner signer = new WithdrawalSigner(bare, "Withdrawals", new WithdrawalSigner.Props(
        TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl("http://127.0.0.1:4000/_lambda")
            .build(),
        TestStacks.NATIVE_USD_PRICES));
    new TreasuryKeys(bare, "Treasury", TreasuryKeys.Props.builder()
        .networks(new TreeSet<>(TestStacks.RPC_URLS.keySet())).build())
        .grantSign(signer.role());
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    alone.resourceCountIs("AWS::IAM::Role", 2); // the signer's and the scheduler's
    for (String function : List.of("signer", "withdrawal-tracker")) {
      alone.hasResourceProperties("AWS::Lambda::Function", Map.of("Environment", Map.of(
          "Variables", Match.objectLike(Map.of(ApiFunction.LAMBDA_PROXY_ENV,
              "http://127.0.0.1:4000/_lambda/" + function)))));
    }
  }

  @Test
  void nativeCoinPricesArePositiveDecimalsOfNetworkIds() throws Exception {

    assertThat(WithdrawalSigner.Props.isUsdPrice("3000")).isTrue();
    assertThat(WithdrawalSigner.Props.isUsdPrice("0.5")).isTrue();
    assertThat(WithdrawalSigner.Props.isUsdPrice("0.00000001")).isTrue();
    for (String invalid : new String[] {"0", "0.0", "-1", "+1", "1e3", ".5", "5.", "1,000",
        "0.000000001", " 1", "", null}) {
      assertThat(WithdrawalSigner.Props.isUsdPrice(invalid)).as(invalid).isFalse();
    }
    WalletApi.Props wallet = TestStacks.wallet(TestStacks.bare(workDir, "Prices"), workDir)
        .build();
    assertThatThrownBy(() -> new WithdrawalSigner.Props(wallet, Map.of("ethereum", "3000")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ethereum");
    assertThatThrownBy(() -> new WithdrawalSigner.Props(wallet, Map.of("ETHEREUM", "1e3")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ETHEREUM");
    assertThat(new WithdrawalSigner.Props(wallet, Map.of("POLYGON", "0.5", "ETHEREUM", "3000"))
        .nativeUsdPrices()).containsExactly(Map.entry("ETHEREUM", "3000"),
            Map.entry("POLYGON", "0.5"));
  }

  private static String signerRole() {
    return logicalId(template, "AWS::IAM::Role", "WithdrawalsSignerRole");
  }

  /** The statements of the signer role's policies. */
  private static List<JsonNode> signerStatements() {
    return statementsOf(template, signerRole());
  }
}
