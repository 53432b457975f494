package io.stablepay.adapter.out.sqs;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * The webhook delivery queues ({@code stablepay.webhooks.*-url}; the stack creates both). The other
 * webhook settings under the same prefix are read where they are used.
 */
@ConfigurationProperties("stablepay.webhooks")
public class DeliveryQueueSettings {

  /** The queue of due deliveries; no default: a function without it has no delivery queue. */
  @NotBlank private String queueUrl;

  /** The dead-letter queue of exhausted deliveries; no default: dead-lettering fails without. */
  private String deadLetterQueueUrl;

  public String getQueueUrl() {
    return queueUrl;
  }

  public void setQueueUrl(String queueUrl) {
    this.queueUrl = queueUrl;
  }

  public String getDeadLetterQueueUrl() {
    return deadLetterQueueUrl;
  }

  public void setDeadLetterQueueUrl(String deadLetterQueueUrl) {
    this.deadLetterQueueUrl = deadLetterQueueUrl;
  }
}
