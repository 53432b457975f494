package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.KycStatus;

/**
 * An on-chain withdrawal: {@code amount} to the external address {@code to} on {@code network}.
 *
 * @param maxFee the most the caller accepts to pay as the network fee, in the amount's asset,
 *     typically the quoted fee; null accepts the current fee
 * @param limitStatus the verification whose daily withdrawal limit applies: a merchant's KYB status
 *     for its settlements; null, the user's own KYC status
 */
public record WithdrawCommand(
    String to,
    String network,
    TokenAmount amount,
    TokenAmount maxFee,
    String memo,
    KycStatus limitStatus) {

  /** A withdrawal under the user's own KYC limit. */
  public WithdrawCommand(
      String to, String network, TokenAmount amount, TokenAmount maxFee, String memo) {
    this(to, network, amount, maxFee, memo, null);
  }

  public WithdrawCommand {
    if (to == null || to.isBlank()) {
      throw new InvalidRequestException("to is required: the external address");
    }
    if (network == null || network.isBlank()) {
      throw new InvalidRequestException("network is required for an on-chain withdrawal");
    }
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    if (maxFee != null && maxFee.asset() != amount.asset()) {
      throw new IllegalArgumentException(
          "maxFee " + maxFee + " is not in the asset of the amount " + amount);
    }
    if (maxFee != null && maxFee.units().signum() < 0) {
      throw new InvalidRequestException("maxFee must not be negative");
    }
    if (memo != null && memo.codePointCount(0, memo.length()) > 140) {
      throw new InvalidRequestException("memo must be at most 140 characters");
    }
    to = to.trim();
  }

  public static WithdrawCommand of(
      String to, String network, String asset, String amount, String maxFee, String memo) {
    Asset parsed = Asset.parse(asset);
    return new WithdrawCommand(
        to,
        network,
        TokenAmount.parse(parsed, amount),
        maxFee == null ? null : TokenAmount.parse(parsed, maxFee),
        memo);
  }

  public Asset asset() {
    return amount.asset();
  }
}
