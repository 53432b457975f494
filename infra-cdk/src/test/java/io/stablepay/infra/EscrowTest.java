package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Escrow in the whole stack and alone, as every workflow that continues as new is
 * ({@link ContinuingWorkflowTest}), and what is its own: its routes and names; both functions
 * may answer the workflow's task tokens (the task function by the workflow's name, the API
 * function on the state machine, as for the KYC review's administrators), and nothing more on
 * them; the definition parks a task token with the task function's live alias.
 */
class EscrowTest extends ContinuingWorkflowTest {

  @RegisterExtension
  static final ProdStack PROD = new ProdStack();

  EscrowTest() {
    super(PROD, new Workflow("Escrow", "Escrow", "EscrowStateMachine", Escrow::new,
        Escrow.ROUTES, Escrow.DEFINITION_FILE, Escrow::definition,
        Escrow.TASK_FUNCTION_PLACEHOLDER, Escrow.TASK_HANDLER, Escrow.ESCROW_ARN_ENV, 3,
        List.of("states:SendTaskSuccess")));
  }

  @Test
  void itsRoutesAndNamesAreTheEscrows() {
    assertThat(Escrow.ROUTES).containsExactly(
        "POST /api/escrow", "GET /api/escrow", "GET /api/escrow/disputed",
        "POST /api/escrow/process", "GET /api/escrow/{id}", "GET /api/escrow/{id}/history",
        "POST /api/escrow/{id}/release", "POST /api/escrow/{id}/refund",
        "POST /api/escrow/{id}/dispute", "POST /api/escrow/{id}/resolve");
    assertThat(Escrow.TASK_HANDLER).isEqualTo("io.stablepay.function.wallet.EscrowTaskHandler");
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
}
