package io.stablepay.core.domain;

import java.util.Collection;
import java.util.stream.Collectors;

/** A network name that is not known, or not served by this deployment. */
public class UnknownNetworkException extends DomainException {

  public UnknownNetworkException(String name) {
    super("unknown network '" + name + "' (known: " + NetworkId.names() + ")");
  }

  public UnknownNetworkException(String name, Collection<NetworkId> served) {
    super("network '" + name + "' is not served by this deployment (served: "
        + served.stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
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
