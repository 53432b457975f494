package io.stablepay.core.domain;

import java.math.BigInteger;

/**
 * One token {@code Transfer} event decoded from a transaction.
 *
 * @param token the token contract that emitted it, known to the registry or not
 */
public record TokenTransfer(
    String contract, Token token, String from, String to, BigInteger amount) {

  /** The amount as a decimal string, when the token (and so its decimals) is known. */
  public String decimalAmount() {
    return token == null ? null : Decimals.format(amount, token.decimals());
  }
}
