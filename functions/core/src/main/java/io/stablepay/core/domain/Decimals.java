package io.stablepay.core.domain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Conversions between the decimal strings of the API ("12.50") and integer base units. The only
 * place where an amount is ever a decimal; never a float or double anywhere.
 */
public final class Decimals {

  /** The API's amount grammar: no sign, no exponent, no leading zero, no space around it. */
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("(0|[1-9]\\d{0,59})(\\.\\d{1,60})?");

  private Decimals() {}

  /**
   * Parses a non-negative plain decimal ("12.5", "0.000001") into base units of a token with {@code
   * decimals}. Rejects signs, exponents, separators, leading zeros, whitespace (it is not trimmed:
   * the text is the amount exactly) and more fractional digits than the token has; never rounds.
   *
   * @throws InvalidRequestException on any of the above ({@link InvalidValueException} for more
   *     fractional digits than the token has: the amount's form is right, its value is not)
   */
  public static BigInteger parse(String text, int decimals) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(
          "amount is required, as a decimal string such as \"12.50\"");
    }
    if (!PLAIN_DECIMAL.matcher(text).matches()) {
      throw new InvalidRequestException(
          "amount '" + text + "' is not a plain non-negative decimal such as \"12.50\"");
    }
    BigDecimal value = new BigDecimal(text);
    if (value.stripTrailingZeros().scale() > decimals) {
      // well-formed, but finer than the token: what the value means refuses it, not its form
      throw new InvalidValueException(
          "amount '" + text + "' has more than " + decimals + " fractional digits");
    }
    return value.movePointRight(decimals).toBigIntegerExact();
  }

  /** Formats base units as a plain decimal string without trailing zeros ("12.5", "0", "3"). */
  public static String format(BigInteger baseUnits, int decimals) {
    BigDecimal value = new BigDecimal(baseUnits, decimals).stripTrailingZeros();
    if (value.scale() < 0) {
      value = value.setScale(0);
    }
    return value.toPlainString();
  }
}
