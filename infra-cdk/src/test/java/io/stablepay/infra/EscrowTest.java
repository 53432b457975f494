package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.functionProperties;
import static io.stablepay.infra.Templates.iamStatements;
import static io.stablepay.infra.Templates.joined;
import static io.stablepay.infra.Templates.keyGrants;
import static io.stablepay.infra.Templates.logicalId;
import static io.stablepay.infra.Templates.roleOf;
import static io.stablepay.infra.Templates.statementsOf;
import static io.stablepay.infra.Templates.variables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Escrow in the whole stack and alone, as every workflow that continues as new is ({@link
 * ContinuingWorkflowTest}), and what is its own: its routes and names; its steps (schedule, chain,
 * await, deadline), each a function of its own; the API function and the await step's function may
 * answer the workflow's task tokens (the await step by the workflow's name, the API function on the
 * state machine, as for the KYC review's administrators), and nothing more on them, and no other
 * step may; the definition parks a task token with the await step's live alias and waits for the
 * chain with the chain step's. Where the stack has treasury networks, all its functions run in the
 * withdrawal signer's role with the signer's settings, and what they may do on the workflow is the
 * signer role's, by the workflow's name; without them, each keeps a role of its own and withdrawals
 * stay off.
 */
class EscrowTest extends ContinuingWorkflowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE_MACHINE_ARN =
      "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:"
          + StablepayApp.stackName(ProdStack.STAGE)
          + "-Escrow";

  @RegisterExtension static final ProdStack PROD = new ProdStack();
  @RegisterExtension static final ProdStack LEDGER_ONLY = ProdStack.withoutTreasury();

  EscrowTest() {
    super(
        PROD,
        LEDGER_ONLY,
        new Workflow(
            "Escrow",
            "Escrow",
            "EscrowStateMachine",
            Escrow::new,
            Escrow.ROUTES,
            Escrow.DEFINITION_FILE,
            Escrow::definition,
            Handler.ESCROW_API,
            Escrow.STEPS,
            Map.of(
                "Schedule",
                Escrow.SCHEDULE,
                "Chain",
                Escrow.CHAIN,
                "AwaitPerson",
                Escrow.AWAIT,
                "Deadline",
                Escrow.DEADLINE),
            Escrow.ESCROW_ARN_ENV,
            List.of("states:SendTaskSuccess"),
            Set.of(Escrow.AWAIT)));
  }

  @Test
  void itsRoutesAndNamesAreTheEscrows() {
    assertThat(Escrow.ROUTES)
        .containsExactly(
            "POST /api/escrow",
            "GET /api/escrow",
            "GET /api/escrow/disputed",
            "POST /api/escrow/process",
            "GET /api/escrow/{id}",
            "GET /api/escrow/{id}/history",
            "POST /api/escrow/{id}/release",
            "POST /api/escrow/{id}/refund",
            "POST /api/escrow/{id}/dispute",
            "POST /api/escrow/{id}/resolve");
    assertThat(Handler.ESCROW_API)
        .isEqualTo(
            new Handler(
                "escrow-api", "escrow-function", "io.stablepay.function.escrow.EscrowApiHandler"));
    assertThat(Escrow.STEPS)
        .containsExactly(Escrow.SCHEDULE, Escrow.CHAIN, Escrow.AWAIT, Escrow.DEADLINE);
    assertThat(Escrow.SCHEDULE)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${EscrowScheduleFunction}", "EscrowSchedule", Handler.ESCROW_SCHEDULE));
    assertThat(Escrow.CHAIN)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${EscrowChainFunction}", "EscrowChain", Handler.ESCROW_CHAIN));
    assertThat(Escrow.AWAIT)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${EscrowAwaitFunction}", "EscrowAwait", Handler.ESCROW_AWAIT));
    assertThat(Escrow.DEADLINE)
        .isEqualTo(
            new StandardWorkflow.Step(
                "${EscrowDeadlineFunction}", "EscrowDeadline", Handler.ESCROW_DEADLINE));
    assertThat(Handler.ESCROW_SCHEDULE)
        .isEqualTo(
            new Handler(
                "escrow-schedule",
                "escrow-function",
                "io.stablepay.function.escrow.EscrowScheduleHandler"));
    assertThat(Handler.ESCROW_CHAIN)
        .isEqualTo(
            new Handler(
                "escrow-chain",
                "escrow-function",
                "io.stablepay.function.escrow.EscrowChainHandler"));
    assertThat(Handler.ESCROW_AWAIT)
        .isEqualTo(
            new Handler(
                "escrow-await",
                "escrow-function",
                "io.stablepay.function.escrow.EscrowAwaitHandler"));
    assertThat(Handler.ESCROW_DEADLINE)
        .isEqualTo(
            new Handler(
                "escrow-deadline",
                "escrow-function",
                "io.stablepay.function.escrow.EscrowDeadlineHandler"));
    assertThat(Escrow.ESCROW_ARN_ENV).isEqualTo("STABLEPAY_WORKFLOWS_ESCROW_ARN");
  }

  @Test
  void theWorkflowParksATaskTokenWithTheAwaitStepsAlias() {
    JsonNode definition = definition();
    JsonNode await = definition.at("/States/AwaitPerson");
    String alias = Templates.liveAlias(PROD.template(), "EscrowEscrowAwaitLive");

    assertThat(definition.path("StartAt").asText()).isEqualTo("Schedule");
    assertThat(definition.at("/States/Schedule/Parameters/FunctionName").asText())
        .isEqualTo(
            "<Ref:" + Templates.liveAlias(PROD.template(), "EscrowEscrowScheduleLive") + ">");
    assertThat(await.path("Resource").asText())
        .isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
    assertThat(await.at("/Parameters/FunctionName").asText()).isEqualTo("<Ref:" + alias + ">");
    assertThat(await.at("/Parameters/Payload/taskToken.$").asText()).isEqualTo("$$.Task.Token");
    // the only state that parks a task token
    assertThat(
            Templates.elements(definition.path("States"))
                .filter(state -> state.path("Resource").asText().endsWith(".waitForTaskToken")))
        .containsExactly(await);
  }

  @Test
  void theWorkflowReleasesAtTheDeadlineWithTheDeadlineStepsAlias() {
    JsonNode definition = definition();
    String alias = Templates.liveAlias(PROD.template(), "EscrowEscrowDeadlineLive");

    assertThat(definition.at("/States/WaitForDeadline/Type").asText()).isEqualTo("Wait");
    assertThat(definition.at("/States/WaitForDeadline/Next").asText()).isEqualTo("Deadline");
    assertThat(definition.at("/States/Deadline/Parameters/FunctionName").asText())
        .isEqualTo("<Ref:" + alias + ">");
  }

  @Test
  void withoutTreasuryNetworksOnlyTheAwaitStepAnswersItsOwnTaskTokens() {
    Template template = LEDGER_ONLY.template();
    String await = roleOf(functionProperties(template, "EscrowEscrowAwaitFunction"));

    assertThat(statementsOf(template, await))
        .filteredOn(st -> actions(st).stream().anyMatch(action -> action.startsWith("states:")))
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.path("Sid").asText()).isEqualTo("AnswerOwnEscrowTaskTokens");
              assertThat(actions(answer)).containsExactly("states:SendTaskSuccess");
              assertThat(joined(answer.get("Resource"), "<")).isEqualTo(STATE_MACHINE_ARN);
            });
    for (StandardWorkflow.Step step : List.of(Escrow.SCHEDULE, Escrow.CHAIN, Escrow.DEADLINE)) {
      String role = roleOf(functionProperties(template, "Escrow" + step.id() + "Function"));
      assertThat(role).as(step.id()).isNotEqualTo(await);
      assertThat(statementsOf(template, role).toString()).as(step.id()).doesNotContain("states:");
    }
    // in the whole template, that statement is the await step's role's alone
    assertThat(iamStatements(template))
        .filteredOn(
            grant -> grant.statement().path("Sid").asText().equals("AnswerOwnEscrowTaskTokens"))
        .singleElement()
        .satisfies(grant -> assertThat(grant.roles()).containsExactly(await));
  }

  @Test
  void theWorkflowWaitsForTheChainInALoopWithTheChainStepsAlias() {
    JsonNode definition = definition();
    String alias = Templates.liveAlias(PROD.template(), "EscrowEscrowChainLive");

    assertThat(definition.at("/States/WaitForChain/Type").asText()).isEqualTo("Wait");
    assertThat(definition.at("/States/WaitForChain/Next").asText()).isEqualTo("Chain");
    assertThat(definition.at("/States/Chain/Type").asText()).isEqualTo("Task");
    assertThat(definition.at("/States/Chain/Parameters/FunctionName").asText())
        .isEqualTo("<Ref:" + alias + ">");
  }

  @Test
  void withTreasuryNetworksAllItsFunctionsRunInTheSignersRole() {
    Template template = PROD.template();
    String signerRole = roleOf(functionProperties(template, "WithdrawalsSignerFunction"));

    assertThat(signerRole).startsWith("WithdrawalsSignerRole");
    for (String signer :
        List.of(
            "WithdrawalsTrackerFunction",
            "WithdrawalsSweeperFunction",
            "WithdrawalsSettlerFunction")) {
      assertThat(roleOf(functionProperties(template, signer))).as(signer).isEqualTo(signerRole);
    }
    assertThat(roleOf(functionProperties(template, "EscrowFunction"))).isEqualTo(signerRole);
    for (StandardWorkflow.Step step : Escrow.STEPS) {
      assertThat(roleOf(functionProperties(template, "Escrow" + step.id() + "Function")))
          .as(step.id())
          .isEqualTo(signerRole);
    }
    // and none has a role of its own
    assertThat(template.findResources("AWS::IAM::Role").keySet())
        .noneMatch(role -> role.startsWith("EscrowRole"))
        .noneMatch(role -> role.startsWith("EscrowEscrow"));
    // nor does the await step's answer its tokens apart: the signer's role answers them
    assertThat(JSON.valueToTree(template.toJSON()).toString())
        .doesNotContain("AnswerOwnEscrowTaskTokens");
  }

  @Test
  void withTreasuryNetworksAllItsFunctionsRunWithTheSignersSettingsAndTheWorkflowsArn() {
    Template template = PROD.template();
    SortedMap<String, JsonNode> signer =
        variables(functionProperties(template, "WithdrawalsSignerFunction"));

    assertThat(signer.get(WithdrawalSigner.ENABLED_ENV).asText()).isEqualTo("true");
    for (String prefix : functions()) {
      SortedMap<String, JsonNode> variables = variables(functionProperties(template, prefix));
      assertThat(variables.get(WithdrawalSigner.ENABLED_ENV).asText()).as(prefix).isEqualTo("true");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "ETHEREUM").asText())
          .as(prefix)
          .isEqualTo("3000");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "POLYGON").asText())
          .as(prefix)
          .isEqualTo("0.50");
      // the signer's settings (the wallet's, with withdrawals on) and the workflow's ARN
      assertThat(variables.remove(Escrow.ESCROW_ARN_ENV)).as(prefix).isNotNull();
      assertThat(variables).as(prefix).isEqualTo(signer);
    }
  }

  @Test
  void withTreasuryNetworksTheSignersRoleMayDoWhatTheEscrowsFunctionsDoOnTheWorkflowByName() {
    Template template = PROD.template();
    String signerRole = logicalId(template, "AWS::IAM::Role", "WithdrawalsSignerRole");
    String stateMachine =
        logicalId(template, "AWS::StepFunctions::StateMachine", "EscrowStateMachine");
    List<JsonNode> statements = statementsOf(template, signerRole);
    List<JsonNode> onTheWorkflow =
        statements.stream()
            .filter(st -> actions(st).stream().anyMatch(action -> action.startsWith("states:")))
            .toList();

    // start, answer the task tokens (the API function's and the await step's own), stop and
    // describe: by the state machine's name, as the step functions run in this role and the
    // workflow refers to the step functions
    assertThat(onTheWorkflow)
        .hasSize(3)
        .allSatisfy(
            st -> {
              assertThat(st.path("Effect").asText()).isEqualTo("Allow");
              assertThat(actions(st)).allMatch(action -> action.startsWith("states:"));
            });
    assertThat(onTheWorkflow)
        .filteredOn(st -> actions(st).contains("states:SendTaskSuccess"))
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.path("Sid").asText()).isEqualTo("AnswerEscrowTaskTokens");
              assertThat(actions(answer)).containsExactly("states:SendTaskSuccess");
              assertThat(joined(answer.get("Resource"), "<")).isEqualTo(STATE_MACHINE_ARN);
            });
    assertThat(onTheWorkflow)
        .filteredOn(st -> actions(st).contains("states:StartExecution"))
        .singleElement()
        .satisfies(
            start -> {
              assertThat(actions(start)).containsExactly("states:StartExecution");
              assertThat(joined(start.get("Resource"), "<")).isEqualTo(STATE_MACHINE_ARN);
            });
    assertThat(onTheWorkflow)
        .filteredOn(st -> actions(st).contains("states:StopExecution"))
        .singleElement()
        .satisfies(
            stop -> {
              assertThat(actions(stop))
                  .containsExactlyInAnyOrder("states:StopExecution", "states:DescribeExecution");
              assertThat(joined(stop.get("Resource"), "<"))
                  .isEqualTo(STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":*");
            });
    // never by reference: the step functions, in this role, would depend on the workflow
    assertThat(statements.toString()).doesNotContain(stateMachine);
    // each escrow function writes its own log group, as the signer's do
    List<String> logGroups =
        statements.stream()
            .filter(st -> st.get("Action").toString().contains("logs:"))
            .map(st -> st.at("/Resource/Fn::GetAtt/0").asText())
            .toList();
    assertThat(logGroups).anySatisfy(logs -> assertThat(logs).startsWith("EscrowLogs"));
    for (StandardWorkflow.Step step : Escrow.STEPS) {
      assertThat(logGroups)
          .as(step.id())
          .anySatisfy(logs -> assertThat(logs).startsWith("Escrow" + step.id() + "Logs"));
    }
    // and the role signs with the treasury keys, reads and writes the table (escrows and
    // nonces) and verifies callers once, under the signer's statements
    assertThat(statements.toString()).contains("kms:Sign").contains("dynamodb:PutItem");
    Map<String, List<String>> keys = keyGrants(template, signerRole);
    assertThat(keys.get("ECC_NIST_P256")).containsExactly("kms:GetPublicKey");
    assertThat(keys.get("HMAC_256")).containsExactly("kms:VerifyMac");
    assertThat(JSON.valueToTree(template.toJSON()).toString())
        .doesNotContain("EscrowVerifiesTokens")
        .doesNotContain("EscrowVerifiesApiKeys");
  }

  @Test
  void withoutTreasuryNetworksAllItsFunctionsKeepRolesOfTheirOwnAndWithdrawalsOff() {
    Template template = LEDGER_ONLY.template();

    assertThat(roleOf(functionProperties(template, "EscrowFunction"))).startsWith("EscrowRole");
    for (StandardWorkflow.Step step : Escrow.STEPS) {
      assertThat(roleOf(functionProperties(template, "Escrow" + step.id() + "Function")))
          .as(step.id())
          .startsWith("Escrow" + step.id() + "Role");
    }
    // the signer's role is there, for its API alone
    String signerRole = roleOf(functionProperties(template, "WithdrawalsSignerFunction"));
    assertThat(signerRole).startsWith("WithdrawalsSignerRole");
    assertThat(template.findResources("AWS::Lambda::Function").values())
        .filteredOn(f -> roleOf(JSON.valueToTree(f).path("Properties")).equals(signerRole))
        .hasSize(1);
    for (String prefix : functions()) {
      assertThat(variables(functionProperties(template, prefix)))
          .as(prefix)
          .doesNotContainKey(WithdrawalSigner.ENABLED_ENV)
          .allSatisfy(
              (name, value) ->
                  assertThat(name).doesNotStartWith(WithdrawalSigner.NATIVE_USD_PRICE_ENV));
    }
    assertThat(JSON.valueToTree(template.toJSON()).toString())
        .doesNotContain(WithdrawalSigner.ENABLED_ENV);
  }

  @Test
  void inTheSignersRoleTheConstructCarriesItsOwnCdkNagDecisions() throws Exception {
    Stack bare = TestStacks.bare(workDir, "EscrowSigning");
    WalletApi.Props wallet = TestStacks.wallet(bare, workDir).build();
    WithdrawalSigner signer =
        new WithdrawalSigner(
            bare,
            "Withdrawals",
            new WithdrawalSigner.Props(wallet, TestStacks.NATIVE_USD_PRICES, true));
    new TreasuryKeys(
            bare,
            "Treasury",
            TreasuryKeys.Props.builder().networks(new TreeSet<>(TestStacks.NETWORKS)).build())
        .grantSign(signer.role());
    Escrow escrow =
        new Escrow(
            bare,
            "Escrow",
            new Escrow.Props(wallet, TestStacks.STATE_MACHINES.resolve(Escrow.DEFINITION_FILE)),
            signer);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    assertThat(escrow.function().role()).isSameAs(signer.role());
    assertThat(escrow.steps().keySet()).containsExactlyElementsOf(Escrow.STEPS);
    assertThat(escrow.steps().values())
        .allSatisfy(step -> assertThat(step.role()).isSameAs(signer.role()));
    // the signer's, its schedulers' (one for each of its scheduled functions) and the
    // workflow's
    alone.resourceCountIs("AWS::IAM::Role", 5);
    // the signer's API, tracker, sweeper and settler, and the escrow's API and four steps
    alone.resourceCountIs("AWS::Lambda::Function", 9);
  }

  @Test
  void theSignersRoleServesOnlyEscrowsOfTheSameWalletSettings() throws Exception {
    Stack bare = TestStacks.bare(workDir, "EscrowOtherWallet");
    WithdrawalSigner signer =
        new WithdrawalSigner(
            bare,
            "Withdrawals",
            new WithdrawalSigner.Props(TestStacks.wallet(bare, workDir).build(), Map.of(), true));
    WalletApi.Props other =
        WalletApi.Props.builder()
            .gateway(
                new HttpApiGateway(
                    bare, "OtherHttp", HttpApiGateway.Props.builder().apiName("other").build()))
            .jars(TestStacks.jars(workDir))
            .table(new DataTable(bare, "OtherData", DataTable.Props.builder().build()).table())
            .keys(signer.wallet().jwtKey(), signer.wallet().apiKeyMac())
            .build();

    assertThatThrownBy(
            () ->
                new Escrow(
                    bare,
                    "Escrow",
                    new Escrow.Props(
                        other, TestStacks.STATE_MACHINES.resolve(Escrow.DEFINITION_FILE)),
                    signer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withdrawal signer");
  }

  /** The start of the logical id of each of the escrow's functions: the API's, each step's. */
  private static List<String> functions() {
    return Stream.concat(
            Stream.of("EscrowFunction"),
            Escrow.STEPS.stream().map(step -> "Escrow" + step.id() + "Function"))
        .toList();
  }
}
