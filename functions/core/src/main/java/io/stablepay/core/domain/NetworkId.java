package io.stablepay.core.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The networks the platform knows. Which of them a deployment serves is configuration. */
public enum NetworkId {
  ETHEREUM(ChainFamily.EVM),
  POLYGON(ChainFamily.EVM),
  BSC(ChainFamily.EVM),
  ARBITRUM(ChainFamily.EVM),
  OPTIMISM(ChainFamily.EVM),
  BASE(ChainFamily.EVM),
  TRON(ChainFamily.TRON);

  private final ChainFamily family;

  NetworkId(ChainFamily family) {
    this.family = family;
  }

  /** The rail this network runs on; fixed by the network, whatever a deployment serves. */
  public ChainFamily family() {
    return family;
  }

  /**
   * Parses a network name as clients send it (case-insensitive).
   *
   * @throws InvalidRequestException when blank
   * @throws UnknownNetworkException when not one of the known networks
   */
  public static NetworkId parse(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidRequestException("network is required (one of " + names() + ")");
    }
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UnknownNetworkException(name);
    }
  }

  static String names() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
