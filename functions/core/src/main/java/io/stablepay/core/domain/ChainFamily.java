package io.stablepay.core.domain;

/** A payment rail: networks of one family share address format, signing and transaction shape. */
public enum ChainFamily {
  /** Ethereum and its EVM-compatible networks: one address serves all of them. */
  EVM(18, "gas"),
  /** Tron: base58check addresses with a 0x41 prefix, TRC-20 tokens, fees in energy/bandwidth. */
  TRON(6, "energy");

  private final int nativeDecimals;
  private final String executionUnit;

  ChainFamily(int nativeDecimals, String executionUnit) {
    this.nativeDecimals = nativeDecimals;
    this.executionUnit = executionUnit;
  }

  /** What contract execution is metered in: gas on EVM, energy on Tron. */
  public String executionUnit() {
    return executionUnit;
  }

  /** Decimals of the native coin (wei per ETH: 18; sun per TRX: 6). */
  public int nativeDecimals() {
    return nativeDecimals;
  }
}
