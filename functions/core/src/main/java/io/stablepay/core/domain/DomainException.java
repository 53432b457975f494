package io.stablepay.core.domain;

/**
 * Base of every rule the domain refuses. {@link #code()} is a stable, documented slug the HTTP
 * layer turns into a problem+json {@code type}; the message is safe to show to the caller.
 */
public abstract class DomainException extends RuntimeException {

  protected DomainException(String message) {
    super(message);
  }

  protected DomainException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Stable machine-readable error code, e.g. {@code unknown-network}. */
  public abstract String code();

  /** Short human title for the error class, e.g. "Unknown network". */
  public abstract String title();
}
