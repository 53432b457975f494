package io.stablepay.core.domain;

import java.util.regex.Pattern;

/**
 * Which page of a list: at most {@code limit} items (default 20, at most 100) after the position an
 * opaque {@code cursor} from the previous page points at (null for the first page).
 */
public record PageRequest(int limit, String cursor) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  /**
   * What every cursor the API returns looks like (base64url); what it points at is checked after.
   */
  private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,1024}");

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (cursor != null && !CURSOR.matcher(cursor).matches()) {
      throw new InvalidRequestException(
          "cursor is not one this API returned: 1 to 1024" + " characters of base64url");
    }
  }

  public static PageRequest of(Integer limit, String cursor) {
    return new PageRequest(limit == null ? DEFAULT_LIMIT : limit, cursor);
  }
}
