package io.stablepay.infra;

import static io.stablepay.infra.Templates.actions;
import static io.stablepay.infra.Templates.assertNoWarnings;
import static io.stablepay.infra.Templates.functionProperties;
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
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Escrow in the whole stack and alone, as every workflow that continues as new is
 * ({@link ContinuingWorkflowTest}), and what is its own: its routes and names; both functions
 * may answer the workflow's task tokens (the task function by the workflow's name, the API
 * function on the state machine, as for the KYC review's administrators), and nothing more on
 * them; the definition parks a task token with the task function's live alias. Where the stack
 * has treasury networks, both functions run in the withdrawal signer's role with the signer's
 * settings, and what they may do on the workflow is the signer role's, by the workflow's name;
 * without them, each keeps a role of its own and withdrawals stay off.
 */
class EscrowTest extends ContinuingWorkflowTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATE_MACHINE_ARN =
      "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:"
          + StablepayApp.stackName(ProdStack.STAGE) + "-Escrow";

  @RegisterExtension
  static final ProdStack PROD = new ProdStack();
  @RegisterExtension
  static final ProdStack LEDGER_ONLY = ProdStack.withoutTreasury();

  EscrowTest() {
    super(PROD, LEDGER_ONLY, new Workflow("Escrow", "Escrow", "EscrowStateMachine", Escrow::new,
        Escrow.ROUTES, Escrow.DEFINITION_FILE, Escrow::definition,
        // Schedule, AwaitPerson, Deadline and Chain
        Escrow.TASK_FUNCTION_PLACEHOLDER, Handler.ESCROW_API, Handler.ESCROW_TASKS,
        Escrow.ESCROW_ARN_ENV, 4,
        List.of("states:SendTaskSuccess")));
  }

  @Test
  void itsRoutesAndNamesAreTheEscrows() {
    assertThat(Escrow.ROUTES).containsExactly(
        "POST /api/escrow", "GET /api/escrow", "GET /api/escrow/disputed",
        "POST /api/escrow/process", "GET /api/escrow/{id}", "GET /api/escrow/{id}/history",
        "POST /api/escrow/{id}/release", "POST /api/escrow/{id}/refund",
        "POST /api/escrow/{id}/dispute", "POST /api/escrow/{id}/resolve");
    assertThat(Handler.ESCROW_API).isEqualTo(new Handler("escrow-api", "escrow-function",
        "io.stablepay.function.escrow.EscrowApiHandler"));
    assertThat(Handler.ESCROW_TASKS).isEqualTo(new Handler("escrow-tasks", "escrow-function",
        "io.stablepay.function.escrow.EscrowTaskHandler"));
    assertThat(Escrow.ESCROW_ARN_ENV).isEqualTo("STABLEPAY_WORKFLOWS_ESCROW_ARN");
  }

  @Test
  void theWorkflowParksATaskTokenWithTheTaskAlias() {
    JsonNode definition = definition();
    JsonNode await = definition.at("/States/AwaitPerson");

    assertThat(definition.path("StartAt").asText()).isEqualTo("Schedule");
    assertThat(await.path("Resource").asText())
        .isEqualTo("arn:aws:states:::lambda:invoke.waitForTaskToken");
    assertThat(await.at("/Parameters/Payload/taskToken.$").asText()).isEqualTo("$$.Task.Token");
  }

  @Test
  void theWorkflowWaitsForTheChainInALoopWithTheTaskAlias() {
    JsonNode definition = definition();
    String alias = Templates.liveAlias(PROD.template(), "EscrowEscrowTasksLive");

    assertThat(definition.at("/States/WaitForChain/Type").asText()).isEqualTo("Wait");
    assertThat(definition.at("/States/WaitForChain/Next").asText()).isEqualTo("Chain");
    assertThat(definition.at("/States/Chain/Type").asText()).isEqualTo("Task");
    assertThat(definition.at("/States/Chain/Parameters/FunctionName").asText())
        .isEqualTo("<Ref:" + alias + ">");
  }

  @Test
  void withTreasuryNetworksBothFunctionsRunInTheSignersRole() {
    Template template = PROD.template();
    String signerRole = roleOf(functionProperties(template, "WithdrawalsSignerFunction"));

    assertThat(signerRole).startsWith("WithdrawalsSignerRole");
    for (String signer : List.of("WithdrawalsTrackerFunction", "WithdrawalsSweeperFunction",
        "WithdrawalsSettlerFunction")) {
      assertThat(roleOf(functionProperties(template, signer))).as(signer).isEqualTo(signerRole);
    }
    assertThat(roleOf(functionProperties(template, "EscrowFunction"))).isEqualTo(signerRole);
    assertThat(roleOf(functionProperties(template, "EscrowEscrowTasksFunction")))
        .isEqualTo(signerRole);
    // and neither has a role of its own
    assertThat(template.findResources("AWS::IAM::Role").keySet())
        .noneMatch(role -> role.startsWith("EscrowRole"))
        .noneMatch(role -> role.startsWith("EscrowEscrowTasksRole"));
  }

  @Test
  void withTreasuryNetworksBothFunctionsRunWithTheSignersSettingsAndTheWorkflowsArn() {
    Template template = PROD.template();
    SortedMap<String, JsonNode> signer =
        variables(functionProperties(template, "WithdrawalsSignerFunction"));

    assertThat(signer.get(WithdrawalSigner.ENABLED_ENV).asText()).isEqualTo("true");
    for (String prefix : List.of("EscrowFunction", "EscrowEscrowTasksFunction")) {
      SortedMap<String, JsonNode> variables = variables(functionProperties(template, prefix));
      assertThat(variables.get(WithdrawalSigner.ENABLED_ENV).asText()).as(prefix)
          .isEqualTo("true");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "ETHEREUM").asText())
          .as(prefix).isEqualTo("3000");
      assertThat(variables.get(WithdrawalSigner.NATIVE_USD_PRICE_ENV + "POLYGON").asText())
          .as(prefix).isEqualTo("0.50");
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
    List<JsonNode> onTheWorkflow = statements.stream()
        .filter(st -> actions(st).stream().anyMatch(action -> action.startsWith("states:")))
        .toList();

    // start, answer the task tokens (the API function's and the await task's own), stop and
    // describe: by the state machine's name, as the task function runs in this role and the
    // workflow refers to the task function
    assertThat(onTheWorkflow).hasSize(3).allSatisfy(st -> {
      assertThat(st.path("Effect").asText()).isEqualTo("Allow");
      assertThat(actions(st)).allMatch(action -> action.startsWith("states:"));
    });
    assertThat(onTheWorkflow).filteredOn(st -> actions(st).contains("states:SendTaskSuccess"))
        .singleElement().satisfies(answer -> {
          assertThat(answer.path("Sid").asText()).isEqualTo("AnswerEscrowTaskTokens");
          assertThat(actions(answer)).containsExactly("states:SendTaskSuccess");
          assertThat(joined(answer.get("Resource"), "<")).isEqualTo(STATE_MACHINE_ARN);
        });
    assertThat(onTheWorkflow).filteredOn(st -> actions(st).contains("states:StartExecution"))
        .singleElement().satisfies(start -> {
          assertThat(actions(start)).containsExactly("states:StartExecution");
          assertThat(joined(start.get("Resource"), "<")).isEqualTo(STATE_MACHINE_ARN);
        });
    assertThat(onTheWorkflow).filteredOn(st -> actions(st).contains("states:StopExecution"))
        .singleElement().satisfies(stop -> {
          assertThat(actions(stop)).containsExactlyInAnyOrder("states:StopExecution",
              "states:DescribeExecution");
          assertThat(joined(stop.get("Resource"), "<")).isEqualTo(
              STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":*");
        });
    // never by reference: the task function, in this role, would depend on the workflow
    assertThat(statements.toString()).doesNotContain(stateMachine);
    // each escrow function writes its own log group, as the signer's do
    assertThat(statements).filteredOn(st -> st.get("Action").toString().contains("logs:"))
        .extracting(st -> st.at("/Resource/Fn::GetAtt/0").asText())
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowLogs"))
        .anySatisfy(logs -> assertThat(logs).startsWith("EscrowEscrowTasksLogs"));
    // and the role signs with the treasury keys, reads and writes the table (escrows and
    // nonces) and verifies callers once, under the signer's statements
    assertThat(statements.toString()).contains("kms:Sign").contains("dynamodb:PutItem");
    Map<String, List<String>> keys = keyGrants(template, signerRole);
    assertThat(keys.get("ECC_NIST_P256")).containsExactly("kms:GetPublicKey");
    assertThat(keys.get("HMAC_256")).containsExactly("kms:VerifyMac");
    assertThat(JSON.valueToTree(template.toJSON()).toString())
        .doesNotContain("EscrowVerifiesTokens").doesNotContain("EscrowVerifiesApiKeys");
  }

  @Test
  void withoutTreasuryNetworksBothFunctionsKeepRolesOfTheirOwnAndWithdrawalsOff() {
    Template template = LEDGER_ONLY.template();
    JsonNode function = functionProperties(template, "EscrowFunction");
    JsonNode tasks = functionProperties(template, "EscrowEscrowTasksFunction");

    assertThat(roleOf(function)).startsWith("EscrowRole");
    assertThat(roleOf(tasks)).startsWith("EscrowEscrowTasksRole");
    // the signer's role is there, for its API alone
    String signerRole = roleOf(functionProperties(template, "WithdrawalsSignerFunction"));
    assertThat(signerRole).startsWith("WithdrawalsSignerRole");
    assertThat(template.findResources("AWS::Lambda::Function").values())
        .filteredOn(f -> roleOf(JSON.valueToTree(f).path("Properties")).equals(signerRole))
        .hasSize(1);
    for (JsonNode properties : List.of(function, tasks)) {
      assertThat(variables(properties)).doesNotContainKey(WithdrawalSigner.ENABLED_ENV)
          .allSatisfy((name, value) ->
              assertThat(name).doesNotStartWith(WithdrawalSigner.NATIVE_USD_PRICE_ENV));
    }
    assertThat(JSON.valueToTree(template.toJSON()).toString())
        .doesNotContain(WithdrawalSigner.ENABLED_ENV);
  }

  @Test
  void inTheSignersRoleTheConstructCarriesItsOwnCdkNagDecisions() throws Exception {
    Stack bare = TestStacks.bare(workDir, "EscrowSigning");
    WalletApi.Props wallet = TestStacks.wallet(bare, workDir).build();
    WithdrawalSigner signer = new WithdrawalSigner(bare, "Withdrawals",
        new WithdrawalSigner.Props(wallet, TestStacks.NATIVE_USD_PRICES, true));
    new TreasuryKeys(bare, "Treasury", TreasuryKeys.Props.builder()
        .networks(new TreeSet<>(TestStacks.RPC_URLS.keySet())).build())
        .grantSign(signer.role());
    Escrow escrow = new Escrow(bare, "Escrow", new Escrow.Props(wallet,
        TestStacks.STATE_MACHINES.resolve(Escrow.DEFINITION_FILE)), signer);
    assertNoWarnings(bare);
    Template alone = Template.fromStack(bare);

    assertThat(escrow.function().role()).isSameAs(signer.role());
    assertThat(escrow.tasks().role()).isSameAs(signer.role());
    // the signer's, its schedulers' (one for each of its scheduled functions) and the
    // workflow's
    alone.resourceCountIs("AWS::IAM::Role", 5);
    // the signer's API, tracker, sweeper and settler, and the escrow's two
    alone.resourceCountIs("AWS::Lambda::Function", 6);
  }

  @Test
  void theSignersRoleServesOnlyEscrowsOfTheSameWalletSettings() throws Exception {
    Stack bare = TestStacks.bare(workDir, "EscrowOtherWallet");
    WithdrawalSigner signer = new WithdrawalSigner(bare, "Withdrawals",
        new WithdrawalSigner.Props(TestStacks.wallet(bare, workDir).build(), Map.of(), true));
    WalletApi.Props other = WalletApi.Props.builder()
        .gateway(new HttpApiGateway(bare, "OtherHttp",
            HttpApiGateway.Props.builder().apiName("other").build()))
        .jars(TestStacks.jars(workDir))
        .table(new DataTable(bare, "OtherData", DataTable.Props.builder().build()).table())
        .keys(signer.wallet().jwtKey(), signer.wallet().apiKeyMac())
        .build();

    assertThatThrownBy(() -> new Escrow(bare, "Escrow", new Escrow.Props(other,
        TestStacks.STATE_MACHINES.resolve(Escrow.DEFINITION_FILE)), signer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("withdrawal signer");
  }
}
