package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The opaque cursors of every paginated list: a position in the list (a sort key),
 * base64url-encoded. Clients only hand them back; a cursor that does not decode to a position of
 * the list's shape is refused, so no caller can steer a query elsewhere.
 */
final class Cursors {

  private Cursors() {}

  static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position {@code cursor} holds.
   *
   * @throws InvalidRequestException when it is not base64url, or not of {@code shape}
   */
  static String decode(String cursor, Pattern shape) {
    String position;
    try {
      position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!shape.matcher(position).matches()) {
      throw invalid();
    }
    return position;
  }

  private static InvalidRequestException invalid() {
    return new InvalidValueException("cursor is not one this API returned");
  }
}
