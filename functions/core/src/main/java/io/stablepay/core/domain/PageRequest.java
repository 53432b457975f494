package io.stablepay.core.domain;

/**
 * Which page of a list: at most {@code limit} items (default 20, at most 100) after the position
 * an opaque {@code cursor} from the previous page points at (null for the first page).
 */
public record PageRequest(int limit, String cursor) {

  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidRequestException("limit must be between 1 and " + MAX_LIMIT);
    }
    if (cursor != null && (cursor.isBlank() || cursor.length() > 1024)) {
      throw new InvalidRequestException("cursor is not one this API returned");
    }
  }

  public static PageRequest of(Integer limit, String cursor) {
    return new PageRequest(limit == null ? DEFAULT_LIMIT : limit, cursor);
  }
}
