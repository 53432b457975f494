package io.stablepay.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The SNS topic every alarm notifies, encrypted with a key of its own (CloudWatch must be able to
 * use it, which an AWS-managed key does not allow) and taking messages over TLS only. CloudWatch
 * may publish to it for this account's alarms only; an operator's address is subscribed when the
 * stage names one, and operators may add more subscriptions (a pager, a chat) in the console.
 */
public final class AlarmTopic extends Construct {

  private static final String CLOUDWATCH = "cloudwatch.amazonaws.com";

  private final Topic topic;

  /**
   * @param email the address the alarms are mailed to, else null (no e-mail subscription)
   */
  public AlarmTopic(Construct scope, String id, String email) {
    super(scope, id);
    // nothing but messages in flight depends on the key, so it goes with the stack
    Key key =
        Key.Builder.create(this, "Key")
            .description("Encrypts the StablePay alarm topic")
            .policy(ServiceKey.administrationOnly())
            .enableKeyRotation(true)
            .pendingWindow(Duration.days(7))
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    // what publishing to an encrypted topic takes; the account itself only administers the key
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AlarmsPublish")
            .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
            .actions(List.of("kms:Decrypt", "kms:GenerateDataKey*"))
            .resources(List.of("*"))
            .build());
    topic =
        Topic.Builder.create(this, "Topic")
            .displayName("StablePay alarms")
            .masterKey(key)
            .enforceSsl(true)
            .build();
    Stack stack = Stack.of(this);
    topic.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("AlarmsOfThisAccount")
            .principals(List.of(new ServicePrincipal(CLOUDWATCH)))
            .actions(List.of("sns:Publish"))
            .resources(List.of(topic.getTopicArn()))
            .conditions(
                Map.of(
                    "StringEquals",
                    Map.of("aws:SourceAccount", stack.getAccount()),
                    "ArnLike",
                    Map.of(
                        "aws:SourceArn",
                        "arn:"
                            + stack.getPartition()
                            + ":cloudwatch:"
                            + stack.getRegion()
                            + ":"
                            + stack.getAccount()
                            + ":alarm:*")))
            .build());
    if (email != null) {
      topic.addSubscription(new EmailSubscription(email));
    }
  }

  public Topic topic() {
    return topic;
  }
}
