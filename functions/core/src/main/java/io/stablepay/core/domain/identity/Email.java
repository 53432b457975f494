package io.stablepay.core.domain.identity;

import io.stablepay.core.domain.InvalidRequestException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in its normalised form (trimmed, lower-cased), the form in which it is unique.
 * Only printable ASCII is accepted: a soft hyphen, a zero-width space, a Cyrillic "е" or a small
 * capital "ᴏ" would otherwise make a second account that looks like the first, to which transfers
 * by email could be sent (an internationalised domain is written in its ASCII {@code xn--} form).
 * Beyond that the check is deliberately loose: one {@code @}, a dot in the domain; delivery proves
 * the rest.
 */
public record Email(String value) {

  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

  /** Printable ASCII: what an address may be written with (its shape then refuses spaces). */
  private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x20-\\x7e]+");

  public Email {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("email is required");
    }
    value = value.trim().toLowerCase(Locale.ROOT);
    if (!PRINTABLE_ASCII.matcher(value).matches()) {
      throw new InvalidRequestException(
          "email must be written in printable ASCII (an"
              + " internationalised domain in its xn-- form): characters that look like others are"
              + " refused");
    }
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new InvalidRequestException("email is not a valid address");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
