package io.stablepay.core.domain;

/** The network's node did not answer, or no node is configured for what was asked. */
public class ChainUnavailableException extends DomainException {

  public ChainUnavailableException(String message) {
    super(message);
  }

  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String code() {
    return "chain-unavailable";
  }

  @Override
  public String title() {
    return "Chain unavailable";
  }
}
