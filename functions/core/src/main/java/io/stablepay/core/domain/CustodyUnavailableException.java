package io.stablepay.core.domain;

/**
 * The key custody (KMS) could not sign or create a key just now: throttled, unreachable or failing
 * on its side. Nothing was signed; the same request may succeed a little later.
 */
public class CustodyUnavailableException extends DomainException {

  public CustodyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "custody-unavailable";
  }

  @Override
  public String title() {
    return "Signing unavailable";
  }
}
