package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;

/**
 * A P2P transfer: to an email or a platform address, an amount of an asset (decimal string, at most
 * the asset's decimals), an optional memo.
 */
public record SendCommand(String to, TokenAmount amount, String memo) {

  public SendCommand {
    if (to == null || to.isBlank()) {
      throw new InvalidRequestException("to is required: an email or a platform address");
    }
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    if (memo != null && memo.codePointCount(0, memo.length()) > 140) {
      throw new InvalidRequestException("memo must be at most 140 characters");
    }
    to = to.trim();
  }

  public static SendCommand of(String to, String asset, String amount, String memo) {
    return new SendCommand(to, TokenAmount.parse(Asset.parse(asset), amount), memo);
  }

  public Asset asset() {
    return amount.asset();
  }
}
