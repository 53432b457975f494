package io.stablepay.adapter.in.http.conventions;

/**
 * The patterns the OpenAPI document gives to string fields, each the grammar the API checks for
 * that kind of value, so that a request matching the document is refused only for what its values
 * mean (422 {@code invalid-value}), never for their form (400 {@code invalid-request}).
 * Schemathesis holds the API to both directions in {@code FuzzIT}.
 */
public final class ApiFormats {

  private static final String ADDRESS_BODY = "0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}";
  private static final String EMAIL_BODY = "[!-?A-~]{1,64}@[!-?A-~]+\\.[!-?A-~]+";

  /**
   * An amount: a plain decimal, no sign, exponent, separator, space or leading zero, below a
   * trillion, at most 18 fractional digits (an asset with fewer decimals refuses finer ones).
   */
  public static final String AMOUNT = "^(0|[1-9][0-9]{0,11})(\\.[0-9]{1,18})?$";

  /** An address on one of the platform's rails: EVM (0x and 40 hex digits) or Tron (base58). */
  public static final String ADDRESS = "^(" + ADDRESS_BODY + ")$";

  /** An email address written in printable ASCII: one {@code @} and a dot in the domain. */
  public static final String EMAIL = "^" + EMAIL_BODY + "$";

  /** An optional email address: one, or empty for none. */
  public static final String EMAIL_OR_EMPTY = "^(" + EMAIL_BODY + ")?$";

  /** Where money goes to by {@code to}/{@code beneficiary}: a user's email or an address. */
  public static final String EMAIL_OR_ADDRESS = "^(" + EMAIL_BODY + "|" + ADDRESS_BODY + ")$";

  /** A transaction hash: 64 hex digits, with 0x on EVM networks. */
  public static final String TX_HASH = "^(0x)?[0-9a-fA-F]{64}$";

  /**
   * An instant: ISO-8601 date and time to the second (a fraction allowed) with Z or an offset, e.g.
   * {@code 2026-12-01T10:00:00Z}.
   */
  public static final String DATE_TIME =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
          + "(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";

  /**
   * An http(s) URL's shape, or empty for none; its host, port and address are checked for what they
   * mean (and plain http only where the deployment allows it: locally).
   */
  public static final String HTTP_URL_OR_EMPTY = "^(https?://[!-~]+)?$";

  /** A settlement address, or empty (and no network) for none. */
  public static final String ADDRESS_OR_EMPTY = "^(" + ADDRESS_BODY + ")?$";

  /**
   * A page cursor: opaque base64url text that a list returned as {@code nextCursor}. One it did not
   * return is refused as a value (422).
   */
  public static final String CURSOR = "^[A-Za-z0-9_-]{1,1024}$";

  /**
   * A single-use token this API mailed (reset, unlock): opaque base64url text. One it did not
   * issue, used or lapsed is refused as a value (422).
   */
  public static final String TOKEN = "^[A-Za-z0-9_-]{1,128}$";

  /**
   * Free text that is not blank: it holds a character Java does not count as white space (what
   * {@code @NotBlank} checks; the non-breaking spaces are not white space to Java).
   */
  public static final String TEXT =
      "[^\\t\\n\\u000b\\f\\r\\u001c-\\u001f \\u1680"
          + "\\u2000-\\u2006\\u2008-\\u200a\\u2028\\u2029\\u205f\\u3000]";

  private ApiFormats() {}
}
