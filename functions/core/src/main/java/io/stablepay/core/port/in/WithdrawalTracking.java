package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import java.util.List;

/**
 * Following sent withdrawals ({@link Withdrawals}) to their end: to the confirmation depth, or to a
 * failure that gives the user the hold back.
 */
public interface WithdrawalTracking {

  /**
   * What one tracker run did on one network.
   *
   * @param oldestOpenSeconds the age of the oldest withdrawal still open after the run (0: none)
   * @param error null when the run succeeded
   */
  record TrackReport(
      NetworkId network,
      int open,
      int completed,
      int failed,
      int rebroadcast,
      int replaced,
      long oldestOpenSeconds,
      String error) {}

  /**
   * One tracker run over every network with open withdrawals: settles final ones, releases the
   * holds of failed ones, re-broadcasts stored transactions and replaces stuck ones. Safe to run
   * twice at once: every change is written over the version read.
   */
  List<TrackReport> trackAll();
}
