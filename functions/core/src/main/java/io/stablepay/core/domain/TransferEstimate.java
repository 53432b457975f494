package io.stablepay.core.domain;

import java.math.BigInteger;

/**
 * What a token transfer would cost in the network's native coin.
 *
 * @param amount the transfer amount in the token's base units
 * @param units gas (EVM) or energy (Tron) the transfer needs
 * @param pricePerUnit wei per gas or sun per energy used for the fee
 * @param fee units x price, in the native coin's base units (wei, sun)
 * @param source {@code node} when the chain estimated it, {@code configuration} otherwise
 */
public record TransferEstimate(
    Network network,
    Token token,
    BigInteger amount,
    BigInteger units,
    BigInteger pricePerUnit,
    BigInteger fee,
    String source) {

  public String amountDecimal() {
    return Decimals.format(amount, token.decimals());
  }

  public String feeDecimal() {
    return Decimals.format(fee, network.family().nativeDecimals());
  }
}
