package io.stablepay.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.port.in.Identity;
import io.stablepay.core.port.out.SecretStore;
import io.stablepay.schema.Functions;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Creates the first administrator at start-up when no account has {@code stablepay.admin.email}
 * yet. Deployed, the password is a secret the stack generated ({@code
 * stablepay.admin.password-secret}, read from Secrets Manager); locally it is passed as {@code
 * stablepay.admin.password}. An existing account is never changed, and then the password is not
 * read at all.
 */
@Singleton
@Requires(env = Functions.AUTH_API)
// only where an administrator is configured: the settings file maps an unset variable to ""
@Requires(property = "stablepay.admin.email", pattern = ".*\\S.*")
class AdminBootstrap {

  private final Identity identity;
  private final String email;
  private final String password;
  private final String passwordSecret;
  private final Provider<SecretStore> secrets;

  AdminBootstrap(Identity identity, AdminProperties admin, Provider<SecretStore> secrets) {
    this.identity = identity;
    this.email = admin.getEmail();
    this.password = admin.getPassword();
    this.passwordSecret = admin.getPasswordSecret();
    this.secrets = secrets;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (email == null || email.isBlank()) {
      return;
    }
    if ((password == null || password.isBlank())
        && (passwordSecret == null || passwordSecret.isBlank())) {
      throw new IllegalStateException(
          "stablepay.admin.email is set but neither "
              + "stablepay.admin.password nor stablepay.admin.password-secret is");
    }
    identity.ensureAdmin(new Email(email), this::initialPassword);
  }

  /** Read only when the account does not exist yet: a warm stack never calls Secrets Manager. */
  private String initialPassword() {
    return password != null && !password.isBlank() ? password : secrets.get().read(passwordSecret);
  }
}
