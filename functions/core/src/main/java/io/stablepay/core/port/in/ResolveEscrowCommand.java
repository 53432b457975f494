package io.stablepay.core.port.in;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import java.util.Locale;

/**
 * An administrator's decision of a disputed escrow, with the reason kept in the audit log.
 *
 * @param toBeneficiary for a SPLIT only: the beneficiary's part as a decimal string, the rest going
 *     to the depositor; it stays text here, as only the escrow knows its asset and what it holds
 */
public record ResolveEscrowCommand(Decision decision, String toBeneficiary, String reason) {

  public static final int MAX_REASON = 500;

  public ResolveEscrowCommand {
    if (decision == null) {
      throw new InvalidRequestException("decision is RELEASE, REFUND or SPLIT");
    }
    reason = reason(reason, "a resolution needs a reason");
    boolean named = toBeneficiary != null && !toBeneficiary.isBlank();
    if (decision == Decision.SPLIT && !named) {
      throw new InvalidValueException(
          "a SPLIT names toBeneficiary: the depositor gets" + " the rest");
    }
    if (decision != Decision.SPLIT && named) {
      throw new InvalidValueException("toBeneficiary is only for a SPLIT");
    }
  }

  public static ResolveEscrowCommand of(String decision, String toBeneficiary, String reason) {
    return new ResolveEscrowCommand(decision(decision), toBeneficiary, reason);
  }

  private static String reason(String text, String missing) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(missing);
    }
    if (text.strip().codePoints().count() > MAX_REASON) {
      throw new InvalidRequestException("a reason is at most " + MAX_REASON + " characters");
    }
    return text.strip();
  }

  private static Decision decision(String name) {
    try {
      return Decision.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("decision is RELEASE, REFUND or SPLIT");
    }
  }
}
