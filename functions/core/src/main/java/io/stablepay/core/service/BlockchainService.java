package io.stablepay.core.service;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.port.in.BlockchainQueries;
import io.stablepay.core.port.in.EstimateTransferCommand;
import io.stablepay.core.port.in.ValidateAddressCommand;
import io.stablepay.core.port.out.ChainRail;
import java.math.BigInteger;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Answers {@link BlockchainQueries} by picking the rail of each network's family. */
public final class BlockchainService implements BlockchainQueries {

  private final NetworkRegistry registry;
  private final Map<ChainFamily, ChainRail> rails = new EnumMap<>(ChainFamily.class);

  public BlockchainService(NetworkRegistry registry, Collection<? extends ChainRail> rails) {
    this.registry = registry;
    for (ChainRail rail : rails) {
      if (this.rails.put(rail.family(), rail) != null) {
        throw new IllegalArgumentException("two rails for " + rail.family());
      }
    }
  }

  @Override
  public List<Network> networks() {
    return registry.all();
  }

  @Override
  public AddressCheck validateAddress(ValidateAddressCommand command) {
    return rail(command.network().family()).validateAddress(command.address());
  }

  @Override
  public FeeQuote fees(String network) {
    Network served = registry.require(network);
    return rail(served.family()).fees(served);
  }

  @Override
  public ChainTransaction transaction(String network, String hash) {
    Network served = registry.require(network);
    return rail(served.family()).transaction(served, TxHash.of(hash, served.family()));
  }

  @Override
  public TransferEstimate estimateTransfer(EstimateTransferCommand command) {
    Network network = registry.require(command.network());
    Token token =
        network
            .token(command.asset())
            .orElseThrow(() -> new UnsupportedAssetException(command.asset(), network.id()));
    if (!token.deployed()) {
      throw new ChainUnavailableException(
          command.asset() + " has no contract address configured on " + network.id());
    }
    ChainRail rail = rail(network.family());
    String from = normalized(rail, "from", command.from());
    String to = normalized(rail, "to", command.to());
    BigInteger amount = Decimals.parse(command.amount(), token.decimals());
    if (amount.signum() == 0) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    return rail.estimateTransfer(network, token, from, to, amount);
  }

  private static String normalized(ChainRail rail, String field, String address) {
    AddressCheck check = rail.validateAddress(address);
    if (!check.valid()) {
      throw new InvalidValueException(field + ": " + check.reason());
    }
    return check.normalized();
  }

  private ChainRail rail(ChainFamily family) {
    ChainRail rail = rails.get(family);
    if (rail == null) {
      throw new ChainUnavailableException("no " + family + " rail is installed in this function");
    }
    return rail;
  }
}
