package io.stablepay.core.domain.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * A platform account. Holds no credential: the password hash lives only in the store and in {@link
 * StoredCredentials}, so a {@code User} can be returned or logged safely.
 */
public record User(
    String id,
    Email email,
    String firstName,
    String lastName,
    Role role,
    KycStatus kycStatus,
    boolean active,
    Instant createdAt) {

  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(kycStatus, "kycStatus");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
