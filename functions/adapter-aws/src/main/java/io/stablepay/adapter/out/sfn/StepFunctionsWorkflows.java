package io.stablepay.adapter.out.sfn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.stablepay.core.port.out.Workflows;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The workflows as Step Functions Standard state machines, by ARN from configuration
 * ({@code stablepay.workflows.kyc-review-arn}). Executions are named by the caller, which makes
 * a start idempotent: Step Functions refuses a second execution of a name with another input and
 * answers the first with the same one.
 */
@Singleton
@Requires(property = "stablepay.workflows.kyc-review-arn")
final class StepFunctionsWorkflows implements Workflows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SfnClient sfn;
  private final String kycReviewArn;

  StepFunctionsWorkflows(SfnClient sfn,
      @Value("${stablepay.workflows.kyc-review-arn}") String kycReviewArn) {
    this.sfn = sfn;
    this.kycReviewArn = kycReviewArn;
  }

  @Override
  public String start(Workflow workflow, String name, Map<String, String> input) {
    String arn = switch (workflow) {
      case KYC_REVIEW -> kycReviewArn;
    };
    String body = json(input);
    try {
      return sfn.startExecution(s -> s.stateMachineArn(arn).name(name).input(body))
          .executionArn();
    } catch (ExecutionAlreadyExistsException e) {
      // the same name with the same input is answered by AWS without this exception; an
      // emulator may refuse it: the execution exists either way
      return arn.replace(":stateMachine:", ":execution:") + ":" + name;
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

  private static String json(Map<String, String> values) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(values));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string map always serialises", e);
    }
  }
}
