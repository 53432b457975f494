package io.stablepay.core.domain.identity;

import io.stablepay.core.domain.InvalidRequestException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in its normalised form (trimmed, lower-cased), the form in which it is unique.
 * The check is deliberately loose: one {@code @}, no spaces, a dot in the domain; delivery proves
 * the rest.
 */
public record Email(String value) {

  private static final Pattern SHAPE = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

  public Email {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("email is required");
    }
    value = value.trim().toLowerCase(Locale.ROOT);
    if (value.length() > 254 || !SHAPE.matcher(value).matches()) {
      throw new InvalidRequestException("email is not a valid address");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
