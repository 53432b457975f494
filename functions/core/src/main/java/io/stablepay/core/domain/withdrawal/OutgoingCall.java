package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A contract call the platform sends from one of its own addresses, with every signed version of
 * it: the first, and the replacements with higher fees that share its nonce (so at most one of them
 * is ever mined). Each version is stored before it is broadcast.
 *
 * @param purpose what the call does, for people reading the record (approve, create, ...)
 * @param data the ABI-encoded call, 0x-prefixed hex
 * @param attempts oldest first, never empty
 */
public record OutgoingCall(
    String purpose,
    String keyId,
    String from,
    String to,
    String data,
    long nonce,
    List<Attempt> attempts) {

  public OutgoingCall {
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(data, "data");
    attempts = List.copyOf(attempts);
    if (attempts.isEmpty()) {
      throw new IllegalArgumentException("an outgoing call has a signed version");
    }
    if (nonce < 0) {
      throw new IllegalArgumentException("a nonce is never negative");
    }
  }

  /** The first version of {@code order}, signed. */
  public static OutgoingCall first(String purpose, CallOrder order, Attempt signed) {
    return new OutgoingCall(
        purpose,
        order.keyId(),
        order.from(),
        order.to(),
        order.data(),
        order.nonce(),
        List.of(signed));
  }

  /** The order of a next version with {@code fees}: the same call and nonce. */
  public CallOrder order(TxFees fees) {
    return new CallOrder(keyId, from, to, data, nonce, fees);
  }

  public Attempt latest() {
    return attempts.getLast();
  }

  /** The hashes of every version, newest first. */
  public List<TxHash> hashes() {
    return attempts.reversed().stream().map(Attempt::hash).toList();
  }

  /** With one more version, a replacement of the others. */
  public OutgoingCall replacedBy(Attempt next) {
    List<Attempt> all = new ArrayList<>(attempts);
    all.add(next);
    return new OutgoingCall(purpose, keyId, from, to, data, nonce, all);
  }
}
