package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertCdkNagClean;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.routeTargets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/**
 * With gradual deployment, each function behind the HTTP API (and no other) moves its live alias to
 * a new version through CodeDeploy, as a canary that rolls back when the function's errors alarm or
 * the API's 5xx alarm goes off; without it (the default, and the local emulator's stage, which has
 * no CodeDeploy) there is nothing of CodeDeploy in the template.
 */
class GradualDeploymentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final ProdStack PROD = new ProdStack();

  @TempDir Path workDir;

  @Test
  void byDefaultAliasesMoveAtOnceAndNothingOfCodeDeployIsThere() {
    Template template = PROD.template();

    assertThat(JSON.valueToTree(template.toJSON()).path("Resources").toString())
        .doesNotContain("AWS::CodeDeploy::")
        .doesNotContain("CodeDeployLambdaAliasUpdate");
  }

  @Test
  void theApiFunctionsDeployAsACanaryRolledBackOnTheirAlarms() throws Exception {
    StablepayStack stack =
        TestStacks.withSettings(workDir, "prod", settings -> settings.gradualDeployment(true));
    Template template = Template.fromStack(stack);
    JsonNode resources = JSON.valueToTree(template.toJSON()).path("Resources");

    // the aliases the routes invoke, each by the deployment group that moves it
    Set<String> apiAliases = new TreeSet<>(routeTargets(template).values());
    Map<String, String> groupOfAlias = new TreeMap<>();
    resources
        .properties()
        .forEach(
            resource -> {
              JsonNode update = resource.getValue().at("/UpdatePolicy/CodeDeployLambdaAliasUpdate");
              if (!update.isMissingNode()) {
                assertThat(resource.getValue().path("Type").asText())
                    .isEqualTo("AWS::Lambda::Alias");
                groupOfAlias.put(resource.getKey(), update.at("/DeploymentGroupName/Ref").asText());
              }
            });
    assertThat(apiAliases).hasSize(8);
    assertThat(groupOfAlias.keySet()).containsExactlyInAnyOrderElementsOf(apiAliases);
    assertThat(new HashSet<>(groupOfAlias.values())).hasSize(8);

    String api5xx = logicalId(template, "AWS::CloudWatch::Alarm", "AlarmsApi5xx");
    template.resourceCountIs("AWS::CodeDeploy::Application", 1);
    template.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", 8);
    for (String group : groupOfAlias.values()) {
      JsonNode properties = resources.path(group).path("Properties");
      String name = group.replaceFirst("^Deployments", "").replaceFirst("[0-9A-F]{8}$", "");
      assertThat(properties.path("DeploymentConfigName").asText())
          .as(group)
          .isEqualTo("CodeDeployDefault.LambdaCanary10Percent10Minutes");
      assertThat(properties.at("/AutoRollbackConfiguration/Enabled").asBoolean()).isTrue();
      assertThat(properties.at("/AutoRollbackConfiguration/Events"))
          .extracting(JsonNode::asText)
          .containsExactlyInAnyOrder(
              "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM");
      assertThat(properties.at("/AlarmConfiguration/Enabled").asBoolean()).isTrue();
      String errors = logicalId(template, "AWS::CloudWatch::Alarm", "Alarms" + name + "Errors");
      assertThat(properties.at("/AlarmConfiguration/Alarms"))
          .extracting(alarm -> alarm.at("/Name/Ref").asText())
          .as(group)
          .containsExactlyInAnyOrder(errors, api5xx);
    }
    // the watcher, the tracker and the workflow steps are not behind the API: deployed at once
    assertThat(groupOfAlias.keySet())
        .noneMatch(alias -> alias.startsWith("ChainWatcher"))
        .noneMatch(alias -> alias.startsWith("Webhooks"));
    assertCdkNagClean(stack);
  }

  @Test
  void runningWorkflowsInvokeAliasesWhichADeployMovesButKeeps() {
    Template template = PROD.template();

    // each workflow's tasks invoke live aliases, which a deploy moves but does not delete (the
    // version an alias leaves is deleted once the update is done: nothing invokes it by number)
    Set<String> aliases = template.findResources("AWS::Lambda::Alias").keySet();
    Set<String> stateMachines = template.findResources("AWS::StepFunctions::StateMachine").keySet();
    assertThat(stateMachines).hasSize(3);
    for (String stateMachine : stateMachines) {
      Map<String, String> tasks =
          Templates.lambdaTasks(Templates.definition(template, stateMachine));
      assertThat(tasks).as(stateMachine).isNotEmpty();
      assertThat(tasks.values())
          .as(stateMachine)
          .allSatisfy(
              target -> assertThat(aliases).contains(target.replaceAll("^<Ref:(.*)>$", "$1")));
    }
  }
}
