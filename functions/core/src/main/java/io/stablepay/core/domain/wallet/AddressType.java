package io.stablepay.core.domain.wallet;

/**
 * Whose key an address of a user's has: the platform's (a custodial wallet in KMS) or the user's
 * own (watch-only: linked by a signed challenge, read but never credited or spent from).
 */
public enum AddressType {
  CUSTODIAL,
  WATCH_ONLY
}
