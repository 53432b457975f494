package io.stablepay.config;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.port.in.Identity;
import jakarta.inject.Singleton;

/**
 * Creates the first administrator at start-up from {@code stablepay.admin.email} and
 * {@code stablepay.admin.password} when both are set and no account has that email yet.
 */
@Singleton
@Requires(beans = Identity.class)
@Requires(property = "stablepay.admin.email")
@Requires(property = "stablepay.admin.password")
class AdminBootstrap {

  private final Identity identity;
  private final String email;
  private final String password;

  AdminBootstrap(Identity identity, @Value("${stablepay.admin.email}") String email,
      @Value("${stablepay.admin.password}") String password) {
    this.identity = identity;
    this.email = email;
    this.password = password;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    identity.ensureAdmin(new Email(email), password);
  }
}
