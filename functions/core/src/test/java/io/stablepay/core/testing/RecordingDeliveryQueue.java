package io.stablepay.core.testing;

import io.stablepay.core.port.out.DeliveryQueue;
import java.util.ArrayList;
import java.util.List;

/**
 * A queue that keeps what it was handed, in order: every event id sent (an id sent twice is there
 * twice) and every dead letter. {@link #receive} hands the ids sent since its last call to a test's
 * consumer, as SQS would, without forgetting them.
 */
public final class RecordingDeliveryQueue implements DeliveryQueue {

  /** A delivery given up on, and why. */
  public record DeadLetter(String eventId, String reason) {}

  public final List<String> sent = new ArrayList<>();
  public final List<DeadLetter> deadLetters = new ArrayList<>();
  private int received;

  @Override
  public synchronized void send(String eventId) {
    sent.add(eventId);
  }

  @Override
  public synchronized void deadLetter(String eventId, String reason) {
    deadLetters.add(new DeadLetter(eventId, reason));
  }

  /** The ids sent since the last call. */
  public synchronized List<String> receive() {
    List<String> next = List.copyOf(sent.subList(received, sent.size()));
    received = sent.size();
    return next;
  }
}
