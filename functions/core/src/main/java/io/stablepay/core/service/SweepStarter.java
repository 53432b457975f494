package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.SweepStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WalletStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the sweep of one deposit's address for {@link SweepService}: if the address's balance of
 * the deposited token reached the threshold, it signs the token transfer to the treasury, or, when
 * the address lacks gas, the gas tank's top-up, and stores and broadcasts it.
 */
public final class SweepStarter {

  /** What became of a deposit's address: swept, nothing to sweep, or to be looked at again. */
  enum Start {
    STARTED,
    NONE,
    HELD
  }

  private final SweepChain chain;
  private final TreasuryKeys treasuryKeys;
  private final WalletStore wallets;
  private final SweepStore store;
  private final Alerts alerts;
  private final Map<Asset, BigInteger> thresholds;
  private final Clock clock;

  /**
   * @param thresholdWholeUnits per asset, the balance (whole units) from which an address is swept;
   *     an asset without one is never swept
   */
  public SweepStarter(
      SweepChain chain,
      TreasuryKeys treasuryKeys,
      WalletStore wallets,
      SweepStore store,
      Alerts alerts,
      Map<Asset, BigInteger> thresholdWholeUnits,
      Clock clock) {
    this.chain = chain;
    this.treasuryKeys = treasuryKeys;
    this.wallets = wallets;
    this.store = store;
    this.alerts = alerts;
    this.thresholds = new EnumMap<>(Asset.class);
    thresholdWholeUnits.forEach(
        (asset, whole) -> {
          if (whole.signum() <= 0) {
            throw new IllegalArgumentException("a sweep threshold is positive: " + asset);
          }
          thresholds.put(asset, whole.multiply(BigInteger.TEN.pow(asset.decimals())));
        });
    this.clock = clock;
  }

  /** Whether deposits of {@code asset} are swept at all (it has a threshold). */
  boolean sweeps(Asset asset) {
    return thresholds.containsKey(asset);
  }

  /**
   * Starts a sweep of {@code deposit}'s address if its balance reached the threshold; HELD when it
   * cannot be swept yet (no gas tank, or another sweeper opened one on the address first).
   */
  Start start(Network network, Deposit deposit) {
    Token token = network.token(deposit.asset()).filter(Token::deployed).orElse(null);
    Wallet wallet = wallets.findByUser(deposit.userId()).orElse(null);
    if (token == null || wallet == null) {
      return Start.NONE;
    }
    ChainRail rail = chain.rail(network);
    String address = deposit.to();
    BigInteger balance = rail.tokenBalance(network, token, address);
    if (token.toLedgerUnits(balance).compareTo(thresholds.get(deposit.asset())) < 0) {
      return Start.NONE;
    }
    TreasuryKeys.TreasuryKey treasuryKey =
        treasuryKeys.find(network.id(), TreasuryRole.TREASURY).orElseThrow();
    String treasury = rail.addressOf(treasuryKey.publicKey());
    TxFees.Eip1559 fees = chain.transferFees(network, token, address, treasury, balance);
    BigInteger gasOnAddress = rail.nativeBalance(network, address);
    Instant now = clock.instant();
    String id = "sweep-" + UUID.randomUUID();
    if (gasOnAddress.compareTo(fees.maxCost()) >= 0) {
      SweepChain.Signed signed =
          chain.signTransfer(
              network,
              address,
              nonce ->
                  new TransferOrder(
                      wallet.keyId(), address, token, treasury, balance, nonce, fees));
      Sweep sweep =
          new Sweep(
              id,
              network.id(),
              deposit.userId(),
              address,
              wallet.keyId(),
              treasury,
              balance,
              new TokenAmount(token.asset(), token.toLedgerUnits(balance)),
              Sweep.Status.SWEEPING,
              BigInteger.ZERO,
              null,
              null,
              new Attempt(signed.transfer(), fees, now),
              signed.nonce(),
              null,
              null,
              0,
              now,
              now);
      return createAndSend(network, sweep, address, signed);
    }
    TreasuryKeys.TreasuryKey tank =
        treasuryKeys.find(network.id(), TreasuryRole.GAS_TANK).orElse(null);
    if (tank == null) {
      alerts.raise(
          "sweep-no-gas",
          address + " on " + network.id() + " needs gas to be swept and there is no gas tank");
      return Start.HELD;
    }
    String tankAddress = rail.addressOf(tank.publicKey());
    BigInteger topUp = fees.maxCost().subtract(gasOnAddress);
    TxFees.Eip1559 topUpFees =
        new TxFees.Eip1559(
            NativeTransferOrder.GAS, fees.maxFeePerGas(), fees.maxPriorityFeePerGas());
    SweepChain.Signed signed =
        chain.signNative(
            network,
            tankAddress,
            nonce ->
                new NativeTransferOrder(
                    tank.keyId(), tankAddress, address, topUp, nonce, topUpFees));
    Sweep sweep =
        new Sweep(
            id,
            network.id(),
            deposit.userId(),
            address,
            wallet.keyId(),
            treasury,
            balance,
            new TokenAmount(token.asset(), token.toLedgerUnits(balance)),
            Sweep.Status.FUNDING_GAS,
            topUp,
            new Attempt(signed.transfer(), topUpFees, now),
            null,
            null,
            -1,
            null,
            null,
            0,
            now,
            now);
    return createAndSend(network, sweep, tankAddress, signed);
  }

  private Start createAndSend(
      Network network, Sweep sweep, String sender, SweepChain.Signed signed) {
    if (!store.create(sweep)) {
      // the address has an open sweep after all
      chain.release(network, sender, signed.nonce());
      return Start.HELD;
    }
    chain.sendQuietly(network, signed.transfer());
    return Start.STARTED;
  }
}
