package io.stablepay.core.domain.kyc;

import io.stablepay.core.domain.InvalidRequestException;
import java.util.Locale;

/** What a verification document is; identity documents for KYC, a registration for KYB. */
public enum DocumentType {
  PASSPORT(true, false),
  NATIONAL_ID(true, false),
  DRIVER_LICENSE(true, false),
  PROOF_OF_ADDRESS(false, false),
  BUSINESS_REGISTRATION(false, true);

  private final boolean identity;
  private final boolean business;

  DocumentType(boolean identity, boolean business) {
    this.identity = identity;
    this.business = business;
  }

  /** A document that proves who a person is (one is needed for KYC). */
  public boolean identity() {
    return identity;
  }

  /** A document that proves a business exists (one is needed for KYB). */
  public boolean business() {
    return business;
  }

  public static DocumentType parse(String name) {
    if (name != null) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // answered below
      }
    }
    throw new InvalidRequestException(
        "type must be one of PASSPORT, NATIONAL_ID, DRIVER_LICENSE,"
            + " PROOF_OF_ADDRESS, BUSINESS_REGISTRATION");
  }
}
