package io.stablepay.core.domain;

/** Where a transaction stands on its chain. */
public enum TxStatus {
  /** Known to the node but not yet in a block. */
  PENDING,
  /** Included and executed successfully (see confirmations for finality). */
  SUCCESS,
  /** Included but reverted. */
  FAILED,
  /** The node does not know it (never sent, dropped, or on another network). */
  NOT_FOUND
}
