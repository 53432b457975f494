package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.assertVerifiesTokensAndApiKeys;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.routeKeys;
import static io.stablepay.infra.Templates.routeTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The wallet API: its handler, what its function may do with KMS and the table, and its routes,
 * which never include transfers (the signer's); the chain watcher is {@link ChainWatcherTest}'s.
 */
class WalletApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";
  private static final String TRANSFER_ROUTE = "POST /api/wallet/transfer";

  @TempDir static Path workDir;

  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    template = TestStacks.prod().template();
  }

  private static String policiesOf(String prefix) throws Exception {
    return JSON.writeValueAsString(
        template.findResources("AWS::IAM::Policy").entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix))
            .map(Map.Entry::getValue)
            .toList());
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

    assertThat(wallet)
        .contains("kms:CreateKey")
        .contains("kms:TagResource")
        .contains("kms:CreateAlias")
        .contains("kms:GetPublicKey")
        .contains("ECC_SECG_P256K1")
        .contains("SIGN_VERIFY")
        .contains("aws:ResourceTag/stablepay:purpose")
        .contains("alias/stablepay/wallet/*")
        .contains("dynamodb:PutItem")
        .doesNotContain("kms:Sign\"")
        .doesNotContain("kms:*")
        .doesNotContain("kms:Decrypt");
    // the only deletion it may schedule is of an unaliased wallet key (a lost creation race)
    assertThat(wallet).contains("kms:ScheduleKeyDeletion").contains("kms:ResourceAliases");
    // only secp256k1 signing keys count as wallet keys, so a re-tagged service key (the token
    // signing key, the API-key HMAC key) can never be retired through this role
    assertThat(retireStatement(wallet))
        .contains("\"kms:KeySpec\":\"ECC_SECG_P256K1\"")
        .contains("\"kms:KeyUsage\":\"SIGN_VERIFY\"");
  }

  @Test
  void everyWalletRouteGoesToTheWalletFunctionAndTransfersToTheSigner() {
    Map<String, String> targets = routeTargets(template);

    // the wallet's own, and the administrators' treasury (other admin: AuthApi)
    assertThat(WalletApi.ROUTES)
        .filteredOn(route -> !route.contains(" /api/wallet/"))
        .contains("GET /api/admin/treasury")
        .allSatisfy(route -> assertThat(route).contains(" /api/admin/treasury"));
    assertRoutesGoOnlyTo(
        template,
        WalletApi.ROUTES,
        "WalletApiWalletLive",
        "WalletApi",
        List.of(
            BlockchainApi.ROUTES,
            AuthApi.ROUTES,
            WithdrawalSigner.ROUTES,
            MerchantApi.ROUTES,
            KycReview.ROUTES,
            Subscriptions.ROUTES,
            Escrow.ROUTES));
    // P2P transfers and withdrawals are one endpoint, the signer's: never the wallet's
    assertThat(WalletApi.ROUTES).doesNotContain(TRANSFER_ROUTE);
    assertThat(targets.get(TRANSFER_ROUTE)).startsWith("WithdrawalsSignerLive");
    assertThat(List.copyOf(WalletApi.ROUTES)).doesNotHaveDuplicates();
  }

  @Test
  void theWalletFunctionRunsTheWalletApiHandlerInItsOwnRole() {
    JsonNode wallet = functionProperties(template, "WalletApiWalletFunction");

    assertThat(wallet.get("Handler").asText())
        .isEqualTo(Handler.WALLET_API.className())
        .isEqualTo("io.stablepay.function.wallet.WalletApiHandler");
    assertThat(roleOf(wallet)).startsWith("WalletApiWalletRole");
    assertThat(
            template.findResources("AWS::Lambda::Function").values().stream()
                .map(f -> roleOf(JSON.valueToTree(f).path("Properties")))
                .filter(roleOf(wallet)::equals))
        .hasSize(1);
    // the token key's public key and API-key verification, as every API that binds a caller
    assertVerifiesTokensAndApiKeys(template, roleOf(wallet));
  }

  @Test
  void theConstructIsTheWalletFunctionAloneWithItsOwnCdkNagDecisionsAndForwardsLocally()
      throws Exception {
    Stack bare = TestStacks.bare(workDir, "WalletApiAlone");
    new WalletApi(
        bare, "WalletApi", TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build());
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    // no watcher (the chain watcher's own construct) and no transfers (the signer's)
    alone.resourceCountIs("AWS::Lambda::Function", 1);
    alone.resourceCountIs("AWS::Scheduler::Schedule", 0);
    alone.resourceCountIs("AWS::IAM::Role", 1);
    assertThat(routeKeys(alone)).containsExactlyInAnyOrderElementsOf(WalletApi.ROUTES);
    alone.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler", Handler.WALLET_API.className(),
            "Environment",
                Map.of(
                    "Variables",
                    Match.objectLike(
                        Map.of(ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/wallet-api")))));
  }
}
