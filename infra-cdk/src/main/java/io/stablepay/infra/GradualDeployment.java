package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.SortedMap;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.constructs.Construct;

/**
 * The API functions' upgrades through CodeDeploy: a deploy that changes a function's code publishes
 * a new version, and CodeDeploy moves the function's {@code live} alias to it as a canary (a tenth
 * of the requests for ten minutes, then all). If the function's errors alarm or the API's 5xx alarm
 * goes off meanwhile, or the deployment fails or is stopped, the alias goes back to the version it
 * had: the stack update fails and CloudFormation rolls the rest back too.
 */
public final class GradualDeployment extends Construct {

  /**
   * A tenth of the traffic for ten minutes, then all of it: the alarms read five-minute periods, so
   * the canary lasts long enough for one full period of its errors to be judged.
   */
  static final ILambdaDeploymentConfig CONFIG = LambdaDeploymentConfig.CANARY_10_PERCENT_10_MINUTES;

  /**
   * @param alarms the stack's alarms: each function's {@code <name>Errors}, and {@code Api5xx}
   * @param functions the functions behind the HTTP API, by the name their alarms carry
   */
  public GradualDeployment(
      Construct scope, String id, Observability alarms, SortedMap<String, ApiFunction> functions) {
    super(scope, id);
    LambdaApplication application = LambdaApplication.Builder.create(this, "Application").build();
    functions.forEach(
        (name, function) -> {
          LambdaDeploymentGroup group =
              LambdaDeploymentGroup.Builder.create(this, name)
                  .application(application)
                  .alias(function.live())
                  .deploymentConfig(CONFIG)
                  .alarms(List.of(alarms.alarm(name + "Errors"), alarms.alarm("Api5xx")))
                  .autoRollback(
                      AutoRollbackConfig.builder()
                          .failedDeployment(true)
                          .stoppedDeployment(true)
                          .deploymentInAlarm(true)
                          .build())
                  .build();
          NagSuppressions.addResourceSuppressions(
              group,
              List.of(
                  NagPackSuppression.builder()
                      .id("AwsSolutions-IAM4")
                      .reason(
                          "CodeDeploy's role for Lambda deployments is the AWS-managed "
                              + "AWSCodeDeployRoleForLambdaLimited: it may only move aliases of "
                              + "functions and read the alarms it watches, and AWS keeps it in "
                              + "step with what CodeDeploy needs.")
                      .appliesTo(
                          List.of(
                              "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                                  + "AWSCodeDeployRoleForLambdaLimited"))
                      .build()),
              true);
        });
  }
}
