package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.Caller;

/** The administrators' catch-up of escrows a crash or a lost workflow execution left behind. */
public interface EscrowRecovery {

  /**
   * Catch-up (ADMIN): finishes escrows a crash left half-way (a hold or an outcome not yet
   * recorded) and starts a new execution for every open escrow whose execution is gone.
   *
   * @return how many escrows it moved on
   */
  int process(Caller admin);
}
