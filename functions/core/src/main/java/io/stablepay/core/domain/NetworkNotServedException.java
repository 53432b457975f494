package io.stablepay.core.domain;

import java.util.Collection;
import java.util.stream.Collectors;

/** A network the platform knows but this deployment does not serve (it is configuration). */
public class NetworkNotServedException extends DomainException {

  public NetworkNotServedException(NetworkId network, Collection<NetworkId> served) {
    super(
        "network '"
            + network
            + "' is not served by this deployment (served: "
            + served.stream().map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }

  @Override
  public String code() {
    return "network-not-served";
  }

  @Override
  public String title() {
    return "Network not served";
  }
}
