package io.stablepay.core.port.out;

/**
 * Tells operators about something money-relevant that needs a human (a reorg deeper than the
 * confirmation depth, a credit that could not be taken back). Implementations must not throw.
 */
public interface Alerts {

  void raise(String kind, String detail);
}
