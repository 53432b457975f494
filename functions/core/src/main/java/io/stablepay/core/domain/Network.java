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
 * @param rpcUrl node endpoints written into configuration (tests and dev tools; comma-separated
 *     when several), or null: a deployed stack reads its endpoints from the nodes secret instead
 * @param contracts platform contracts deployed on this network by name (gateway, escrow, ...)
 * @param enabled whether this deployment talks to the network's nodes
 * @param quorum how many endpoints must agree on a read that credits money (1: any one answers)
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
    Map<String, String> contracts,
    boolean enabled,
    int quorum) {

  public Network {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    if (confirmations < 0) {
      throw new IllegalArgumentException(id + ": confirmations must not be negative");
    }
    if (quorum < 1) {
      throw new IllegalArgumentException(id + ": quorum must be at least 1");
    }
    tokens = List.copyOf(tokens);
    contracts = contracts == null ? Map.of() : Map.copyOf(contracts);
    long distinctAssets = tokens.stream().map(Token::asset).distinct().count();
    if (distinctAssets != tokens.size()) {
      throw new IllegalArgumentException(id + ": an asset is listed twice");
    }
  }

  /** A network enabled exactly when {@code rpcUrl} is set, with a quorum of one. */
  public Network(
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
    this(
        id,
        name,
        family,
        chainId,
        nativeSymbol,
        confirmations,
        blockTimeSeconds,
        explorerUrl,
        tokens,
        rpcUrl,
        contracts,
        rpcUrl != null && !rpcUrl.isBlank(),
        1);
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

  /** Whether this deployment talks to the network's nodes (its endpoints are read when used). */
  public boolean hasNode() {
    return enabled;
  }
}
