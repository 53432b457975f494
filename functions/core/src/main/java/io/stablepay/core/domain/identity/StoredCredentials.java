package io.stablepay.core.domain.identity;

/** A user with the hash of their password, as the store holds it. Never leaves the core. */
public record StoredCredentials(User user, String passwordHash) {

  @Override
  public String toString() {
    return "StoredCredentials[user=" + user.id() + "]";
  }
}
