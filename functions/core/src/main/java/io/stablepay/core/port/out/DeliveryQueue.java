package io.stablepay.core.port.out;

/** Hands deliveries that are due to the dispatcher (SQS), and gives up on exhausted ones. */
public interface DeliveryQueue {

  void send(String eventId);

  /** Puts an exhausted delivery on the dead-letter queue (alarmed). */
  void deadLetter(String eventId, String reason);
}
