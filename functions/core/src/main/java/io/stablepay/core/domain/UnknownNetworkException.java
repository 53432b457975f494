package io.stablepay.core.domain;

/** A network name the platform does not know (not one of {@link NetworkId}). */
public class UnknownNetworkException extends DomainException {

  public UnknownNetworkException(String name) {
    super("unknown network '" + name + "' (known: " + NetworkId.names() + ")");
  }

  @Override
  public String code() {
    return "unknown-network";
  }

  @Override
  public String title() {
    return "Unknown network";
  }
}
