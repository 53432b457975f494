package io.stablepay.adapter.out.tron;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.port.out.ChainRail;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;

/**
 * The Tron rail. Address checks are local; fees and transfer estimates come from
 * {@link TronSettings} until a Tron node is wired in (the withdrawal issue adds trident's gRPC
 * client), and say so in their {@code source}.
 */
@Singleton
final class TronRail implements ChainRail {

  private static final String FROM_CONFIGURATION = "configuration";

  private final TronSettings settings;
  private final Clock clock;

  TronRail(TronSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.TRON;
  }

  @Override
  public AddressCheck validateAddress(String address) {
    return TronAddresses.check(address);
  }

  @Override
  public String addressOf(byte[] subjectPublicKeyInfo) {
    return TronAddresses.of(subjectPublicKeyInfo);
  }

  @Override
  public FeeQuote.TronResources fees(Network network) {
    return new FeeQuote.TronResources(network.id(), settings.getEnergyPriceSun(),
        settings.getBandwidthPriceSun(), FROM_CONFIGURATION, Instant.now(clock));
  }

  @Override
  public ChainTransaction transaction(Network network, TxHash hash) {
    throw new ChainUnavailableException(
        "transaction lookup on " + network.id() + " needs a Tron node, and none is configured");
  }

  @Override
  public TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount) {
    BigInteger energy = settings.getTransferEnergy();
    BigInteger price = settings.getEnergyPriceSun();
    return new TransferEstimate(
        network, token, amount, energy, price, energy.multiply(price), FROM_CONFIGURATION);
  }

  @Override
  public ComponentHealth health(Network network) {
    // nothing remote is used yet: prices come from configuration
    return ComponentHealth.up("chain:" + network.id());
  }
}
