package io.stablepay.adapter.out.sfn;

import io.stablepay.adapter.out.aws.AwsProbe;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sfn.SfnClient;

/** Step Functions answers for this account and region. */
@Singleton
final class StepFunctionsProbe extends AwsProbe {

  private final SfnClient stepFunctions;

  StepFunctionsProbe(SfnClient stepFunctions) {
    super("stepfunctions");
    this.stepFunctions = stepFunctions;
  }

  @Override
  protected String probe() {
    stepFunctions.listStateMachines(r -> r.maxResults(1));
    return null;
  }
}
