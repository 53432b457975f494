package io.stablepay.core.domain.identity;

/** What a caller may do. Merchants are users who registered a business; admins run the platform. */
public enum Role {
  USER,
  MERCHANT,
  ADMIN
}
