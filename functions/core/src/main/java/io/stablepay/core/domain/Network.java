package io.stablepay.core.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network as this deployment serves it: identity, finality policy and the stablecoin contracts
 * the issuers support there.
 *
 * @param chainId EVM chain id (EIP-155); for Tron the id its nodes report
 * @param confirmations depth at which a deposit or payment counts as final here
 * @param rpcUrl node endpoint from configuration, or null when no node is configured
 * @param contracts platform contracts deployed on this network by name (gateway, escrow, ...)
 */
public record Network(
    NetworkId id,
    String name,
    ChainFamily family,
    long chainId,
    String nativeSymbol,
    int confirmations,
    int blockTimeSeconds,
    String explorerUrl,
    List<Token> tokens,
    String rpcUrl,
    Map<String, String> contracts) {

  public Network {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    if (confirmations < 0) {
      throw new IllegalArgumentException(id + ": confirmations must not be negative");
    }
    tokens = List.copyOf(tokens);
    contracts = contracts == null ? Map.of() : Map.copyOf(contracts);
    long distinctAssets = tokens.stream().map(Token::asset).distinct().count();
    if (distinctAssets != tokens.size()) {
      throw new IllegalArgumentException(id + ": an asset is listed twice");
    }
  }

  /** The token of {@code asset} on this network, if the issuer supports it here. */
  public Optional<Token> token(Asset asset) {
    return tokens.stream().filter(t -> t.asset() == asset).findFirst();
  }

  /** The token whose contract is {@code address} (compared case-insensitively for EVM). */
  public Optional<Token> tokenAt(String address) {
    if (address == null) {
      return Optional.empty();
    }
    return tokens.stream()
        .filter(Token::deployed)
        .filter(
            t ->
                family == ChainFamily.EVM
                    ? t.address().equalsIgnoreCase(address)
                    : t.address().equals(address))
        .findFirst();
  }

  public boolean hasNode() {
    return rpcUrl != null && !rpcUrl.isBlank();
  }
}
