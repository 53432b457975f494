package io.stablepay.core.domain.identity;

/** Where a user's identity verification stands; the KYC workflow moves it. */
public enum KycStatus {
  NOT_STARTED,
  PENDING,
  VERIFIED,
  REJECTED
}
