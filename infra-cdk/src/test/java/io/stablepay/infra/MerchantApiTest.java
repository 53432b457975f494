package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.assertRoutesGoOnlyTo;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.policiesOf;
import static io.stablepay.infra.Templates.routeKeys;
import static io.stablepay.infra.Templates.routeTargets;
import static io.stablepay.infra.Templates.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;

/**
 * The merchant API in the whole stack and alone: its routes go to its own function and nowhere else
 * (refunds go to the signer, in every shape of the stack), the function runs its own handler with
 * the platform's settings (the wallet function's) plus the secrets key and the chain-event secret,
 * its role uses exactly three keys (reads the token key's public key, MACs with the API-key key,
 * and only encrypts, for one purpose, with the symmetric secrets key, which KMS rotates) and reads
 * the one generated chain-event secret; merchants need no treasury network.
 */
class MerchantApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";
  private static final String REFUND_ROUTE = "POST /api/payments/{id}/refund";

  @TempDir static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.prod().stack();
    template = TestStacks.prod().template();
  }

  @Test
  void itsRoutesGoToTheMerchantFunctionAndNowhereElse() {
    assertThat(MerchantApi.ROUTES)
        .containsExactlyInAnyOrder(
            "POST /api/merchant/register",
            "POST /api/merchant/settings",
            "GET /api/merchant/dashboard",
            "POST /api/payments/request",
            "GET /api/payments/requests",
            "GET /api/payments/{id}",
            "POST /api/payments/{id}/cancel",
            "POST /api/payments/{id}/pay",
            "POST /api/payments/webhook",
            "GET /api/merchant/transactions",
            "GET /api/merchant/analytics",
            "GET /api/merchant/webhooks/deliveries",
            "GET /api/merchant/webhooks/deliveries/{id}",
            "POST /api/merchant/webhooks/deliveries/{id}/redeliver");
    assertThat(List.copyOf(MerchantApi.ROUTES)).doesNotHaveDuplicates();
    assertRoutesGoOnlyTo(
        template,
        MerchantApi.ROUTES,
        "MerchantApiMerchantLive",
        "MerchantApi",
        List.of(
            BlockchainApi.ROUTES,
            AuthApi.ROUTES,
            WalletApi.ROUTES,
            WithdrawalSigner.ROUTES,
            KycReview.ROUTES,
            Subscriptions.ROUTES,
            Escrow.ROUTES));
  }

  @Test
  void chainEventsArePushedToTheMerchantFunctionAndRefundsGoToTheSigner() {
    Map<String, String> targets = routeTargets(template);

    assertThat(targets.get("POST /api/payments/webhook")).startsWith("MerchantApiMerchantLive");
    // an on-chain refund is a withdrawal: the signer serves refunds, not the merchant function
    assertThat(MerchantApi.ROUTES).doesNotContain(REFUND_ROUTE);
    assertThat(targets.get(REFUND_ROUTE))
        .isNotNull()
        .doesNotStartWith("MerchantApi")
        .startsWith("WithdrawalsSignerLive");
  }

  @Test
  void theChainEventSecretIsGeneratedBase64AndOnlyTheMerchantFunctionReadsIt() {
    String secret = chainEventsSecret();
    JsonNode properties =
        JSON.valueToTree(template.findResources("AWS::SecretsManager::Secret").get(secret))
            .path("Properties");

    // 48 letters and digits: valid base64 of 36 bytes
    assertThat(properties.at("/GenerateSecretString/PasswordLength").asInt()).isEqualTo(48);
    assertThat(properties.at("/GenerateSecretString/ExcludePunctuation").asBoolean()).isTrue();
    assertThat(properties.at("/GenerateSecretString/IncludeSpace").asBoolean()).isFalse();
    assertThat(properties.path("Description").asText())
        .contains("POST /api/payments/webhook")
        .contains("node provider");
    assertThat(
            variables(functionProperties(template, "MerchantApiMerchantFunction"))
                .get(MerchantApi.CHAIN_EVENTS_SECRET_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", secret)));
    template.hasResourceProperties(
        "AWS::IAM::Policy",
        Map.of(
            "Roles", List.of(Map.of("Ref", merchantRole())),
            "PolicyDocument",
                Map.of(
                    "Statement",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Effect", "Allow",
                                    "Action",
                                        Match.arrayWith(List.of("secretsmanager:GetSecretValue")),
                                    "Resource", Map.of("Ref", secret))))))));
    // no other function is given it, and no other role may read it
    assertThat(
            template.findResources("AWS::Lambda::Function").entrySet().stream()
                .filter(
                    e -> JSON.valueToTree(e.getValue()).toString().contains("\"" + secret + "\""))
                .map(Map.Entry::getKey))
        .singleElement()
        .asString()
        .startsWith("MerchantApiMerchantFunction");
    assertThat(
            template.findResources("AWS::IAM::Policy").values().stream()
                .map(policy -> (JsonNode) JSON.valueToTree(policy))
                .filter(policy -> policy.toString().contains("\"" + secret + "\""))
                .map(policy -> policy.at("/Properties/Roles/0/Ref").asText()))
        .containsExactly(merchantRole());
    // operators hand its value to the node provider
    assertThat(
            JSON.valueToTree(template.findOutputs("ChainEventsSecretArn"))
                .at("/ChainEventsSecretArn/Value"))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", secret)));
  }

  @Test
  void itRunsItsOwnHandlerWithThePlatformSettingsAndTheSecretsKey() {
    JsonNode merchant = functionProperties(template, "MerchantApiMerchantFunction");
    JsonNode wallet = functionProperties(template, "WalletApiWalletFunction");

    assertThat(merchant.get("Handler").asText())
        .isEqualTo(Handler.MERCHANT_API.className())
        .isEqualTo("io.stablepay.function.merchant.MerchantApiHandler");
    SortedMap<String, JsonNode> variables = variables(merchant);
    assertThat(variables.remove(MerchantApi.SECRETS_KEY_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", secretsKey())));
    assertThat(variables.remove(MerchantApi.CHAIN_EVENTS_SECRET_ENV))
        .isEqualTo(JSON.valueToTree(Map.of("Ref", chainEventsSecret())));
    // the table, the keys' ids, the network profile and the RPC URLs, as the wallet has them
    assertThat(variables)
        .isEqualTo(variables(wallet))
        .containsKeys(
            "STABLEPAY_TABLE",
            "STABLEPAY_JWT_KEY_ID",
            "STABLEPAY_API_KEY_MAC_KEY_ID",
            "STABLEPAY_NETWORK_PROFILE",
            "STABLEPAY_CHAINS_ETHEREUM_ENABLED");
    // its own role, shared with no other function
    String role = merchant.at("/Role/Fn::GetAtt/0").asText();
    assertThat(role).startsWith("MerchantApiMerchantRole");
    assertThat(
            template.findResources("AWS::Lambda::Function").values().stream()
                .map(f -> JSON.valueToTree(f).at("/Properties/Role/Fn::GetAtt/0").asText())
                .filter(role::equals))
        .hasSize(1);
  }

  @Test
  void itsRoleUsesExactlyTheTokenKeyTheMacKeyAndTheSecretsKeyForEncryptOnly() {
    String role = merchantRole();
    // every key policy statement that names the merchant's role, by the key's spec
    SortedMap<String, List<JsonNode>> grants = new TreeMap<>();
    template
        .findResources("AWS::KMS::Key")
        .forEach(
            (id, key) -> {
              JsonNode properties = JSON.valueToTree(key.get("Properties"));
              StreamSupport.stream(properties.at("/KeyPolicy/Statement").spliterator(), false)
                  .filter(st -> st.toString().contains("\"" + role + "\""))
                  .forEach(
                      st ->
                          grants
                              .computeIfAbsent(
                                  properties.path("KeySpec").asText(), spec -> new ArrayList<>())
                              .add(st));
            });

    assertThat(grants).containsOnlyKeys("ECC_NIST_P256", "HMAC_256", "SYMMETRIC_DEFAULT");
    assertThat(grants.values())
        .allSatisfy(
            statements -> {
              assertThat(statements).hasSize(1);
              JsonNode statement = statements.getFirst();
              assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
              assertThat(statement.at("/Principal/AWS/Fn::GetAtt/0").asText()).isEqualTo(role);
              assertThat(statement.has("NotAction")).isFalse();
            });
    assertThat(actions(grants.get("ECC_NIST_P256").getFirst())).containsExactly("kms:GetPublicKey");
    assertThat(grants.get("ECC_NIST_P256").getFirst().has("Condition")).isFalse();
    assertThat(actions(grants.get("HMAC_256").getFirst()))
        .containsExactlyInAnyOrder("kms:GenerateMac", "kms:VerifyMac");
    assertThat(grants.get("HMAC_256").getFirst().has("Condition")).isFalse();
    JsonNode encrypt = grants.get("SYMMETRIC_DEFAULT").getFirst();
    assertThat(actions(encrypt)).containsExactly("kms:Encrypt");
    assertThat(encrypt.get("Condition"))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "StringEquals",
                    Map.of("kms:EncryptionContext:stablepay:purpose", "webhook-signing-secret"))));

    // and IAM grants it no key at all: the table, the chain-event secret and its own logs only
    String policies = policiesOf(template, role).toString();
    assertThat(policies)
        .contains("dynamodb:PutItem")
        .contains("dynamodb:Query")
        .contains("secretsmanager:GetSecretValue")
        .contains("logs:PutLogEvents")
        .doesNotContain("kms:")
        .doesNotContain("\"*\"");
  }

  @Test
  void merchantsNeedNoTreasuryNetwork() throws Exception {
    Template tronOnly = TestStacks.tronOnly().template();
    Map<String, String> targets = routeTargets(tronOnly);

    assertThat(MerchantApi.ROUTES)
        .allSatisfy(route -> assertThat(targets.get(route)).startsWith("MerchantApiMerchantLive"));
    // refunds (to balances only, without treasury keys) are the signer's all the same
    assertThat(targets.get(REFUND_ROUTE)).startsWith("WithdrawalsSignerLive");
    assertThat(tronOnly.findOutputs("*")).containsKeys("SecretsKeyId", "ChainEventsSecretArn");
    tronOnly.hasResourceProperties(
        "AWS::KMS::Key", Map.of("KeySpec", "SYMMETRIC_DEFAULT", "KeyUsage", "ENCRYPT_DECRYPT"));
  }

  @Test
  void theSecretsKeyIsASymmetricKeyKmsRotatesAndTheStackRetains() {
    Map<String, Map<String, Object>> keys =
        template.findResources(
            "AWS::KMS::Key",
            Map.of(
                "DeletionPolicy",
                "Retain",
                "UpdateReplacePolicy",
                "Retain",
                "Properties",
                Match.objectLike(
                    Map.of(
                        "KeySpec",
                        "SYMMETRIC_DEFAULT",
                        "KeyUsage",
                        "ENCRYPT_DECRYPT",
                        "EnableKeyRotation",
                        true,
                        "PendingWindowInDays",
                        30,
                        "Description",
                        "Seals StablePay merchants' webhook signing secrets"))));
    assertThat(keys).containsOnlyKeys(secretsKey());
    assertThat(template.findOutputs("SecretsKeyId")).hasSize(1);
    assertThat(
            JSON.valueToTree(template.findOutputs("SecretsKeyId"))
                .at("/SecretsKeyId/Value")
                .toString())
        .isEqualTo(JSON.valueToTree(Map.of("Ref", secretsKey())).toString());
    // the other service keys stay signing and MAC keys, which KMS cannot rotate; the alarm
    // topic's key (no service key) encrypts, and is rotated too
    assertThat(
            template.findResources(
                "AWS::KMS::Key", Map.of("Properties", Map.of("EnableKeyRotation", true))))
        .containsOnlyKeys(
            secretsKey(), Templates.logicalId(template, "AWS::KMS::Key", "AlarmsTopicKey"));

    assertThatThrownBy(
            () -> new ServiceKey.Props("x", KeySpec.SYMMETRIC_DEFAULT, KeyUsage.SIGN_VERIFY, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ServiceKey.Props("x", KeySpec.ECC_NIST_P256, KeyUsage.ENCRYPT_DECRYPT, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void alarmsWatchTheMerchantFunction() {
    assertFunctionAlarms(template, "MerchantApiMerchantFunction");
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(stack);
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "MerchantApiAlone");
    new MerchantApi(
        bare,
        "MerchantApi",
        new MerchantApi.Props(
            TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build(),
            ServiceKey.webhookSecrets(bare, false)));
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    alone.resourceCountIs("AWS::Lambda::Function", 1);
    alone.resourceCountIs("AWS::IAM::Role", 1);
    // its own routes, and never refunds (the signer's, with or without one beside it)
    assertThat(routeKeys(alone))
        .containsExactlyInAnyOrderElementsOf(MerchantApi.ROUTES)
        .doesNotContain(REFUND_ROUTE);
    alone.resourceCountIs("AWS::SecretsManager::Secret", 1);
    alone.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(
                    Map.of(ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/merchant-api")))));
  }

  @Test
  void locallyTheMerchantFunctionForwardsToTheLocalRuntime() throws Exception {
    Template local = TestStacks.shared("local", PROXY_BASE, TestStacks.NETWORKS, true).template();

    local.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler", Handler.MERCHANT_API.className(),
            "Role",
                Map.of(
                    "Fn::GetAtt",
                    List.of(Match.stringLikeRegexp("MerchantApiMerchantRole.*"), "Arn")),
            "Environment",
                Map.of(
                    "Variables",
                    Match.objectLike(
                        Map.of(ApiFunction.LAMBDA_PROXY_ENV, PROXY_BASE + "/merchant-api")))));
    assertThat(
            local.findResources(
                "AWS::KMS::Key",
                Map.of(
                    "DeletionPolicy",
                    "Delete",
                    "Properties",
                    Match.objectLike(
                        Map.of("KeySpec", "SYMMETRIC_DEFAULT", "PendingWindowInDays", 7)))))
        .hasSize(1);
    // elsewhere, no forwarding
    assertThat(
            functionProperties(template, "MerchantApiMerchantFunction")
                .at("/Environment/Variables")
                .has(ApiFunction.LAMBDA_PROXY_ENV))
        .isFalse();
  }

  /** The logical id of the secrets key. */
  private static String secretsKey() {
    return Templates.secretsKey(template);
  }

  /** The logical id of the chain-event HMAC secret. */
  private static String chainEventsSecret() {
    return logicalId(template, "AWS::SecretsManager::Secret", "MerchantApiChainEventsSecret");
  }

  private static String merchantRole() {
    return logicalId(template, "AWS::IAM::Role", "MerchantApiMerchantRole");
  }
}
