package io.stablepay.function.webhook;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.function.FunctionHandler;
import io.stablepay.schema.Functions;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook dispatcher: an SQS event source hands it due deliveries (the body is the event id).
 * Each is tried once; a failure to try (the store or the key service did not answer) is reported as
 * a batch item failure, so SQS gives only that message back. A delivery the endpoint refused is not
 * a failure here: its next try is scheduled in the store.
 */
public final class WebhookDispatcherHandler extends FunctionHandler<SQSEvent, SQSBatchResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcherHandler.class);

  @Inject WebhookDeliveries deliveries;

  @Override
  protected String function() {
    return Functions.WEBHOOK_DISPATCHER;
  }

  @Override
  public SQSBatchResponse execute(SQSEvent event) {
    return new SQSBatchResponse(dispatch(event.getRecords()));
  }

  /** Delivers each message; the ids of those that could not be tried. */
  List<SQSBatchResponse.BatchItemFailure> dispatch(List<SQSEvent.SQSMessage> messages) {
    List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
    for (SQSEvent.SQSMessage message : messages) {
      try {
        var delivery = deliveries.deliver(message.getBody().trim());
        LOG.info(
            "webhook {} to merchant {}: {} after {} attempts",
            delivery.eventId(),
            delivery.merchantId(),
            delivery.status(),
            delivery.attempts());
      } catch (RuntimeException e) {
        LOG.warn("webhook {} could not be tried: {}", message.getBody(), e.toString());
        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
      }
    }
    return failures;
  }
}
