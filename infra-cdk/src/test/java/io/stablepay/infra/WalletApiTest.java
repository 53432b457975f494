package io.stablepay.infra;

import static io.stablepay.infra.Templates.routeTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The wallet API and the deposit watcher: what each function may do with KMS and the table, and
 * that the watcher runs every minute through EventBridge Scheduler.
 */
class WalletApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path workDir;

  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    template = Template.fromStack(TestStacks.stack(workDir, "prod", null));
  }

  private static String policiesOf(String prefix) throws Exception {
    return JSON.writeValueAsString(template.findResources("AWS::IAM::Policy").entrySet()
        .stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).toList());
  }

  /** The statement that lets the role retire keys, as JSON. */
  private static String retireStatement(String policies) throws Exception {
    for (var policy : JSON.readTree(policies)) {
      for (var statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
        if (statement.path("Sid").asText().equals("RetireUnaliasedWalletKeys")) {
          return JSON.writeValueAsString(statement);
        }
      }
    }
    throw new AssertionError("no RetireUnaliasedWalletKeys statement in " + policies);
  }

  @Test
  void theWalletFunctionCreatesAndReadsWalletKeysButCannotSign() throws Exception {
    String wallet = policiesOf("WalletApiWalletRole");

    assertThat(wallet).contains("kms:CreateKey").contains("kms:TagResource")
        .contains("kms:CreateAlias").contains("kms:GetPublicKey")
        .contains("ECC_SECG_P256K1").contains("SIGN_VERIFY")
        .contains("aws:ResourceTag/stablepay:purpose").contains("alias/stablepay/wallet/*")
        .contains("dynamodb:PutItem")
        .doesNotContain("kms:Sign\"").doesNotContain("kms:*").doesNotContain("kms:Decrypt");
    // the only deletion it may schedule is of an unaliased wallet key (a lost creation race)
    assertThat(wallet).contains("kms:ScheduleKeyDeletion").contains("kms:ResourceAliases");
    // only secp256k1 signing keys count as wallet keys, so a re-tagged service key (the token
    // signing key, the API-key HMAC key) can never be retired through this role
    assertThat(retireStatement(wallet)).contains("\"kms:KeySpec\":\"ECC_SECG_P256K1\"")
        .contains("\"kms:KeyUsage\":\"SIGN_VERIFY\"");
  }

  @Test
  void theWatcherReadsChainsAndTheTableButNoKey() throws Exception {
    String watcher = policiesOf("WalletApiWatcherRole");

    assertThat(watcher).contains("dynamodb:Query").contains("dynamodb:PutItem")
        .doesNotContain("kms:");
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", WalletApi.WATCHER_HANDLER,
        "Timeout", 55,
        "ReservedConcurrentExecutions", 1,
        "Environment", Map.of("Variables", Match.objectLike(Map.of(
            "STABLEPAY_CHAINS_ETHEREUM_RPC_URL", "https://eth.example")))));
  }

  @Test
  void theWatcherRunsEveryMinuteWithoutRetries() throws Exception {
    template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
        "ScheduleExpression", "rate(1 minute)",
        "State", "ENABLED",
        "Target", Match.objectLike(Map.of(
            "RetryPolicy", Match.objectLike(Map.of("MaximumRetryAttempts", 0))))));
    String schedule = JSON.writeValueAsString(template.findResources("AWS::Scheduler::Schedule"));
    assertThat(schedule).contains("WalletApiWatcherLive");
    String schedulerRole = JSON.writeValueAsString(template.findResources("AWS::IAM::Policy")
        .entrySet().stream().filter(e -> JSON.valueToTree(e.getValue()).toString()
            .contains("lambda:InvokeFunction")).map(Map.Entry::getValue).toList());
    assertThat(schedulerRole).contains("WalletApiWatcher");
  }

  @Test
  void everyWalletRouteButTransfersGoesToTheWalletFunctionWhereASignerExists() {
    Map<String, String> targets = routeTargets(template);

    assertThat(WalletApi.ROUTES).contains(WalletApi.TRANSFER_ROUTE).allSatisfy(route ->
        assertThat(targets.get(route)).startsWith(route.equals(WalletApi.TRANSFER_ROUTE)
            ? "WithdrawalsSignerLive" : "WalletApiWalletLive"));
    assertThat(WalletApi.ROUTES).filteredOn(route -> !route.contains(" /api/wallet/"))
        .containsExactly("GET /api/admin/treasury");
    assertThat(AuthApi.ROUTES).doesNotContainAnyElementsOf(WalletApi.ROUTES);
    assertThat(List.copyOf(WalletApi.ROUTES)).doesNotHaveDuplicates();
  }
}
