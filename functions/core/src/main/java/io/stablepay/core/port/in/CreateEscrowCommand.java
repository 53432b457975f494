package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import java.time.Instant;

/**
 * An escrow as the depositor asks for it: {@code amount} put aside for {@code beneficiary} (an
 * email or a platform address).
 *
 * @param description what the escrow is for, at most {@value #MAX_DESCRIPTION} characters; blank:
 *     none
 * @param releaseAfter when it is released by itself unless disputed; null: never (how far away it
 *     may be depends on the time of the request, so the use case checks it)
 * @param network where the money is held in the platform's Escrow contract; null: in the ledger
 *     only
 */
public record CreateEscrowCommand(
    String beneficiary,
    TokenAmount amount,
    String description,
    Instant releaseAfter,
    String network) {

  public static final int MAX_DESCRIPTION = 140;

  public CreateEscrowCommand {
    beneficiary = beneficiary == null ? "" : beneficiary.strip();
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    description = description == null || description.isBlank() ? null : description.strip();
    if (description != null
        && description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
      throw new InvalidRequestException(
          "description is at most " + MAX_DESCRIPTION + " characters");
    }
  }

  public static CreateEscrowCommand of(
      String beneficiary,
      String currency,
      String amount,
      String description,
      Instant releaseAfter,
      String network) {
    return new CreateEscrowCommand(
        beneficiary,
        TokenAmount.parse(Asset.parse(currency), amount),
        description,
        releaseAfter,
        network);
  }

  public Asset asset() {
    return amount.asset();
  }
}
