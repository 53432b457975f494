package io.stablepay.core.domain.treasury;

/** The platform's own wallets on a network, each a KMS key of its own. */
public enum TreasuryRole {
  /** Holds the stablecoins withdrawals are paid from, and receives sweeps. */
  TREASURY,
  /** Holds only the native coin that pays gas for sweeps from user addresses. */
  GAS_TANK
}
