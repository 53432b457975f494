package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.covers;
import static io.stablepay.infra.Templates.elements;
import static io.stablepay.infra.Templates.iamStatements;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.ref;
import static io.stablepay.infra.Templates.routeKeys;
import static io.stablepay.infra.Templates.routeTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.infra.Templates.Grant;
import io.stablepay.schema.Functions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The whole stack as deployed to a retained stage: one function per {@link Handler}, each running
 * its own handler class from its module's jar (the tracker, sweeper and settler only where there
 * are treasury networks), every route on one API, least privilege between the functions (only the
 * withdrawal signer's role may sign with the treasury keys, in IAM and in their key policies, and
 * only the auth function with the token key; the wallet function only reads the treasury keys'
 * public keys; only the webhook dispatcher may decrypt with the secrets key, and only webhook
 * signing secrets), alarms, outputs, a deterministic template and a clean cdk-nag report. Each
 * construct's own details are in its own test.
 */
class StablepayStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.prod().stack();
    template = TestStacks.prod().template();
  }

  @Test
  void everyApiAreaRoutesThroughTheOneHttpApi() {
    // each route is one area's, in every shape of the stack
    List<String> expected =
        Stream.of(
                BlockchainApi.ROUTES,
                AuthApi.ROUTES,
                WalletApi.ROUTES,
                WithdrawalSigner.ROUTES,
                MerchantApi.ROUTES,
                KycReview.ROUTES,
                Subscriptions.ROUTES,
                Escrow.ROUTES)
            .flatMap(List::stream)
            .sorted()
            .toList();

    assertThat(expected).doesNotHaveDuplicates();
    template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    // and $default: what no route matches gets the blockchain function's problem+json 404
    template.resourceCountIs("AWS::ApiGatewayV2::Route", 75);
    assertThat(routeKeys(template))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(expected.stream(), Stream.of("$default")).toList());
  }

  @Test
  void theBlockchainFunctionGetsNoTableOrKeyPermission() throws Exception {
    String blockchain =
        JSON.writeValueAsString(
            Stream.of("AWS::IAM::Role", "AWS::IAM::Policy")
                .flatMap(type -> template.findResources(type).entrySet().stream())
                .filter(e -> e.getKey().startsWith("BlockchainApi"))
                .map(Map.Entry::getValue)
                .toList());

    assertThat(blockchain)
        .contains("logs:PutLogEvents")
        .doesNotContain("dynamodb:")
        .doesNotContain("kms:")
        .doesNotContain("\"*\"");
    assertThat(JSON.writeValueAsString(template.findResources("AWS::KMS::Key")))
        .doesNotContain("BlockchainApi");
    assertThat(JSON.writeValueAsString(template.findResources("AWS::IAM::Role")))
        .doesNotContain("ManagedPolicyArns");
  }

  @Test
  void theAuthFunctionUsesTheTableAndIsTheOnlySignerOfTokens() throws Exception {
    String authPolicies =
        JSON.writeValueAsString(
            template.findResources("AWS::IAM::Policy").entrySet().stream()
                .filter(e -> e.getKey().startsWith("AuthApi"))
                .map(Map.Entry::getValue)
                .toList());
    assertThat(authPolicies)
        .contains("dynamodb:PutItem")
        .contains("dynamodb:GetItem")
        .contains("ses:SendEmail")
        .contains("secretsmanager:GetSecretValue")
        .doesNotContain("dynamodb:DeleteTable")
        .doesNotContain("\"Resource\":\"*\"");

    template.hasResourceProperties(
        "AWS::KMS::Key", Map.of("KeySpec", "ECC_NIST_P256", "KeyUsage", "SIGN_VERIFY"));
    template.hasResourceProperties(
        "AWS::KMS::Key", Map.of("KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC"));
    Map<String, Object> jwtKey =
        template
            .findResources(
                "AWS::KMS::Key", Map.of("Properties", Map.of("KeySpec", "ECC_NIST_P256")))
            .values()
            .iterator()
            .next();
    List<Map<String, Object>> statements =
        JSON.convertValue(
            ((Map<?, ?>) ((Map<?, ?>) jwtKey.get("Properties")).get("KeyPolicy")).get("Statement"),
            List.class);
    // the account's administration, the auth function's signing, the wallet function's, the
    // withdrawal signer's, the merchant function's, the KYC function's and the subscriptions
    // function's reading (all five verify tokens); the escrow function's is the signer's, whose
    // role it runs in where there are treasury keys
    assertThat(statements).hasSize(7);
    Map<String, Object> signing =
        statements.stream()
            .filter(st -> String.valueOf(st.get("Action")).contains("kms:Sign"))
            .findFirst()
            .orElseThrow();
    assertThat(JSON.writeValueAsString(signing.get("Principal"))).contains("AuthApiAuthRole");
    assertThat(
            statements.stream()
                .filter(st -> st != signing)
                .map(st -> String.valueOf(st.get("Action"))))
        .noneMatch(actions -> actions.contains("kms:Sign") || actions.contains("kms:*"));
    assertThat(statements)
        .anyMatch(
            st ->
                "kms:GetPublicKey".equals(st.get("Action"))
                    && String.valueOf(st.get("Principal")).contains("WalletApiWalletRole"));
    assertThat(statements)
        .anyMatch(
            st ->
                "kms:GetPublicKey".equals(st.get("Action"))
                    && String.valueOf(st.get("Principal")).contains("WithdrawalsSignerRole"));
    assertThat(statements)
        .anyMatch(
            st ->
                "kms:GetPublicKey".equals(st.get("Action"))
                    && String.valueOf(st.get("Principal")).contains("MerchantApiMerchantRole"));
    assertThat(statements)
        .anyMatch(
            st ->
                "kms:GetPublicKey".equals(st.get("Action"))
                    && String.valueOf(st.get("Principal")).contains("KycReviewKycRole"));
    assertThat(statements)
        .anyMatch(
            st ->
                "kms:GetPublicKey".equals(st.get("Action"))
                    && String.valueOf(st.get("Principal")).contains("SubscriptionsRole"));
    assertThat(statements).noneMatch(st -> String.valueOf(st.get("Principal")).contains("Escrow"));
  }

  @Test
  void noIamPolicyButTheSignersAllowsSigningAndNoneAnyKmsWildcard() {
    List<Grant> grants = iamStatements(template);
    List<String> signers = new ArrayList<>();

    assertThat(grants).isNotEmpty();
    for (Grant grant : grants) {
      JsonNode statement = grant.statement();
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      // an Allow with NotAction grants every action it does not name, kms:Sign included
      assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
      for (String action : actions(statement)) {
        assertThat(
                action.regionMatches(true, 0, "kms:", 0, 4)
                    && (action.contains("*") || action.contains("?")))
            .as("%s is a KMS wildcard: %s", action, statement)
            .isFalse();
      }
      if (actions(statement).stream().anyMatch(action -> covers(action, "kms:Sign"))) {
        assertThat(grant.roles())
            .as("roles that may sign: %s", statement)
            .containsExactly(signerRole());
        signers.addAll(grant.roles());
        if (statement.has("Condition")) {
          // sweeps: wallet keys only, recognised by tag, spec and usage together
          assertThat(statement.path("Sid").asText()).isEqualTo("SignWithWalletKeysToSweep");
          JsonNode equals = statement.at("/Condition/StringEquals");
          assertThat(equals.path("aws:ResourceTag/stablepay:purpose").asText()).isEqualTo("wallet");
          assertThat(equals.path("kms:KeySpec").asText()).isEqualTo("ECC_SECG_P256K1");
          assertThat(equals.path("kms:KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
          continue;
        }
        // the treasury and gas-tank keys, unconditionally
        assertThat(actions(statement))
            .containsExactlyInAnyOrderElementsOf(TreasuryKeys.SIGN_ACTIONS);
        assertThat(elements(statement.get("Resource")).map(arn -> arn.at("/Fn::GetAtt/0").asText()))
            .containsExactlyInAnyOrderElementsOf(treasuryKeys().keySet());
      }
    }
    assertThat(signers).containsExactly(signerRole(), signerRole());
    // the walk reached both the policies and the roles' inline policies
    assertThat(grants.stream().flatMap(grant -> actions(grant.statement()).stream()))
        .contains("kms:GetPublicKey", "kms:CreateKey", "logs:PutLogEvents");
  }

  @Test
  void eachKeyPolicyLetsOnlyItsOneSignerSign() {
    Map<String, List<String>> signersByKeySpec = new TreeMap<>();
    template
        .findResources("AWS::KMS::Key")
        .forEach(
            (id, key) -> {
              JsonNode properties = JSON.valueToTree(key.get("Properties"));
              List<String> signers = new ArrayList<>();
              elements(properties.at("/KeyPolicy/Statement"))
                  .forEach(
                      statement -> {
                        assertThat(statement.has("NotAction"))
                            .as("NotAction in %s", statement)
                            .isFalse();
                        assertThat(statement.has("NotPrincipal"))
                            .as("NotPrincipal in %s", statement)
                            .isFalse();
                        if (actions(statement).stream()
                            .anyMatch(action -> covers(action, "kms:Sign"))) {
                          assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                          signers.add(statement.at("/Principal/AWS/Fn::GetAtt/0").asText());
                        }
                      });
              // a key without KeySpec is CloudFormation's default, SYMMETRIC_DEFAULT (the alarm
              // topic's)
              signersByKeySpec
                  .computeIfAbsent(
                      properties.path("KeySpec").asText("SYMMETRIC_DEFAULT"),
                      spec -> new ArrayList<>())
                  .addAll(signers);
            });

    assertThat(signersByKeySpec)
        .containsOnlyKeys("ECC_NIST_P256", "HMAC_256", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT");
    assertThat(signersByKeySpec.get("ECC_NIST_P256"))
        .containsExactly(logicalId(template, "AWS::IAM::Role", "AuthApiAuthRole"));
    assertThat(signersByKeySpec.get("HMAC_256")).isEmpty();
    assertThat(signersByKeySpec.get("SYMMETRIC_DEFAULT")).isEmpty();
    // each of the four treasury and gas-tank keys names the signer's role, and only it
    assertThat(signersByKeySpec.get("ECC_SECG_P256K1")).hasSize(4).containsOnly(signerRole());
  }

  @Test
  void kmsSignAppearsOnlyWhereTheSignersAreNamed() throws Exception {
    String text = JSON.writeValueAsString(template.toJSON());

    // the JWT key's statement for the auth role, the four treasury key policies' statements
    // for the signer's role, the signer's IAM statement on them and its tag-limited one on
    // wallet keys (sweeps): seven, and nowhere else
    assertThat(text.split("\"kms:Sign\"", -1)).hasSize(8);
    assertThat(text).doesNotContain("\"kms:*\"");
  }

  @Test
  void onlyTheDispatcherDecryptsWithTheSecretsKeyOnlyTheMerchantEncryptsBothForWebhookSecrets()
      throws Exception {
    // what would open a sealed secret: decrypting it, re-encrypting it from the key, or
    // granting oneself either
    List<String> opening = List.of("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant");

    // IAM: no statement of any role allows it, on any key (the dispatcher's Decrypt is in the
    // key policy, which delegates no use of the key to IAM)
    for (Grant grant : iamStatements(template)) {
      JsonNode statement = grant.statement();
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
      for (String action : actions(statement)) {
        assertThat(opening).as("%s in %s", action, statement).noneMatch(use -> covers(action, use));
      }
    }
    // the key policy: the account's administration (delegated to IAM, which grants none of it
    // above), the merchant function's Encrypt and the webhook dispatcher's Decrypt, both for
    // webhook signing secrets only
    Map<String, Map<String, Object>> keys =
        template.findResources(
            "AWS::KMS::Key", Map.of("Properties", Map.of("KeySpec", "SYMMETRIC_DEFAULT")));
    assertThat(keys).hasSize(1);
    List<JsonNode> statements =
        elements(
                JSON.valueToTree(keys.values().iterator().next())
                    .at("/Properties/KeyPolicy/Statement"))
            .toList();
    assertThat(statements).hasSize(3);
    List<String> decrypters = new ArrayList<>();
    for (JsonNode statement : statements) {
      assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
      assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
      assertThat(statement.has("NotPrincipal")).as("NotPrincipal in %s", statement).isFalse();
      for (String action : actions(statement)) {
        assertThat(covers(action, "kms:ReEncryptFrom")).as("%s in %s", action, statement).isFalse();
        if (covers(action, "kms:Decrypt")) {
          decrypters.add(statement.at("/Principal/AWS/Fn::GetAtt/0").asText());
        }
      }
    }
    assertThat(statements.getFirst().path("Sid").asText())
        .isEqualTo("AccountAdministersButDoesNotUse");
    Map<String, String> purpose =
        Map.of("kms:EncryptionContext:stablepay:purpose", "webhook-signing-secret");
    JsonNode encrypt = statements.get(1);
    assertThat(actions(encrypt)).containsExactly("kms:Encrypt");
    assertThat(encrypt.at("/Principal/AWS/Fn::GetAtt/0").asText())
        .isEqualTo(logicalId(template, "AWS::IAM::Role", "MerchantApiMerchantRole"));
    assertThat(encrypt.get("Condition"))
        .isEqualTo(JSON.valueToTree(Map.of("StringEquals", purpose)));
    JsonNode decrypt = statements.get(2);
    assertThat(actions(decrypt)).containsExactly("kms:Decrypt");
    assertThat(decrypt.at("/Principal/AWS/Fn::GetAtt/0").asText())
        .isEqualTo(logicalId(template, "AWS::IAM::Role", "WebhooksDispatcherRole"));
    assertThat(decrypt.get("Condition"))
        .isEqualTo(JSON.valueToTree(Map.of("StringEquals", purpose)));
    assertThat(decrypters)
        .containsExactly(logicalId(template, "AWS::IAM::Role", "WebhooksDispatcherRole"));
    // no other key policy or IAM statement decrypts with any key, but CloudWatch's on the alarm
    // topic's key (publishing to an encrypted topic takes it), which seals no secret
    String text = JSON.writeValueAsString(template.toJSON());
    assertThat(text.split("\"kms:Decrypt\"", -1)).hasSize(3);
    assertThat(
            elements(
                properties(template, "AWS::KMS::Key", "AlarmsTopicKey").at("/KeyPolicy/Statement")))
        .filteredOn(st -> actions(st).contains("kms:Decrypt"))
        .singleElement()
        .satisfies(
            st -> {
              assertThat(st.at("/Principal/Service").asText())
                  .isEqualTo("cloudwatch.amazonaws.com");
              assertThat(st.at("/Principal/AWS").isMissingNode()).isTrue();
            });
    assertThat(text).doesNotContain("kms:ReEncrypt");
  }

  @Test
  void theWalletFunctionAndTheGaugesReadThePublicKeysOfTheTreasuryAndGasTankKeysOnly() {
    Map<String, Map<String, Object>> treasuryKeys = treasuryKeys();
    assertThat(treasuryKeys)
        .hasSize(4)
        .allSatisfy(
            (id, key) -> {
              assertThat(id).startsWith("Treasury");
              assertThat(key.get("DeletionPolicy")).isEqualTo("Retain");
            });
    template.hasResourceProperties(
        "AWS::KMS::Alias", Map.of("AliasName", "alias/stablepay/treasury/ETHEREUM"));
    template.hasResourceProperties(
        "AWS::KMS::Alias", Map.of("AliasName", "alias/stablepay/gas-tank/POLYGON"));

    // no role's policy but the wallet function's, the gauges' and the signer's names a treasury key
    SortedMap<String, JsonNode> users = new TreeMap<>();
    template
        .findResources("AWS::IAM::Policy")
        .forEach(
            (id, policy) -> {
              JsonNode json = JSON.valueToTree(policy);
              if (treasuryKeys.keySet().stream()
                  .anyMatch(key -> json.toString().contains("\"" + key + "\""))) {
                assertThat(json.at("/Properties/Roles")).hasSize(1);
                users.put(json.at("/Properties/Roles/0/Ref").asText(), json);
              }
            });
    String walletRole = logicalId(template, "AWS::IAM::Role", "WalletApiWalletRole");
    String gaugesRole = logicalId(template, "AWS::IAM::Role", "GaugesFunctionRole");
    assertThat(users).containsOnlyKeys(walletRole, gaugesRole, signerRole());
    for (String reader : List.of(walletRole, gaugesRole)) {
      JsonNode read = treasuryStatement(users.get(reader));
      assertThat(read.path("Effect").asText()).isEqualTo("Allow");
      assertThat(read.has("Condition")).isFalse();
      assertThat(actions(read)).containsExactlyInAnyOrder("kms:GetPublicKey", "kms:DescribeKey");
      assertThat(elements(read.get("Resource")).map(arn -> arn.at("/Fn::GetAtt/0").asText()))
          .containsExactlyInAnyOrderElementsOf(treasuryKeys.keySet());
    }
    // the gauges only read: no write to the table, no signing
    assertThat(users.get(gaugesRole).toString())
        .doesNotContain("dynamodb:PutItem")
        .doesNotContain("dynamodb:UpdateItem")
        .doesNotContain("kms:Sign");
    assertThat(actions(treasuryStatement(users.get(signerRole()))))
        .containsExactlyInAnyOrder("kms:Sign", "kms:GetPublicKey", "kms:DescribeKey");
  }

  @Test
  void noTreasuryKeysWithoutAnEvmNetwork() throws Exception {
    Template tronOnly = TestStacks.tronOnly().template();

    assertThat(
            tronOnly.findResources(
                "AWS::KMS::Key", Map.of("Properties", Map.of("KeySpec", "ECC_SECG_P256K1"))))
        .isEmpty();
    tronOnly.resourceCountIs("AWS::KMS::Alias", 0);
    String text = JSON.writeValueAsString(tronOnly.toJSON());
    assertThat(text)
        .doesNotContain("ReadTreasuryPublicKeys")
        .doesNotContain("SignWithTreasuryKeys")
        .doesNotContain("SignWithWalletKeysToSweep")
        .doesNotContain(WithdrawalSigner.ENABLED_ENV);
    // nothing to sign with, so the signer's role signs nothing: only the auth function signs
    // (tokens)
    assertThat(text.split("\"kms:Sign\"", -1)).hasSize(2);
    assertThat(tronOnly.findResources("AWS::IAM::Role").keySet())
        .anyMatch(role -> role.startsWith("WithdrawalsSignerRole"));
  }

  @Test
  void everyFunctionRunsItsOwnHandlerFromItsModulesJar() throws Exception {
    Map<String, Handler> handlers = handlers(template);

    // one function per handler, each handler class once
    template.resourceCountIs("AWS::Lambda::Function", 24);
    assertThat(handlers.values()).containsExactlyInAnyOrderElementsOf(Handler.ALL);
    assertThat(Handler.ALL.stream().map(Handler::className)).doesNotHaveDuplicates();
    assertThat(Handler.ALL.stream().map(Handler::function))
        .containsExactlyElementsOf(Functions.ALL);
    assertThat(Handler.MODULES)
        .hasSize(10)
        .doesNotHaveDuplicates()
        .allSatisfy(module -> assertThat(module).endsWith("-function"));
    // by construct: a function's logical id starts with its construct's and its own id
    assertThat(handlerOf(template, "BlockchainApiBlockchainFunction"))
        .isEqualTo(Handler.BLOCKCHAIN_API);
    assertThat(handlerOf(template, "AuthApiAuthFunction")).isEqualTo(Handler.AUTH_API);
    assertThat(handlerOf(template, "WalletApiWalletFunction")).isEqualTo(Handler.WALLET_API);
    assertThat(handlerOf(template, "ChainWatcherFunction")).isEqualTo(Handler.CHAIN_WATCHER);
    assertThat(handlerOf(template, "MerchantApiMerchantFunction")).isEqualTo(Handler.MERCHANT_API);
    assertThat(handlerOf(template, "WithdrawalsSignerFunction")).isEqualTo(Handler.SIGNER_API);
    assertThat(handlerOf(template, "WithdrawalsTrackerFunction"))
        .isEqualTo(Handler.WITHDRAWAL_TRACKER);
    assertThat(handlerOf(template, "WithdrawalsSweeperFunction")).isEqualTo(Handler.SWEEPER);
    assertThat(handlerOf(template, "WithdrawalsSettlerFunction")).isEqualTo(Handler.SETTLER);
    assertThat(handlerOf(template, "GaugesFunction")).isEqualTo(Handler.GAUGES);
    assertThat(handlerOf(template, "WebhooksRelayFunction")).isEqualTo(Handler.WEBHOOK_RELAY);
    assertThat(handlerOf(template, "WebhooksDispatcherFunction"))
        .isEqualTo(Handler.WEBHOOK_DISPATCHER);
    assertThat(handlerOf(template, "KycReviewKycFunction")).isEqualTo(Handler.KYC_API);
    assertThat(handlerOf(template, "KycReviewKycCheckFunction")).isEqualTo(Handler.KYC_CHECK);
    assertThat(handlerOf(template, "KycReviewKycAwaitDecisionFunction"))
        .isEqualTo(Handler.KYC_AWAIT_DECISION);
    assertThat(handlerOf(template, "KycReviewKycFinishFunction")).isEqualTo(Handler.KYC_FINISH);
    assertThat(handlerOf(template, "SubscriptionsFunction")).isEqualTo(Handler.SUBSCRIPTION_API);
    assertThat(handlerOf(template, "SubscriptionsSubscriptionScheduleFunction"))
        .isEqualTo(Handler.SUBSCRIPTION_SCHEDULE);
    assertThat(handlerOf(template, "SubscriptionsSubscriptionChargeFunction"))
        .isEqualTo(Handler.SUBSCRIPTION_CHARGE);
    assertThat(handlerOf(template, "EscrowFunction")).isEqualTo(Handler.ESCROW_API);
    assertThat(handlerOf(template, "EscrowEscrowScheduleFunction"))
        .isEqualTo(Handler.ESCROW_SCHEDULE);
    assertThat(handlerOf(template, "EscrowEscrowChainFunction")).isEqualTo(Handler.ESCROW_CHAIN);
    assertThat(handlerOf(template, "EscrowEscrowAwaitFunction")).isEqualTo(Handler.ESCROW_AWAIT);
    assertThat(handlerOf(template, "EscrowEscrowDeadlineFunction"))
        .isEqualTo(Handler.ESCROW_DEADLINE);
    // each workflow step's function, of its workflow's module
    for (var steps :
        Map.of(
                "KycReview",
                KycReview.STEPS,
                "Subscriptions",
                Subscriptions.STEPS,
                "Escrow",
                Escrow.STEPS)
            .entrySet()) {
      for (StandardWorkflow.Step step : steps.getValue()) {
        assertThat(handlerOf(template, steps.getKey() + step.id() + "Function"))
            .as(step.id())
            .isEqualTo(step.handler());
      }
    }
    assertThat(
            Stream.of(KycReview.STEPS, Subscriptions.STEPS, Escrow.STEPS)
                .flatMap(List::stream)
                .map(StandardWorkflow.Step::handler))
        .hasSize(9)
        .doesNotHaveDuplicates()
        .isSubsetOf(Handler.ALL);
    assertThat(KycReview.STEPS)
        .extracting(step -> step.handler().module())
        .containsOnly(Handler.KYC_API.module());
    assertThat(Subscriptions.STEPS)
        .extracting(step -> step.handler().module())
        .containsOnly(Handler.SUBSCRIPTION_API.module());
    assertThat(Escrow.STEPS)
        .extracting(step -> step.handler().module())
        .containsOnly(Handler.ESCROW_API.module());
    // the routes go to the API handlers, and each API handler serves routes
    SortedMap<String, Handler> served = new TreeMap<>();
    routeTargets(template)
        .forEach(
            (route, alias) ->
                served.put(
                    route,
                    handlers.get(
                        JSON.valueToTree(template.findResources("AWS::Lambda::Alias").get(alias))
                            .at("/Properties/FunctionName/Ref")
                            .asText())));
    assertThat(served.values()).allSatisfy(handler -> assertThat(handler.api()).isTrue());
    assertThat(Set.copyOf(served.values()))
        .containsExactlyInAnyOrderElementsOf(Handler.ALL.stream().filter(Handler::api).toList());
    // every function's code is the tests' placeholder, given as every module's jar
    assertPlaceholderCode(stack, template);
    // which a function takes for its handler's module, and its local proxy is its name
    Map<String, Code> jars = new TreeMap<>();
    Handler.MODULES.forEach(module -> jars.put(module, Code.fromInline(module)));
    for (Handler handler : Handler.ALL) {
      ApiFunction.Props props =
          ApiFunction.Props.builder()
              .handler(handler)
              .jars(jars::get)
              .lambdaProxyBaseUrl("http://127.0.0.1:4000/_lambda")
              .build();
      assertThat(props.code()).as(handler.function()).isSameAs(jars.get(handler.module()));
      assertThat(props.lambdaProxyUrl())
          .isEqualTo("http://127.0.0.1:4000/_lambda/" + handler.function());
      assertThat(
              ApiFunction.Props.builder().handler(handler).jars(jars::get).build().lambdaProxyUrl())
          .isNull();
    }
  }

  @Test
  void withoutTreasuryNetworksThereIsNoTrackerSweeperOrSettler() throws Exception {
    StablepayStack ledgerOnly = TestStacks.withoutTreasury(workDir.resolve("ledger"), "ledger");
    Template ledger = Template.fromStack(ledgerOnly);
    List<Handler> signing = List.of(Handler.WITHDRAWAL_TRACKER, Handler.SWEEPER, Handler.SETTLER);

    ledger.resourceCountIs("AWS::Lambda::Function", 21);
    assertThat(handlers(ledger).values())
        .containsExactlyInAnyOrderElementsOf(
            Handler.ALL.stream().filter(handler -> !signing.contains(handler)).toList());
    // the signer's API is there all the same, serving its routes
    assertThat(handlerOf(ledger, "WithdrawalsSignerFunction")).isEqualTo(Handler.SIGNER_API);
    assertThat(routeTargets(ledger))
        .containsOnlyKeys(routeKeys(template))
        .allSatisfy(
            (route, alias) ->
                assertThat(alias.startsWith("WithdrawalsSignerLive"))
                    .as(route)
                    .isEqualTo(WithdrawalSigner.ROUTES.contains(route)));
    String text = JSON.writeValueAsString(ledger.toJSON());
    assertThat(signing)
        .allSatisfy(
            handler ->
                assertThat(text)
                    .doesNotContain(handler.className())
                    .doesNotContain("\"" + handler.function()));
    assertThat(ledger.findResources("AWS::Lambda::Function").keySet())
        .noneMatch(id -> id.startsWith("WithdrawalsTracker"))
        .noneMatch(id -> id.startsWith("WithdrawalsSweeper"))
        .noneMatch(id -> id.startsWith("WithdrawalsSettler"));
    // the watcher's, the webhook relay's and the gauges' schedules only
    ledger.resourceCountIs("AWS::Scheduler::Schedule", 3);
    assertPlaceholderCode(ledgerOnly, ledger);
    assertCdkNagClean(ledgerOnly);
  }

  @Test
  void theLedgerTableIsRetainedInAProductionStage() {
    template.hasResource(
        "AWS::DynamoDB::Table",
        Map.of(
            "DeletionPolicy",
            "Retain",
            "Properties",
            Match.objectLike(Map.of("DeletionProtectionEnabled", true))));
  }

  @Test
  void alarmsWatchEveryFunctionTheApiAndTheWatcher() throws Exception {
    String alarms = JSON.writeValueAsString(template.findResources("AWS::CloudWatch::Alarm"));

    // errors and throttles of twenty-four functions (each workflow step's among them), API
    // 5xx, watcher lag, stopped and alert lines, failed and stuck withdrawals, the tracker and
    // the sweeper stopped, the webhook relay stopped, dead-lettered webhooks, failed and
    // timed-out KYC reviews, subscriptions and escrows, and ETHEREUM's gas tank and USDT
    // treasury below their minimums
    template.resourceCountIs("AWS::CloudWatch::Alarm", 66);
    assertThat(template.findResources("AWS::CloudWatch::Alarm").keySet())
        .anyMatch(id -> id.contains("SweeperStopped"))
        .noneMatch(id -> id.contains("Tasks"));
    // each workflow step's function by its step's id, its errors and its throttles
    for (var steps :
        Map.of(
                "KycReview",
                KycReview.STEPS,
                "Subscriptions",
                Subscriptions.STEPS,
                "Escrow",
                Escrow.STEPS)
            .entrySet()) {
      for (StandardWorkflow.Step step : steps.getValue()) {
        String function =
            logicalId(template, "AWS::Lambda::Function", steps.getKey() + step.id() + "Function");
        for (String metric : List.of("Errors", "Throttles")) {
          assertThat(
                  properties(template, "AWS::CloudWatch::Alarm", "Alarms" + step.id() + metric)
                      .at("/Dimensions/0/Value"))
              .as(step.id() + metric)
              .isEqualTo(ref(function));
        }
      }
    }
    assertThat(alarms)
        .contains("\"MetricName\":\"Errors\"")
        .contains("\"MetricName\":\"Throttles\"")
        .contains("\"MetricName\":\"5xx\"")
        .contains("\"MetricName\":\"WatcherLagBlocks\"")
        .contains("\"MetricName\":\"Invocations\"")
        .contains("\"MetricName\":\"Alerts\"")
        .contains("\"MetricName\":\"WithdrawalsFailed\"")
        .contains("\"MetricName\":\"OldestOpenWithdrawalSeconds\"")
        .contains("\"MetricName\":\"ApproximateNumberOfMessagesVisible\"")
        .contains("\"MetricName\":\"ExecutionsFailed\"")
        .contains("\"MetricName\":\"ExecutionsTimedOut\"");
    template.hasResourceProperties(
        "AWS::Logs::MetricFilter", Map.of("FilterPattern", "{ $.formattedMessage = \"ALERT *\" }"));
  }

  @Test
  void exportsWhatOperatorsAndTheLocalRuntimeNeed() {
    assertThat(template.findOutputs("*"))
        .containsOnlyKeys(
            "TableName",
            "HttpApiId",
            "HttpApiUrl",
            "JwtKeyId",
            "ApiKeyMacKeyId",
            "SecretsKeyId",
            "MailFrom",
            "AdminEmail",
            "AdminPasswordSecretArn",
            "ChainEventsSecretArn",
            "NodesSecretArn",
            "WebhookQueueUrl",
            "WebhookDeadLetterQueueUrl",
            "KycReviewStateMachineArn",
            "DocumentsBucketName",
            "SubscriptionStateMachineArn",
            "EscrowStateMachineArn");
    JsonNode outputs = JSON.valueToTree(template.findOutputs("*"));
    assertThat(outputs.at("/MailFrom/Value").asText()).isEqualTo("no-reply@example.com");
    assertThat(outputs.at("/AdminEmail/Value").asText()).isEqualTo("admin@example.com");
    // the first administrator's password, the chain-event HMAC secret and the node endpoints
    template.resourceCountIs("AWS::SecretsManager::Secret", 3);
    template.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Map.of("GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 32))));
    template.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Map.of(
            "GenerateSecretString",
            Match.objectLike(Map.of("PasswordLength", 48, "ExcludePunctuation", true))));
    template.hasResourceProperties(
        "AWS::SES::EmailIdentity", Map.of("EmailIdentity", "no-reply@example.com"));
  }

  @Test
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    assertCdkNagClean(stack);
  }

  @Test
  void theTemplateIsTheSameWhateverOrderTheSettingsCameIn() throws Exception {
    List<String> ethereumFirst = List.of("ETHEREUM", "POLYGON");
    List<String> polygonFirst = List.of("POLYGON", "ETHEREUM");

    String one = templateText(TestStacks.stack(workDir.resolve("a"), "same", null, ethereumFirst));
    String two = templateText(TestStacks.stack(workDir.resolve("b"), "same", null, polygonFirst));

    assertThat(one).isEqualTo(two);
    assertThat(one.indexOf("STABLEPAY_CHAINS_ETHEREUM_ENABLED"))
        .isLessThan(one.indexOf("STABLEPAY_CHAINS_POLYGON_ENABLED"));
  }

  @Test
  void locallyEachFunctionForwardsToTheLocalRuntimeAndTheTableIsDisposable() throws Exception {
    String chainSettings =
        "{\"stablepay\":{\"chains\":{\"ethereum\":{\"tokens\":"
            + "{\"usdt\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"}}}}}";
    Template local =
        Template.fromStack(
            TestStacks.stack(
                workDir,
                "local",
                "http://127.0.0.1:4000/_lambda",
                TestStacks.NETWORKS,
                Map.of(
                    "chainSettings",
                    chainSettings,
                    "functionEnvironment",
                    "STABLEPAY_WEBHOOKS_ALLOW_HTTP=true")));
    Map<String, Handler> handlers = handlers(local);

    // each to <base>/<its function's name>, which is also its Micronaut environment
    assertThat(handlers.values()).containsExactlyInAnyOrderElementsOf(Handler.ALL);
    handlers.forEach(
        (function, handler) -> {
          SortedMap<String, JsonNode> variables =
              Templates.variables(Templates.functionProperties(local, function));
          assertThat(variables.get(ApiFunction.LAMBDA_PROXY_ENV).asText())
              .as(function)
              .isEqualTo("http://127.0.0.1:4000/_lambda/" + handler.function());
          // the stage's own settings go to every function
          assertThat(variables.get("STABLEPAY_WEBHOOKS_ALLOW_HTTP").asText())
              .as(function)
              .isEqualTo("true");
          // the local chain's addresses go to every function that reads the chains (all but auth)
          if (handler.equals(Handler.AUTH_API)) {
            assertThat(variables).doesNotContainKey(WalletApi.APPLICATION_JSON_ENV);
            // mailed unlock links start with the HTTP API's own endpoint, never a request's Host
            assertThat(variables.get("STABLEPAY_PUBLIC_API_URL").toString())
                .as(function)
                .contains("ApiEndpoint")
                .contains(Templates.logicalId(local, "AWS::ApiGatewayV2::Api", "Http"));
          } else {
            assertThat(variables.get(WalletApi.APPLICATION_JSON_ENV).asText())
                .as(function)
                .isEqualTo(chainSettings);
          }
        });
    local.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
    assertThat(
            local.findResources(
                "AWS::KMS::Key",
                Map.of(
                    "DeletionPolicy",
                    "Delete",
                    "Properties",
                    Map.of("KeySpec", "ECC_SECG_P256K1"))))
        .hasSize(4);
    assertThat(JSON.writeValueAsString(template.findResources("AWS::Lambda::Function")))
        .doesNotContain(ApiFunction.LAMBDA_PROXY_ENV)
        .doesNotContain(WalletApi.APPLICATION_JSON_ENV);
  }

  @Test
  void treasuryNetworksDefaultToTheRpcNetworksButTron() {
    SortedSet<String> networks = StablepayApp.networks("TRON,POLYGON,ETHEREUM");

    assertThat(StablepayApp.treasuryNetworks("", networks)).containsExactly("ETHEREUM", "POLYGON");
    assertThat(StablepayApp.treasuryNetworks("", Set.of())).isEmpty();
    assertThat(StablepayApp.treasuryNetworks("POLYGON, ETHEREUM", Set.of()))
        .containsExactly("ETHEREUM", "POLYGON");
    assertThat(StablepayApp.treasuryNetworks("ETHEREUM", networks)).containsExactly("ETHEREUM");
    assertThatThrownBy(() -> StablepayApp.treasuryNetworks("ethereum", networks))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nativeUsdPricesComeAsNetworkEqualsPricePairsForTreasuryNetworks() {
    Set<String> treasury = Set.of("ETHEREUM", "POLYGON");

    assertThat(StablepayApp.nativeUsdPrices("POLYGON=0.50, ETHEREUM=3000", treasury))
        .containsExactly(Map.entry("ETHEREUM", "3000"), Map.entry("POLYGON", "0.50"));
    assertThat(StablepayApp.nativeUsdPrices("", treasury)).isEmpty();
    assertThat(StablepayApp.nativeUsdPrices("ETHEREUM=0.00000001", treasury))
        .containsEntry("ETHEREUM", "0.00000001");
    for (String invalid :
        List.of(
            "ETHEREUM",
            "ethereum=3000",
            "ETHEREUM=",
            "ETHEREUM=0",
            "ETHEREUM=0.000",
            "ETHEREUM=-1",
            "ETHEREUM=1e3",
            "ETHEREUM=.5",
            "ETHEREUM=3,000",
            "ETHEREUM=0.000000001",
            "ETHEREUM=abc",
            "ETHEREUM=3000,ETHEREUM=3100")) {
      assertThatThrownBy(() -> StablepayApp.nativeUsdPrices(invalid, treasury))
          .as(invalid)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nativeUsdPrices");
    }
    assertThatThrownBy(() -> StablepayApp.nativeUsdPrices("TRON=0.1", treasury))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRON is not a treasury network");
    assertThatThrownBy(() -> StablepayApp.nativeUsdPrices("ETHEREUM=3000", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsRejectPricesOfNetworksWithoutTreasuryKeys() {
    assertThatThrownBy(
            () ->
                StackSettings.builder()
                    .treasuryNetworks(List.of("ETHEREUM"))
                    .nativeUsdPrices(Map.of("POLYGON", "0.5"))
                    .jars(module -> code())
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POLYGON");
  }

  @Test
  void networksComeAsNetworkIds() {
    assertThat(StablepayApp.networks("POLYGON, ETHEREUM")).containsExactly("ETHEREUM", "POLYGON");
    assertThat(StablepayApp.networks("")).isEmpty();
    assertThatThrownBy(() -> StablepayApp.networks("ethereum"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The treasury and gas-tank keys, by logical id. */
  private static Map<String, Map<String, Object>> treasuryKeys() {
    return template.findResources(
        "AWS::KMS::Key",
        Map.of("Properties", Map.of("KeySpec", "ECC_SECG_P256K1", "KeyUsage", "SIGN_VERIFY")));
  }

  /** The one statement of a role's policy that names treasury keys. */
  private static JsonNode treasuryStatement(JsonNode policy) {
    List<JsonNode> statements =
        elements(policy.at("/Properties/PolicyDocument/Statement"))
            .filter(st -> st.path("Resource").toString().contains("Treasury"))
            .toList();
    assertThat(statements).hasSize(1);
    return statements.getFirst();
  }

  private static String signerRole() {
    return logicalId(template, "AWS::IAM::Role", "WithdrawalsSignerRole");
  }

  /** Each function's handler, by the function's logical id; each a {@link Handler}'s class. */
  private static Map<String, Handler> handlers(Template template) {
    Map<String, Handler> byClass = new TreeMap<>();
    Handler.ALL.forEach(handler -> byClass.put(handler.className(), handler));
    SortedMap<String, Handler> handlers = new TreeMap<>();
    template
        .findResources("AWS::Lambda::Function")
        .forEach(
            (id, function) -> {
              String handler = JSON.valueToTree(function).at("/Properties/Handler").asText();
              assertThat(byClass).as(id).containsKey(handler);
              handlers.put(id, byClass.get(handler));
            });
    return handlers;
  }

  /** The handler of the one function whose logical id starts with {@code prefix}. */
  private static Handler handlerOf(Template template, String prefix) {
    return handlers(template).get(logicalId(template, "AWS::Lambda::Function", prefix));
  }

  /**
   * Every function's code is one asset, the tests' placeholder ({@link TestStacks#jars}): the
   * directory the stack's assembly staged holds the placeholder file alone.
   */
  private static void assertPlaceholderCode(StablepayStack stack, Template template)
      throws Exception {
    Path assembly = Path.of(((App) stack.getNode().getRoot()).getOutdir());
    List<String> keys =
        template.findResources("AWS::Lambda::Function").values().stream()
            .map(function -> JSON.valueToTree(function).at("/Properties/Code/S3Key").asText())
            .distinct()
            .toList();

    assertThat(keys).singleElement().asString().matches("[0-9a-f]{64}\\.zip");
    Path asset = assembly.resolve("asset." + keys.getFirst().replace(".zip", ""));
    try (Stream<Path> files = Files.list(asset)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .containsExactly(TestStacks.PLACEHOLDER_FILE);
    }
    assertThat(Files.readString(asset.resolve(TestStacks.PLACEHOLDER_FILE)))
        .isEqualTo(TestStacks.PLACEHOLDER_TEXT);
  }

  private static Code code() {
    return Code.fromInline("placeholder");
  }

  private static String templateText(StablepayStack stack) throws Exception {
    App app = (App) stack.getNode().getRoot();
    return Files.readString(
        Path.of(app.synth().getStackByName(stack.getStackName()).getTemplateFullPath()));
  }
}
