package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.properties;
import static io.stablepay.infra.Templates.ref;
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
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;

/**
 * Every alarm of the stack notifies the one alarm topic when it goes off and when it is OK again;
 * the topic is encrypted with a key CloudWatch may use, takes TLS only, lets only this account's
 * alarms publish, and mails the stage's alarm address when, and only when, the stage names one.
 */
class AlarmTopicTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @TempDir Path workDir;

  @Test
  void everyAlarmOfTheStackNotifiesTheTopicBothWays() {
    Template template = PROD.template();
    String topic = logicalId(template, "AWS::SNS::Topic", "AlarmsTopic");
    template.resourceCountIs("AWS::SNS::Topic", 1);

    Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");
    assertThat(alarms).hasSizeGreaterThan(50);
    alarms.forEach(
        (id, alarm) -> {
          JsonNode properties = JSON.valueToTree(alarm).path("Properties");
          assertThat(properties.path("AlarmActions")).as(id).containsExactly(ref(topic));
          assertThat(properties.path("OKActions")).as(id).containsExactly(ref(topic));
        });
    // the test stage names no alarm address
    template.resourceCountIs("AWS::SNS::Subscription", 0);
  }

  @Test
  void theTopicIsEncryptedForCloudWatchTakesTlsOnlyAndOnlyThisAccountsAlarmsPublish() {
    Stack stack = TestStacks.bare(workDir, "AlarmTopic");
    new AlarmTopic(stack, "Topic", null);
    Template template = Template.fromStack(stack);

    String key = logicalId(template, "AWS::KMS::Key", "TopicKey");
    JsonNode keyProperties = properties(template, "AWS::KMS::Key", "TopicKey");
    assertThat(keyProperties.path("EnableKeyRotation").asBoolean()).isTrue();
    assertThat(properties(template, "AWS::SNS::Topic", "Topic").at("/KmsMasterKeyId"))
        .isEqualTo(JSON.valueToTree(Map.of("Fn::GetAtt", List.of(key, "Arn"))));
    assertThat(keyProperties.at("/KeyPolicy/Statement"))
        .filteredOn(st -> st.at("/Principal/Service").asText().equals("cloudwatch.amazonaws.com"))
        .singleElement()
        .satisfies(
            st ->
                assertThat(actions(st))
                    .containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey*"));

    JsonNode statements =
        properties(template, "AWS::SNS::TopicPolicy", "Topic").at("/PolicyDocument/Statement");
    assertThat(statements)
        .filteredOn(st -> st.path("Effect").asText().equals("Deny"))
        .singleElement()
        .satisfies(
            deny ->
                assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText())
                    .isEqualTo("false"));
    assertThat(statements)
        .filteredOn(st -> st.path("Effect").asText().equals("Allow"))
        .singleElement()
        .satisfies(
            publish -> {
              assertThat(publish.at("/Principal/Service").asText())
                  .isEqualTo("cloudwatch.amazonaws.com");
              assertThat(actions(publish)).containsExactly("sns:Publish");
              assertThat(publish.at("/Condition/StringEquals/aws:SourceAccount"))
                  .isEqualTo(ref("AWS::AccountId"));
              assertThat(publish.at("/Condition/ArnLike/aws:SourceArn").toString())
                  .contains(":alarm:*");
            });
    template.resourceCountIs("AWS::SNS::Subscription", 0);
    assertCdkNagClean(stack);
  }

  @Test
  void theStagesAlarmAddressIsSubscribedByEmail() {
    Stack stack = TestStacks.bare(workDir, "Observability");
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();

    new Observability(
        stack,
        "Alarms",
        Observability.Props.builder().api(api).alarmEmail("ops@example.com").build());
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::SNS::Subscription", 1);
    template.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "email",
            "Endpoint",
            "ops@example.com",
            "TopicArn",
            ref(logicalId(template, "AWS::SNS::Topic", "AlarmsTopic"))));
    // the bare API above is no platform API: cdk-nag looks at the topic alone
    Stack alone = TestStacks.bare(workDir, "AlarmTopicWithMail");
    new AlarmTopic(alone, "Topic", "ops@example.com");
    Template.fromStack(alone).resourceCountIs("AWS::SNS::Subscription", 1);
    assertCdkNagClean(alone);
  }
}
