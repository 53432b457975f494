package io.stablepay.core.domain.withdrawal;

import java.util.Objects;

/**
 * What a node said to a broadcast.
 *
 * @param reason the node's message when {@link Outcome#REJECTED}, else null
 */
public record BroadcastResult(Outcome outcome, String reason) {

  public enum Outcome {
    /** The node took the transaction into its pool. */
    ACCEPTED,
    /** The node already had it (an earlier broadcast got through). */
    KNOWN,
    /** The node refused it: this transaction will not be mined as sent. */
    REJECTED
  }

  public BroadcastResult {
    Objects.requireNonNull(outcome, "outcome");
  }

  public static BroadcastResult accepted() {
    return new BroadcastResult(Outcome.ACCEPTED, null);
  }

  public static BroadcastResult known() {
    return new BroadcastResult(Outcome.KNOWN, null);
  }

  public static BroadcastResult rejected(String reason) {
    return new BroadcastResult(Outcome.REJECTED, reason);
  }

  public boolean sent() {
    return outcome != Outcome.REJECTED;
  }
}
