package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.assertFunctionAlarms;
import static io.stablepay.infra.Templates.assertInvokedEveryMinuteWithoutRetries;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.covers;
import static io.stablepay.infra.Templates.elements;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.iamStatements;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.policiesOf;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.ref;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static io.stablepay.infra.Templates.withoutNodesSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.infra.Templates.Grant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Webhook delivery in the whole stack and alone: the queue and its dead-letter queue (encrypted,
 * TLS only, redrive after five receives), the dispatcher's event source (five at a time, partial
 * batch failures), the relay's every-minute schedule, both functions' settings, and their
 * permissions: the dispatcher, and no other principal, may decrypt with the secrets key, and only
 * webhook signing secrets; neither function may use any other key, nor sign.
 */
class WebhookDeliveryTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROXY_BASE = "http://127.0.0.1:4000/_lambda";

  /** What opens a sealed secret: decrypting it, or re-encrypting it under another key. */
  private static final List<String> OPENING = List.of("kms:Decrypt", "kms:ReEncryptFrom");

  /** ...and, in IAM, granting oneself either (the account's key statement allows kms:Create*). */
  private static final List<String> OPENING_OR_GRANTING =
      List.of("kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant");

  @TempDir static Path workDir;

  private static StablepayStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() throws Exception {
    stack = TestStacks.prod().stack();
    template = TestStacks.prod().template();
  }

  @Test
  void theQueueIsEncryptedTlsOnlyAndRedrivesToTheDeadLetterQueueAfterFiveReceives() {
    template.resourceCountIs("AWS::SQS::Queue", 2);
    JsonNode queue = properties(template, "AWS::SQS::Queue", "WebhooksQueue");
    JsonNode dispatcher = functionProperties(template, "WebhooksDispatcherFunction");

    assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    assertThat(queue.has("KmsMasterKeyId")).isFalse();
    // six times the dispatcher's timeout, as AWS recommends for a Lambda event source
    assertThat(dispatcher.path("Timeout").asInt()).isEqualTo(90);
    assertThat(queue.path("VisibilityTimeout").asInt())
        .isGreaterThanOrEqualTo(6 * dispatcher.path("Timeout").asInt())
        .isEqualTo(540);
    assertThat(queue.path("RedrivePolicy"))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "deadLetterTargetArn",
                    Map.of("Fn::GetAtt", List.of(deadLetterQueue(), "Arn")),
                    "maxReceiveCount",
                    5)));
    assertTlsOnly(queue());
  }

  @Test
  void theDeadLetterQueueKeepsMessagesFourteenDaysEncryptedAndTlsOnly() {
    JsonNode dlq = properties(template, "AWS::SQS::Queue", "WebhooksDeadLetterQueue");

    assertThat(dlq.path("MessageRetentionPeriod").asInt()).isEqualTo(14 * 24 * 3600);
    assertThat(dlq.path("SqsManagedSseEnabled").asBoolean()).isTrue();
    assertThat(dlq.has("KmsMasterKeyId")).isFalse();
    assertThat(dlq.has("RedrivePolicy")).isFalse();
    assertTlsOnly(deadLetterQueue());
  }

  @Test
  void theQueueInvokesTheDispatchersLiveAliasFiveAtATimeWithPartialBatchFailures() {
    Map<String, Map<String, Object>> mappings =
        template.findResources("AWS::Lambda::EventSourceMapping");
    assertThat(mappings).hasSize(1);
    JsonNode mapping = JSON.valueToTree(mappings.values().iterator().next()).path("Properties");

    assertThat(mapping.path("BatchSize").asInt()).isEqualTo(5);
    assertThat(mapping.path("FunctionResponseTypes"))
        .isEqualTo(JSON.valueToTree(List.of("ReportBatchItemFailures")));
    assertThat(mapping.at("/EventSourceArn/Fn::GetAtt"))
        .isEqualTo(JSON.valueToTree(List.of(queue(), "Arn")));
    // the function's name qualified with the alias: the published version SnapStart restores
    JsonNode name = mapping.at("/FunctionName/Fn::Join/1");
    assertThat(name.at("/0/Fn::Select/1/Fn::Split/1/Ref").asText())
        .startsWith("WebhooksDispatcherLive");
    assertThat(name.at("/1").asText()).isEqualTo(":live");
  }

  @Test
  void theRelayRunsEveryMinuteWithoutRetries() {
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of("Handler", Handler.WEBHOOK_RELAY.className(), "Timeout", 55));
    // one run at a time is the relay's lease, not reserved concurrency (StageSettingsTest)
    assertThat(
            functionProperties(template, "WebhooksRelayFunction")
                .has("ReservedConcurrentExecutions"))
        .isFalse();
    // the scheduler's role for it may invoke the relay's live alias and nothing else
    assertInvokedEveryMinuteWithoutRetries(template, "WebhooksRelayLive");
  }

  @Test
  void bothRunTheirOwnHandlersWithThePlatformSettingsPlusTheirQueuesInRolesOfTheirOwn() {
    JsonNode relay = functionProperties(template, "WebhooksRelayFunction");
    JsonNode dispatcher = functionProperties(template, "WebhooksDispatcherFunction");
    SortedMap<String, JsonNode> wallet =
        variables(functionProperties(template, "WalletApiWalletFunction"));

    assertThat(relay.path("Handler").asText()).isEqualTo(Handler.WEBHOOK_RELAY.className());
    assertThat(dispatcher.path("Handler").asText())
        .isEqualTo(Handler.WEBHOOK_DISPATCHER.className());
    assertThat(dispatcher.has("ReservedConcurrentExecutions")).isFalse();
    SortedMap<String, JsonNode> relayVariables = variables(relay);
    assertThat(relayVariables.remove(WebhookDelivery.QUEUE_URL_ENV)).isEqualTo(ref(queue()));
    // they call no chain: no nodes secret
    assertThat(relayVariables).isEqualTo(withoutNodesSecret(wallet));
    SortedMap<String, JsonNode> dispatcherVariables = variables(dispatcher);
    assertThat(dispatcherVariables.remove(WebhookDelivery.QUEUE_URL_ENV)).isEqualTo(ref(queue()));
    assertThat(dispatcherVariables.remove(WebhookDelivery.DEAD_LETTER_QUEUE_URL_ENV))
        .isEqualTo(ref(deadLetterQueue()));
    assertThat(dispatcherVariables.remove(MerchantApi.SECRETS_KEY_ENV))
        .isEqualTo(ref(secretsKey()));
    assertThat(dispatcherVariables)
        .isEqualTo(withoutNodesSecret(wallet))
        .containsKeys(
            "STABLEPAY_TABLE",
            "STABLEPAY_JWT_KEY_ID",
            "STABLEPAY_API_KEY_MAC_KEY_ID",
            "STABLEPAY_NETWORK_PROFILE",
            "STABLEPAY_CHAINS_ETHEREUM_ENABLED");
    assertThat(wallet)
        .doesNotContainKeys(
            WebhookDelivery.QUEUE_URL_ENV,
            WebhookDelivery.DEAD_LETTER_QUEUE_URL_ENV,
            MerchantApi.SECRETS_KEY_ENV);

    for (JsonNode function : List.of(relay, dispatcher)) {
      String role = function.at("/Role/Fn::GetAtt/0").asText();
      assertThat(
              template.findResources("AWS::Lambda::Function").values().stream()
                  .map(f -> JSON.valueToTree(f).at("/Properties/Role/Fn::GetAtt/0").asText())
                  .filter(role::equals))
          .hasSize(1);
    }
    assertThat(relayRole()).startsWith("WebhooksRelayRole");
    assertThat(dispatcherRole()).startsWith("WebhooksDispatcherRole");
  }

  @Test
  void onlyTheRelaySendsToTheQueueOnlyTheDispatcherReceivesAndSendsToTheDeadLetterQueue() {
    SortedMap<String, List<String>> sendersByQueue = new TreeMap<>();
    SortedMap<String, List<String>> receiversByQueue = new TreeMap<>();
    for (Grant grant : iamStatements(template)) {
      JsonNode statement = grant.statement();
      if (!"Allow".equals(statement.path("Effect").asText())) {
        continue;
      }
      for (String queue : List.of(queue(), deadLetterQueue())) {
        String resources = statement.path("Resource").toString();
        if (!resources.contains("\"" + queue + "\"") && !resources.contains("\"*\"")) {
          continue;
        }
        if (actions(statement).stream().anyMatch(a -> covers(a, "sqs:SendMessage"))) {
          sendersByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(grant.roles());
        }
        if (actions(statement).stream()
            .anyMatch(a -> covers(a, "sqs:ReceiveMessage") || covers(a, "sqs:DeleteMessage"))) {
          receiversByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(grant.roles());
        }
      }
    }

    assertThat(sendersByQueue)
        .isEqualTo(
            Map.of(queue(), List.of(relayRole()), deadLetterQueue(), List.of(dispatcherRole())));
    assertThat(receiversByQueue).isEqualTo(Map.of(queue(), List.of(dispatcherRole())));
    // exactly the actions each needs
    assertThat(statementsOf(template, relayRole()))
        .filteredOn(st -> st.toString().contains("sqs:"))
        .singleElement()
        .satisfies(
            st -> {
              assertThat(actions(st)).containsExactly("sqs:SendMessage");
              assertThat(st.at("/Resource/Fn::GetAtt"))
                  .isEqualTo(JSON.valueToTree(List.of(queue(), "Arn")));
            });
    List<JsonNode> dispatcherSqs =
        statementsOf(template, dispatcherRole()).stream()
            .filter(st -> st.toString().contains("sqs:"))
            .toList();
    assertThat(dispatcherSqs).hasSize(2);
    assertThat(dispatcherSqs)
        .anySatisfy(
            st -> {
              assertThat(actions(st)).containsExactly("sqs:SendMessage");
              assertThat(st.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(deadLetterQueue());
            });
    assertThat(dispatcherSqs)
        .anySatisfy(
            st -> {
              assertThat(actions(st))
                  .contains(
                      "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")
                  .doesNotContain("sqs:SendMessage");
              assertThat(st.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo(queue());
            });
  }

  @Test
  void onlyTheDispatcherMayDecryptWithTheSecretsKeyAndOnlyWebhookSigningSecrets() {
    List<JsonNode> statements = keyPolicy(secretsKey());
    List<JsonNode> opening =
        statements.stream()
            .filter(
                st ->
                    actions(st).stream()
                        .anyMatch(action -> OPENING.stream().anyMatch(use -> covers(action, use))))
            .toList();

    // key policy: one statement, the dispatcher's Decrypt, with the purpose as context
    assertThat(opening)
        .singleElement()
        .satisfies(
            decrypt -> {
              assertThat(decrypt.path("Sid").asText()).isEqualTo("DispatcherOpensWebhookSecrets");
              assertThat(decrypt.path("Effect").asText()).isEqualTo("Allow");
              assertThat(actions(decrypt)).containsExactly("kms:Decrypt");
              assertThat(decrypt.at("/Principal/AWS/Fn::GetAtt"))
                  .isEqualTo(JSON.valueToTree(List.of(dispatcherRole(), "Arn")));
              assertThat(decrypt.get("Condition"))
                  .isEqualTo(
                      JSON.valueToTree(
                          Map.of(
                              "StringEquals",
                              Map.of(
                                  "kms:EncryptionContext:stablepay:purpose",
                                  "webhook-signing-secret"))));
            });
    for (JsonNode statement : statements) {
      assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
      assertThat(statement.has("NotPrincipal")).as("NotPrincipal in %s", statement).isFalse();
    }
    // so IAM cannot let anyone else decrypt; it could let a role create a grant (the account's
    // statement allows kms:Create*), and no IAM statement of any role allows that either
    assertThat(statements.getFirst().path("Sid").asText())
        .isEqualTo("AccountAdministersButDoesNotUse");
    for (Grant grant : iamStatements(template)) {
      JsonNode statement = grant.statement();
      if ("Allow".equals(statement.path("Effect").asText())) {
        assertThat(statement.has("NotAction")).as("NotAction in %s", statement).isFalse();
        assertThat(actions(statement))
            .as("roles %s: %s", grant.roles(), statement)
            .noneMatch(action -> OPENING_OR_GRANTING.stream().anyMatch(use -> covers(action, use)));
      }
    }
  }

  @Test
  void neitherFunctionMayUseAnyOtherKeyNorSign() throws Exception {
    // every key policy statement naming the relay's or the dispatcher's role
    List<JsonNode> named = new ArrayList<>();
    template
        .findResources("AWS::KMS::Key")
        .forEach(
            (id, key) ->
                keyPolicy(id).stream()
                    .filter(
                        st ->
                            st.toString().contains("\"" + relayRole() + "\"")
                                || st.toString().contains("\"" + dispatcherRole() + "\""))
                    .forEach(named::add));

    assertThat(named)
        .singleElement()
        .satisfies(
            st -> {
              assertThat(st.path("Sid").asText()).isEqualTo("DispatcherOpensWebhookSecrets");
              assertThat(actions(st)).containsExactly("kms:Decrypt");
            });
    // and their IAM policies name no KMS action at all: the table, their queues, their logs
    for (String role : List.of(relayRole(), dispatcherRole())) {
      String policies = JSON.writeValueAsString(policiesOf(template, role));
      assertThat(policies)
          .as(role)
          .contains("dynamodb:PutItem")
          .contains("dynamodb:Query")
          .contains("logs:PutLogEvents")
          .contains("sqs:SendMessage")
          .doesNotContain("kms:")
          .doesNotContain("\"*\"");
    }
  }

  @Test
  void alarmsWatchBothFunctionsTheRelaysSilenceAndTheDeadLetterQueue() {
    assertFunctionAlarms(template, "WebhooksRelayFunction", "WebhooksDispatcherFunction");
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/Lambda",
            "MetricName",
            "Invocations",
            "Statistic",
            "Sum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            2,
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
                    Map.of("Ref", Match.stringLikeRegexp("WebhooksRelayFunction.*"))))));
    // any dead-lettered webhook, and the only alarm on a queue
    assertThat(
            template.findResources(
                "AWS::CloudWatch::Alarm",
                Map.of("Properties", Match.objectLike(Map.of("Namespace", "AWS/SQS")))))
        .hasSize(1);
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Map.of(
            "Namespace",
            "AWS/SQS",
            "MetricName",
            "ApproximateNumberOfMessagesVisible",
            "Statistic",
            "Maximum",
            "Period",
            300,
            "Threshold",
            1,
            "EvaluationPeriods",
            1,
            "ComparisonOperator",
            "GreaterThanOrEqualToThreshold",
            "TreatMissingData",
            "notBreaching",
            "Dimensions",
            List.of(
                Map.of(
                    "Name",
                    "QueueName",
                    "Value",
                    Map.of("Fn::GetAtt", List.of(deadLetterQueue(), "QueueName"))))));
  }

  @Test
  void exportsBothQueueUrls() {
    assertThat(
            JSON.valueToTree(template.findOutputs("WebhookQueueUrl")).at("/WebhookQueueUrl/Value"))
        .isEqualTo(ref(queue()));
    assertThat(
            JSON.valueToTree(template.findOutputs("WebhookDeadLetterQueueUrl"))
                .at("/WebhookDeadLetterQueueUrl/Value"))
        .isEqualTo(ref(deadLetterQueue()));
  }

  @Test
  void webhooksNeedNoTreasuryNetwork() throws Exception {
    Template tronOnly = TestStacks.tronOnly().template();

    tronOnly.resourceCountIs("AWS::SQS::Queue", 2);
    tronOnly.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    tronOnly.hasResourceProperties(
        "AWS::Lambda::Function", Map.of("Handler", Handler.WEBHOOK_RELAY.className()));
    tronOnly.hasResourceProperties(
        "AWS::Lambda::Function", Map.of("Handler", Handler.WEBHOOK_DISPATCHER.className()));
    assertThat(tronOnly.findOutputs("*"))
        .containsKeys("WebhookQueueUrl", "WebhookDeadLetterQueueUrl");
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInTheStack() {
    assertCdkNagClean(stack);
  }

  @Test
  void theConstructCarriesItsOwnCdkNagDecisionsAndForwardsLocally() throws Exception {
    Stack bare = TestStacks.bare(workDir, "WebhookDeliveryAlone");
    new WebhookDelivery(
        bare,
        "Webhooks",
        new WebhookDelivery.Props(
            TestStacks.wallet(bare, workDir).lambdaProxyBaseUrl(PROXY_BASE).build(),
            ServiceKey.webhookSecrets(bare, false)));
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    alone.resourceCountIs("AWS::Lambda::Function", 2);
    alone.resourceCountIs("AWS::SQS::Queue", 2);
    alone.resourceCountIs("AWS::SQS::QueuePolicy", 2);
    alone.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    alone.resourceCountIs("AWS::Scheduler::Schedule", 1);
    alone.resourceCountIs("AWS::IAM::Role", 3); // the relay's, the dispatcher's, the scheduler's
    alone.resourceCountIs("AWS::ApiGatewayV2::Route", 0);
    for (Handler handler : List.of(Handler.WEBHOOK_RELAY, Handler.WEBHOOK_DISPATCHER)) {
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
                              PROXY_BASE + "/" + handler.function())))));
    }
    assertThat(Handler.WEBHOOK_RELAY.function()).isEqualTo("webhook-relay");
    assertThat(Handler.WEBHOOK_DISPATCHER.function()).isEqualTo("webhook-dispatcher");
    // elsewhere, no forwarding
    assertThat(
            functionProperties(template, "WebhooksDispatcherFunction")
                .at("/Environment/Variables")
                .has(ApiFunction.LAMBDA_PROXY_ENV))
        .isFalse();
  }

  @Test
  void propsNeedTheWalletSettingsAndTheSecretsKey() {
    assertThatThrownBy(() -> new WebhookDelivery.Props(null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("wallet");
  }

  /** A queue policy that denies every SQS action on the queue without TLS. */
  private static void assertTlsOnly(String queue) {
    List<JsonNode> denials =
        template.findResources("AWS::SQS::QueuePolicy").values().stream()
            .map(policy -> (JsonNode) JSON.valueToTree(policy).path("Properties"))
            .filter(policy -> policy.path("Queues").equals(JSON.valueToTree(List.of(ref(queue)))))
            .flatMap(policy -> elements(policy.at("/PolicyDocument/Statement")))
            .filter(st -> "Deny".equals(st.path("Effect").asText()))
            .toList();
    assertThat(denials)
        .as(queue)
        .singleElement()
        .satisfies(
            deny -> {
              assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText())
                  .isEqualTo("false");
              assertThat(actions(deny)).containsExactly("sqs:*");
            });
  }

  private static String queue() {
    return logicalId(template, "AWS::SQS::Queue", "WebhooksQueue");
  }

  private static String deadLetterQueue() {
    return logicalId(template, "AWS::SQS::Queue", "WebhooksDeadLetterQueue");
  }

  private static String relayRole() {
    return logicalId(template, "AWS::IAM::Role", "WebhooksRelayRole");
  }

  private static String dispatcherRole() {
    return logicalId(template, "AWS::IAM::Role", "WebhooksDispatcherRole");
  }

  private static String secretsKey() {
    return Templates.secretsKey(template);
  }

  private static List<JsonNode> keyPolicy(String key) {
    return elements(
            JSON.valueToTree(template.findResources("AWS::KMS::Key").get(key))
                .at("/Properties/KeyPolicy/Statement"))
        .toList();
  }
}
