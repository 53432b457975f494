package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertInvokedEveryMinuteWithoutRetries;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.routeKeys;
import static io.stablepay.infra.Templates.routeTargets;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
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
 * The withdrawal signer in the whole stack: its routes (transfers, fees, withdrawals, sweeps,
 * settlement and payment refunds, in every shape of the stack), the one role its functions share
 * (the API, and with treasury networks the tracker, the sweeper and the settler, each on its own
 * schedule, and the escrow's API and step functions), withdrawals enabled nowhere else, its alarms,
 * and that the wallet function's role cannot tag a treasury key as a wallet key. Without treasury
 * networks the signer's API is all there is of it: no scheduled function, no withdrawals, no
 * signing.
 */
class WithdrawalSignerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";
  private static final String TRANSFER_ROUTE = "POST /api/wallet/transfer";
  private static final String REFUND_ROUTE = "POST /api/payments/{id}/refund";

  /** The routes of every other API area, none of which is the signer's. */
  private static final List<List<String>> OTHER_ROUTES =
      List.of(
          BlockchainApi.ROUTES,
          AuthApi.ROUTES,
          WalletApi.ROUTES,
          MerchantApi.ROUTES,
          KycReview.ROUTES,
          Subscriptions.ROUTES,
          Escrow.ROUTES);

  @TempDir static Path workDir;

  private static StablepayStack stack;
  private static Template template;
  private static Template withoutTreasury;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.prod().stack();
    template = TestStacks.prod().template();
    withoutTreasury = TestStacks.tronOnly().template();
  }

  @Test
  void transfersFeesWithdrawalsSweepsSettlementAndRefundsGoToTheSigner() {
    Map<String, String> targets = routeTargets(template);

    assertThat(WithdrawalSigner.ROUTES)
        .containsExactlyInAnyOrder(
            TRANSFER_ROUTE,
            "GET /api/wallet/fees",
            "GET /api/wallet/withdrawals/{id}",
            "GET /api/admin/sweeps",
            "POST /api/merchant/settle",
            REFUND_ROUTE);
    assertRoutesGoOnlyTo(
        template,
        WithdrawalSigner.ROUTES,
        "WithdrawalsSignerLive",
        "WithdrawalsSigner",
        OTHER_ROUTES);
    assertThat(targets.get(TRANSFER_ROUTE)).doesNotStartWith("WalletApi");
    // an on-chain refund is a withdrawal signed with the treasury key
    assertThat(targets.get(REFUND_ROUTE)).startsWith("WithdrawalsSignerLive");
    assertThat(functionProperties(template, "WithdrawalsSignerFunction").path("Handler").asText())
        .isEqualTo(Handler.SIGNER_API.className());
  }

  @Test
  void withoutTreasuryNetworksTheSignerServesTheSameRoutesButNothingSignsOrRunsOnASchedule()
      throws Exception {
    JsonNode signer = functionProperties(withoutTreasury, "WithdrawalsSignerFunction");
    String role = logicalId(withoutTreasury, "AWS::IAM::Role", "WithdrawalsSignerRole");

    // transfers (P2P only) and balance refunds still go to the signer, never elsewhere
    assertRoutesGoOnlyTo(
        withoutTreasury,
        WithdrawalSigner.ROUTES,
        "WithdrawalsSignerLive",
        "WithdrawalsSigner",
        OTHER_ROUTES);
    assertThat(signer.path("Handler").asText()).isEqualTo(Handler.SIGNER_API.className());
    assertThat(roleOf(signer)).isEqualTo(role);
    // blockchain, auth, wallet, watcher, merchant, signer, webhook relay and dispatcher, KYC and
    // its workflow's three steps, subscriptions and their workflow's two, escrow and its
    // workflow's four, the gauges: no tracker, sweeper or settler
    assertThat(withoutTreasury.findResources("AWS::Lambda::Function"))
        .hasSize(21)
        .allSatisfy(
            (id, function) ->
                assertThat(roleOf(JSON.valueToTree(function).path("Properties")).equals(role))
                    .as(id)
                    .isEqualTo(id.startsWith("WithdrawalsSigner")));
    // the watcher's, the webhook relay's and the gauges'
    assertThat(withoutTreasury.findResources("AWS::Scheduler::Schedule")).hasSize(3);
    String text = JSON.writeValueAsString(withoutTreasury.toJSON());
    assertThat(text)
        .doesNotContain(WithdrawalSigner.ENABLED_ENV)
        .doesNotContain(WithdrawalSigner.NATIVE_USD_PRICE_ENV)
        .doesNotContain("WithdrawalsFailed")
        .doesNotContain("OldestOpenWithdrawalSeconds")
        .doesNotContain("SignWithWalletKeysToSweep")
        .doesNotContain(Handler.WITHDRAWAL_TRACKER.className())
        .doesNotContain(Handler.SWEEPER.className())
        .doesNotContain(Handler.SETTLER.className());
    // the table and verifying callers, as the wallet's: no key to sign with
    List<JsonNode> statements = statementsOf(withoutTreasury, role);
    assertThat(statements.toString())
        .contains("dynamodb:PutItem")
        .doesNotContain("kms:")
        .doesNotContain("\"*\"");
    assertThat(keyGrants(withoutTreasury, role))
        .isEqualTo(
            Map.of(
                "ECC_NIST_P256",
                List.of("kms:GetPublicKey"),
                "HMAC_256",
                List.of("kms:VerifyMac")));
    assertFunctionAlarms(withoutTreasury, "WithdrawalsSignerFunction");
  }

  @Test
  void theSignersFunctionsShareOneRoleThatOnlyTheyAndTheEscrowsFunctionsUse() {
    String role = signerRole();
    Map<String, JsonNode> inRole = new TreeMap<>();
    template
        .findResources("AWS::Lambda::Function")
        .forEach(
            (id, function) -> {
              JsonNode json = JSON.valueToTree(function).path("Properties");
              if (json.at("/Role/Fn::GetAtt/0").asText().equals(role)) {
                inRole.put(id, json);
              }
            });

    // the signer, the tracker, the sweeper and the settler, and the escrow's API and step
    // functions, which sign too
    assertThat(inRole).hasSize(9);
    assertThat(inRole.keySet()).filteredOn(id -> id.startsWith("Escrow")).hasSize(5);
    assertThat(inRole.values())
        .extracting(function -> function.get("Handler").asText())
        .containsExactlyInAnyOrder(
            Handler.SIGNER_API.className(),
            Handler.WITHDRAWAL_TRACKER.className(),
            Handler.SWEEPER.className(),
            Handler.SETTLER.className(),
            Handler.ESCROW_API.className(),
            Handler.ESCROW_SCHEDULE.className(),
            Handler.ESCROW_CHAIN.className(),
            Handler.ESCROW_AWAIT.className(),
            Handler.ESCROW_DEADLINE.className());
    // the scheduled ones: each ending within the minute (one run at a time is the tracker's and the
    // sweeper's lease, not reserved concurrency: StageSettingsTest)
    for (Handler handler : List.of(Handler.WITHDRAWAL_TRACKER, Handler.SWEEPER, Handler.SETTLER)) {
      template.hasResourceProperties(
          "AWS::Lambda::Function",
          Map.of(
              "Handler",
              handler.className(),
              "Timeout",
              55,
              "Role",
              Map.of("Fn::GetAtt", List.of(role, "Arn"))));
    }
    assertThat(
            functionProperties(template, "WithdrawalsSignerFunction")
                .has("ReservedConcurrentExecutions"))
        .isFalse();
    // a bare role (no inline or managed policy); each function adds its own log group to it
    JsonNode roleJson = JSON.valueToTree(template.findResources("AWS::IAM::Role").get(role));
    assertThat(roleJson.at("/Properties").has("Policies")).isFalse();
    assertThat(roleJson.at("/Properties").has("ManagedPolicyArns")).isFalse();
    assertThat(
            roleJson
                .at("/Properties/AssumeRolePolicyDocument/Statement/0/Principal/Service")
                .asText())
        .isEqualTo("lambda.amazonaws.com");
    List<JsonNode> statements = signerStatements();
    assertThat(statements)
        .filteredOn(st -> st.get("Action").toString().contains("logs:"))
        .extracting(st -> st.at("/Resource/Fn::GetAtt/0").asText())
        .hasSize(9)
        .anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsSignerLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsTrackerLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsSweeperLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("WithdrawalsSettlerLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowScheduleLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowChainLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowAwaitLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowDeadlineLogs"));
    // the table, the treasury keys and logs: no key creation, tagging or deletion
    String all = statements.toString();
    assertThat(all)
        .contains("dynamodb:PutItem")
        .contains("kms:Sign")
        .doesNotContain("kms:CreateKey")
        .doesNotContain("kms:TagResource")
        .doesNotContain("kms:ScheduleKeyDeletion")
        .doesNotContain("kms:CreateAlias")
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
    // the signer, the tracker, the sweeper and the settler, and the escrow's API and step
    // functions, which also name their workflow
    assertThat(signers).hasSize(9);
    for (JsonNode variables : signers.values()) {
      assertThat(variables.get(WithdrawalSigner.ENABLED_ENV).asText()).isEqualTo("true");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "ETHEREUM").asText())
          .isEqualTo("3000");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "POLYGON").asText())
          .isEqualTo("0.50");
      // the table, the keys' ids, the network profile and the RPC URLs, as the wallet has them
      SortedMap<String, JsonNode> same = new TreeMap<>();
      variables
          .properties()
          .forEach(
              v -> {
                if (!v.getKey().startsWith("STABLEPAY_WITHDRAWALS_")
                    && !v.getKey().equals(Escrow.ESCROW_ARN_ENV)) {
                  same.put(v.getKey(), v.getValue());
                }
              });
      SortedMap<String, JsonNode> walletVariables = new TreeMap<>();
      wallet.properties().forEach(v -> walletVariables.put(v.getKey(), v.getValue()));
      assertThat(same)
          .isEqualTo(walletVariables)
          .containsKeys(
              "STABLEPAY_TABLE",
              "STABLEPAY_JWT_KEY_ID",
              "STABLEPAY_API_KEY_MAC_KEY_ID",
              "STABLEPAY_NETWORK_PROFILE",
              "STABLEPAY_CHAINS_ETHEREUM_ENABLED");
    }
  }

  @Test
  void theTrackerAndTheSweeperRunEveryMinuteWithoutRetries() {
    // the watcher's, the webhook relay's, the tracker's, the sweeper's, the settler's and the
    // gauges'
    template.resourceCountIs("AWS::Scheduler::Schedule", 6);
    // the scheduler's role for each may invoke that function's live alias and nothing else
    assertInvokedEveryMinuteWithoutRetries(template, "WithdrawalsTrackerLive");
    assertInvokedEveryMinuteWithoutRetries(template, "WithdrawalsSweeperLive");
    assertThat(logicalId(template, "AWS::Scheduler::Schedule", "WithdrawalsTrackerSchedule"))
        .isNotNull();
    assertThat(logicalId(template, "AWS::Scheduler::Schedule", "WithdrawalsSweeperSchedule"))
        .isNotNull();
    assertThat(handlerOfScheduled("WithdrawalsTrackerSchedule"))
        .isEqualTo(Handler.WITHDRAWAL_TRACKER.className());
    assertThat(handlerOfScheduled("WithdrawalsSweeperSchedule"))
        .isEqualTo(Handler.SWEEPER.className());
  }

  @Test
  void theSettlerSettlesMerchantsHourlyWithRetries() throws Exception {
    Map<String, Map<String, Object>> schedules =
        template.findResources(
            "AWS::Scheduler::Schedule",
            Map.of(
                "Properties",
                Match.objectLike(
                    Map.of(
                        "ScheduleExpression", "rate(1 hour)",
                        "State", "ENABLED",
                        "Target",
                            Match.objectLike(
                                Map.of(
                                    "Arn",
                                        Map.of(
                                            "Ref",
                                            Match.stringLikeRegexp("WithdrawalsSettlerLive.*")),
                                    // a missed hour is caught by the next one: retried for half an
                                    // hour
                                    "RetryPolicy",
                                        Map.of(
                                            "MaximumRetryAttempts",
                                            5,
                                            "MaximumEventAgeInSeconds",
                                            1800)))))));

    assertThat(schedules).hasSize(1);
    assertThat(schedules.keySet().iterator().next()).startsWith("WithdrawalsSettlementSchedule");
    assertThat(handlerOfScheduled("WithdrawalsSettlementSchedule"))
        .isEqualTo(Handler.SETTLER.className());
    // its own function now: no event tells it what to do
    JsonNode target =
        JSON.valueToTree(schedules.values().iterator().next()).at("/Properties/Target");
    assertThat(target.has("Input")).isFalse();
    // and the scheduler's role for it may invoke the settler's live alias and nothing else
    List<JsonNode> invokes = statementsOf(template, target.at("/RoleArn/Fn::GetAtt/0").asText());
    assertThat(invokes)
        .singleElement()
        .satisfies(
            invoke -> {
              assertThat(actions(invoke)).containsExactly("lambda:InvokeFunction");
              assertThat(invoke.at("/Resource/Ref").asText()).startsWith("WithdrawalsSettlerLive");
            });
  }

  @Test
  void alarmsWatchTheSignersFunctionsAndTheWithdrawals() {
    assertFunctionAlarms(
        template,
        "WithdrawalsSignerFunction",
        "WithdrawalsTrackerFunction",
        "WithdrawalsSweeperFunction",
        "WithdrawalsSettlerFunction");
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "StablePay",
            "MetricName",
            "WithdrawalsFailed",
            "Statistic",
            "Sum",
            "Threshold",
            1,
            "ComparisonOperator",
            "GreaterThanOrEqualToThreshold",
            "TreatMissingData",
            "notBreaching"));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "StablePay",
            "MetricName",
            "OldestOpenWithdrawalSeconds",
            "Statistic",
            "Maximum",
            "Threshold",
            1800,
            "EvaluationPeriods",
            3,
            "ComparisonOperator",
            "GreaterThanThreshold"));
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
                    Map.of("Ref", Match.stringLikeRegexp("WithdrawalsTrackerFunction.*"))))));
  }

  @Test
  void theWalletRoleTagsOnlyUntaggedKeysSoNeverATreasuryKey() {
    List<JsonNode> tagging =
        template.findResources("AWS::IAM::Policy").entrySet().stream()
            .filter(e -> e.getKey().startsWith("WalletApiWalletRole"))
            .flatMap(
                e ->
                    StreamSupport.stream(
                        JSON.valueToTree(e.getValue())
                            .at("/Properties/PolicyDocument/Statement")
                            .spliterator(),
                        false))
            .filter(st -> st.get("Action").toString().contains("kms:TagResource"))
            .toList();

    assertThat(tagging).hasSize(1);
    JsonNode condition = tagging.getFirst().get("Condition");
    assertThat(condition.get("Null"))
        .isEqualTo(JSON.valueToTree(Map.of("aws:ResourceTag/stablepay:purpose", "true")));
    assertThat(condition.get("StringEquals"))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
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
    WithdrawalSigner signer =
        new WithdrawalSigner(
            bare,
            "Withdrawals",
            new WithdrawalSigner.Props(
                TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build(),
                TestStacks.NATIVE_USD_PRICES,
                true));
    new TreasuryKeys(
            bare,
            "Treasury",
            TreasuryKeys.Props.builder().networks(new TreeSet<>(TestStacks.NETWORKS)).build())
        .grantSign(signer.role());
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    assertThat(signer.signs()).isTrue();
    assertThat(List.of(signer.tracker(), signer.sweeper(), signer.settler()))
        .allSatisfy(function -> assertThat(function.role()).isSameAs(signer.role()));
    alone.resourceCountIs("AWS::Lambda::Function", 4);
    alone.resourceCountIs("AWS::Scheduler::Schedule", 3);
    // the signer's, and the scheduler's for each of its three scheduled functions
    alone.resourceCountIs("AWS::IAM::Role", 4);
    for (Handler handler :
        List.of(Handler.SIGNER_API, Handler.WITHDRAWAL_TRACKER, Handler.SWEEPER, Handler.SETTLER)) {
      alone.hasResourceProperties(
          "AWS::Lambda::Function",
          Map.of(
              "Handler", handler.className(),
              "Environment",
                  Map.of(
                      "Variables",
                      Match.objectLike(
                          Map.of(
                              ApiFunction.LAMBDA_PROXY_ENV,
                              PROXY_BASE + "/" + handler.function(),
                              WithdrawalSigner.ENABLED_ENV,
                              "true")))));
    }
  }

  @Test
  void aSignerWithoutTreasuryNetworksIsItsApiAloneWithoutWithdrawals() throws Exception {
    Stack bare = TestStacks.bare(workDir, "WithdrawalSignerNotSigning");
    WithdrawalSigner signer =
        new WithdrawalSigner(
            bare,
            "Withdrawals",
            new WithdrawalSigner.Props(
                TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build(),
                Map.of(),
                false));
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    assertThat(signer.signs()).isFalse();
    assertThat(signer.tracker()).isNull();
    assertThat(signer.sweeper()).isNull();
    assertThat(signer.settler()).isNull();
    alone.resourceCountIs("AWS::Lambda::Function", 1);
    alone.resourceCountIs("AWS::Scheduler::Schedule", 0);
    alone.resourceCountIs("AWS::IAM::Role", 1);
    assertThat(routeKeys(alone)).containsExactlyInAnyOrderElementsOf(WithdrawalSigner.ROUTES);
    JsonNode function =
        JSON.valueToTree(alone.findResources("AWS::Lambda::Function").values().iterator().next())
            .path("Properties");
    assertThat(function.path("Handler").asText()).isEqualTo(Handler.SIGNER_API.className());
    assertThat(variables(function))
        .doesNotContainKey(WithdrawalSigner.ENABLED_ENV)
        .containsEntry(
            ApiFunction.LAMBDA_PROXY_ENV,
            JSON.valueToTree(PROXY_BASE + "/" + Handler.SIGNER_API.function()));
    assertThat(JSON.writeValueAsString(alone.toJSON()))
        .doesNotContain(WithdrawalSigner.NATIVE_USD_PRICE_ENV)
        .doesNotContain("SignWithWalletKeysToSweep")
        .doesNotContain("kms:Sign");
  }

  @Test
  void nativeCoinPricesArePositiveDecimalsOfNetworkIds() throws Exception {

    assertThat(WithdrawalSigner.Props.isUsdPrice("3000")).isTrue();
    assertThat(WithdrawalSigner.Props.isUsdPrice("0.5")).isTrue();
    assertThat(WithdrawalSigner.Props.isUsdPrice("0.00000001")).isTrue();
    for (String invalid :
        new String[] {
          "0", "0.0", "-1", "+1", "1e3", ".5", "5.", "1,000", "0.000000001", " 1", "", null
        }) {
      assertThat(WithdrawalSigner.Props.isUsdPrice(invalid)).as(invalid).isFalse();
    }
    WalletApi.Props wallet = TestStacks.wallet(TestStacks.bare(workDir, "Prices"), workDir).build();
    assertThatThrownBy(() -> new WithdrawalSigner.Props(wallet, Map.of("ethereum", "3000"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ethereum");
    assertThatThrownBy(() -> new WithdrawalSigner.Props(wallet, Map.of("ETHEREUM", "1e3"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ETHEREUM");
    assertThat(
            new WithdrawalSigner.Props(wallet, Map.of("POLYGON", "0.5", "ETHEREUM", "3000"), true)
                .nativeUsdPrices())
        .containsExactly(Map.entry("ETHEREUM", "3000"), Map.entry("POLYGON", "0.5"));
  }

  private static String signerRole() {
    return logicalId(template, "AWS::IAM::Role", "WithdrawalsSignerRole");
  }

  /** The handler of the function whose live alias the schedule {@code prefix} invokes. */
  private static String handlerOfScheduled(String prefix) {
    String alias =
        properties(template, "AWS::Scheduler::Schedule", prefix).at("/Target/Arn/Ref").asText();
    String function =
        JSON.valueToTree(template.findResources("AWS::Lambda::Alias").get(alias))
            .at("/Properties/FunctionName/Ref")
            .asText();
    return JSON.valueToTree(template.findResources("AWS::Lambda::Function").get(function))
        .at("/Properties/Handler")
        .asText();
  }

  /** The statements of the signer role's policies. */
  private static List<JsonNode> signerStatements() {
    return statementsOf(template, signerRole());
  }
}
