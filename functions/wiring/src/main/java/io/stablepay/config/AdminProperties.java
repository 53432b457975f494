package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The first administrator ({@code stablepay.admin.*}), created at start-up by the auth function
 * when no account has the email yet. None is set by default; the email is required for the
 * bootstrap to run, and then one of the two passwords.
 */
@ConfigurationProperties("stablepay.admin")
public class AdminProperties {

  /** The administrator's email; blank: no administrator is created. */
  private String email;

  /** The initial password, passed as it is (local use). */
  private String password;

  /** The Secrets Manager secret holding the initial password (deployed; the stack generates it). */
  private String passwordSecret;

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getPasswordSecret() {
    return passwordSecret;
  }

  public void setPasswordSecret(String passwordSecret) {
    this.passwordSecret = passwordSecret;
  }
}
