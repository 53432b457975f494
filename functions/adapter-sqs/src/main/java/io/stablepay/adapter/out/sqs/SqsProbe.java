package io.stablepay.adapter.out.sqs;

import io.stablepay.adapter.out.aws.AwsProbe;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SQS answers for this account and region. */
@Singleton
final class SqsProbe extends AwsProbe {

  private final SqsClient sqs;

  SqsProbe(SqsClient sqs) {
    super("sqs");
    this.sqs = sqs;
  }

  @Override
  protected String probe() {
    sqs.listQueues(r -> r.maxResults(1));
    return null;
  }
}
