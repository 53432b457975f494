package io.stablepay.adapter.out.sfn;

import io.micronaut.json.JsonMapper;
import io.stablepay.core.port.out.Workflows;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * The workflows as Step Functions Standard state machines, by ARN from configuration ({@link
 * WorkflowSettings}); a function uses only the ones it is given. Executions are named by the
 * caller, which makes a start idempotent: Step Functions refuses a second execution of a name with
 * another input and answers the first with the same one.
 */
@Singleton
final class StepFunctionsWorkflows implements Workflows {

  private final SfnClient sfn;
  private final JsonMapper json;
  private final String kycReviewArn;
  private final String subscriptionArn;
  private final String escrowArn;

  StepFunctionsWorkflows(SfnClient sfn, JsonMapper json, WorkflowSettings settings) {
    this.sfn = sfn;
    this.json = json;
    this.kycReviewArn = settings.getKycReviewArn();
    this.subscriptionArn = settings.getSubscriptionArn();
    this.escrowArn = settings.getEscrowArn();
  }

  private String arn(Workflow workflow) {
    String arn =
        switch (workflow) {
          case KYC_REVIEW -> kycReviewArn;
          case SUBSCRIPTION -> subscriptionArn;
          case ESCROW -> escrowArn;
        };
    if (arn == null || arn.isBlank()) {
      throw new IllegalStateException(
          "the "
              + workflow
              + " state machine is not configured"
              + " here (stablepay.workflows.*-arn)");
    }
    return arn;
  }

  private String executionArn(Workflow workflow, String name) {
    return arn(workflow).replace(":stateMachine:", ":execution:") + ":" + name;
  }

  @Override
  public void stop(Workflow workflow, String name) {
    try {
      sfn.stopExecution(s -> s.executionArn(executionArn(workflow, name)));
    } catch (ExecutionDoesNotExistException e) {
      // nothing runs under that name: nothing to stop
    } catch (ValidationException e) {
      // an execution that has ended is refused as "not running" (by the emulator at least):
      // nothing to stop either; anything else is a real error
      if (running(workflow, name)) {
        throw e;
      }
    }
  }

  @Override
  public boolean running(Workflow workflow, String name) {
    try {
      return sfn.describeExecution(d -> d.executionArn(executionArn(workflow, name))).status()
          == ExecutionStatus.RUNNING;
    } catch (ExecutionDoesNotExistException e) {
      return false;
    }
  }

  @Override
  public String start(Workflow workflow, String name, Map<String, String> input) {
    String arn = arn(workflow);
    String body = json(input);
    try {
      return sfn.startExecution(s -> s.stateMachineArn(arn).name(name).input(body)).executionArn();
    } catch (ExecutionAlreadyExistsException e) {
      // the same name with the same input is answered by AWS without this exception; an
      // emulator may refuse it: the execution exists either way
      return executionArn(workflow, name);
    }
  }

  @Override
  public boolean succeed(String taskToken, Map<String, String> output) {
    try {
      sfn.sendTaskSuccess(s -> s.taskToken(taskToken).output(json(output)));
      return true;
    } catch (TaskDoesNotExistException | TaskTimedOutException | InvalidTokenException e) {
      return false;
    } catch (SfnException e) {
      if ("TaskDoesNotExist".equals(e.awsErrorDetails().errorCode())) {
        return false;
      }
      throw e;
    }
  }

  private String json(Map<String, String> values) {
    try {
      return json.writeValueAsString(new TreeMap<>(values));
    } catch (IOException e) {
      throw new UncheckedIOException("a string map always serialises", e);
    }
  }
}
