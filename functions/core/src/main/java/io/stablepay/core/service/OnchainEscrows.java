package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.escrow.OnchainEscrow.Phase;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.wallet.Wallet;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.EscrowContract;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.PerFamily;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WalletStore;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The on-chain side of escrows held in the platform's Escrow contract ({@link OnchainEscrow}): each
 * {@link #advance} moves one escrow one step, through {@link OutgoingCalls}, and stores what it
 * signed before it sends it.
 *
 * <p>The books: the hold (depositor -> escrow account) is the same as for an escrow held in the
 * ledger. When {@code createEscrow} is confirmed, the tokens' move from the treasury into the
 * contract is posted ({@link Escrow#fundTransferId}: treasury -> escrow contract, both on-chain
 * holdings, so negative balances). When the outcome's release or refund is confirmed, the escrow
 * workflow posts the outcome ({@link EscrowWorkflowService}); a release pays the beneficiary's
 * deposit address, where the deposit watcher credits it as any deposit.
 */
public final class OnchainEscrows {

  /** The name of the Escrow contract among a network's platform contracts. */
  public static final String CONTRACT = "escrow";

  /** The treasury's approval of the contract: once, for every escrow after it. */
  static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

  private final NetworkRegistry registry;
  private final List<ChainRail> rails;
  private final List<EscrowContract> contracts;
  private final TreasuryKeys treasuryKeys;
  private final WalletStore wallets;
  private final OutgoingCalls calls;
  private final EscrowStore store;
  private final Alerts alerts;
  private final Clock clock;
  private final OnchainEscrowResults results;

  public OnchainEscrows(
      EscrowPorts ports,
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      Collection<? extends EscrowContract> contracts,
      TreasuryKeys treasuryKeys,
      WalletStore wallets,
      OutgoingCalls calls) {
    this.registry = registry;
    this.rails = List.copyOf(rails);
    this.contracts = List.copyOf(contracts);
    this.treasuryKeys = treasuryKeys;
    this.wallets = wallets;
    this.calls = calls;
    this.store = ports.store();
    this.alerts = ports.alerts();
    this.clock = ports.clock();
    this.results = new OnchainEscrowResults(ports);
  }

  /**
   * The network an escrow of {@code asset} for {@code beneficiaryId} is to be held on.
   *
   * @throws InvalidRequestException if the network does not hold escrows here (not EVM, no node, no
   *     Escrow contract, no treasury) or the beneficiary has no wallet yet
   * @throws UnsupportedAssetException if the asset has no token on the network
   */
  public NetworkId check(String networkName, Asset asset, String beneficiaryId) {
    Network network = registry.require(networkName);
    if (!calls.serves(network)
        || !network.contracts().containsKey(CONTRACT)
        || contract(network).isEmpty()) {
      throw new InvalidValueException(
          "escrows are not held on-chain on "
              + network.id()
              + " in this deployment: leave out \"network\" to hold it in the platform");
    }
    network
        .token(asset)
        .filter(Token::deployed)
        .orElseThrow(() -> new UnsupportedAssetException(asset, network.id()));
    if (wallets.findByUser(beneficiaryId).isEmpty()) {
      throw new InvalidValueException(
          "the beneficiary has no wallet yet, so no address on "
              + network.id()
              + " to release to: hold it in the platform instead");
    }
    return network.id();
  }

  /**
   * Moves {@code escrow}'s on-chain side one step: signs, stores and sends the next call, or looks
   * at the one in flight (sending it again, replacing it, or taking its confirmation).
   *
   * @return the escrow as it is now
   */
  public Escrow advance(Escrow escrow) {
    OnchainEscrow chain = escrow.onchain();
    Network network = registry.require(chain.network());
    return switch (chain.phase()) {
      case REQUESTED -> fund(network, escrow, prepared(network, escrow));
      case LOCKED ->
          escrow.status() == Escrow.Status.SETTLING ? settle(network, escrow, chain) : escrow;
      case APPROVING, FUNDING, SETTLING -> track(network, escrow);
      case SETTLED, FAILED -> escrow;
    };
  }

  /** Reads the addresses the calls use; a missing key or wallet fails the funding. */
  private OnchainEscrow prepared(Network network, Escrow escrow) {
    OnchainEscrow chain = escrow.onchain();
    ChainRail rail = rail(network);
    Optional<TreasuryKeys.TreasuryKey> treasury =
        treasuryKeys.find(network.id(), TreasuryRole.TREASURY);
    Optional<TreasuryKeys.TreasuryKey> tank =
        treasuryKeys.find(network.id(), TreasuryRole.GAS_TANK);
    Optional<Wallet> wallet = wallets.findByUser(escrow.beneficiaryId());
    Optional<Token> token = network.token(escrow.asset()).filter(Token::deployed);
    String contract = network.contracts().get(CONTRACT);
    if (treasury.isEmpty()
        || tank.isEmpty()
        || wallet.isEmpty()
        || token.isEmpty()
        || contract == null) {
      return chain.failed(
          "the network lacks "
              + (treasury.isEmpty()
                  ? "a treasury key"
                  : tank.isEmpty()
                      ? "a gas-tank key"
                      : wallet.isEmpty()
                          ? "the beneficiary's wallet"
                          : token.isEmpty() ? "the token" : "the Escrow contract"));
    }
    return chain.prepared(
        rail.validateAddress(contract).normalized(),
        token.get().address(),
        wallet.get().evmAddress(),
        rail.addressOf(treasury.get().publicKey()),
        rail.addressOf(tank.get().publicKey()));
  }

  /** Approves the contract if the treasury's allowance is short, else creates the escrow. */
  private Escrow fund(Network network, Escrow escrow, OnchainEscrow chain) {
    if (chain.phase() == Phase.FAILED) {
      return results.failFunding(escrow, chain, chain.failure());
    }
    EscrowContract contract = contract(network).orElseThrow();
    Token token = network.token(escrow.asset()).orElseThrow();
    BigInteger units = token.toOnchainUnits(escrow.amount().units());
    try {
      if (contract.allowance(network, token, chain.depositor(), chain.contract()).compareTo(units)
          < 0) {
        String data = contract.approveCall(chain.contract(), UNLIMITED);
        return send(
            network,
            escrow,
            chain,
            Phase.APPROVING,
            "approve",
            TreasuryRole.TREASURY,
            chain.token(),
            data);
      }
      String data =
          contract.createCall(
              escrow.id(), chain.token(), chain.beneficiary(), units, chain.arbiter());
      return send(
          network,
          escrow,
          chain,
          Phase.FUNDING,
          "create",
          TreasuryRole.TREASURY,
          chain.contract(),
          data);
    } catch (TransferWouldFailException e) {
      return results.failFunding(escrow, chain, "the treasury cannot fund it: " + e.getMessage());
    }
  }

  /** Sends the outcome's call from the arbiter: a release, or a refund (for a split too). */
  private Escrow settle(Network network, Escrow escrow, OnchainEscrow chain) {
    EscrowContract contract = contract(network).orElseThrow();
    boolean release = escrow.outcome().decision() == Escrow.Decision.RELEASE;
    String data = release ? contract.releaseCall(escrow.id()) : contract.refundCall(escrow.id());
    try {
      return send(
          network,
          escrow,
          chain,
          Phase.SETTLING,
          release ? "release" : "refund",
          TreasuryRole.GAS_TANK,
          chain.contract(),
          data);
    } catch (TransferWouldFailException e) {
      alerts.raise(
          "escrow-onchain-stuck",
          "escrow "
              + escrow.id()
              + " on "
              + network.id()
              + ": the "
              + (release ? "release" : "refund")
              + " would revert: "
              + e.getMessage());
      return escrow;
    }
  }

  /**
   * Prices, signs and stores the call from {@code sender} (the treasury, the depositor on-chain, or
   * the gas tank, the arbiter), then sends it; a lost write gives its nonce back.
   */
  private Escrow send(
      Network network,
      Escrow escrow,
      OnchainEscrow chain,
      Phase next,
      String purpose,
      TreasuryRole sender,
      String to,
      String data) {
    String keyId = treasuryKeys.find(network.id(), sender).orElseThrow().keyId();
    String from = sender == TreasuryRole.GAS_TANK ? chain.arbiter() : chain.depositor();
    BigInteger gas = contract(network).orElseThrow().estimateGas(network, from, to, data);
    OutgoingCall call = calls.sign(network, purpose, keyId, from, to, data, gas);
    Escrow sent = escrow.withOnchain(chain.sent(next, call), clock.instant());
    boolean stored;
    try {
      stored = store.update(sent);
    } catch (RuntimeException e) {
      // not stored, so never sent: the nonce goes back rather than leave a gap
      calls.abandon(network, call);
      throw e;
    }
    if (!stored) {
      calls.abandon(network, call);
      return escrow;
    }
    calls.send(network, call);
    return sent;
  }

  /** Looks at the call in flight and acts on what the chain says. */
  private Escrow track(Network network, Escrow escrow) {
    OnchainEscrow chain = escrow.onchain();
    OutgoingCalls.Progress progress = calls.advance(network, chain.current());
    if (progress.replaced()) {
      Escrow replaced = escrow.withOnchain(chain.replaced(progress.call()), clock.instant());
      if (store.update(replaced)) {
        calls.send(network, progress.call());
        return replaced;
      }
      return escrow;
    }
    return switch (progress.state()) {
      case PENDING -> escrow;
      case CONFIRMED ->
          switch (chain.phase()) {
            case APPROVING -> fund(network, escrow, chain);
            case FUNDING -> results.locked(network, contract(network).orElseThrow(), escrow);
            default -> results.settled(escrow);
          };
      case REVERTED, DROPPED -> {
        String what =
            chain.current().purpose()
                + " "
                + (progress.state() == OutgoingCalls.State.DROPPED
                    ? "was dropped"
                    : "reverted in " + progress.mined().orElseThrow().hash().value());
        if (chain.phase() != Phase.SETTLING) {
          yield results.failFunding(escrow, chain, what);
        }
        yield settleFailed(network, escrow, what);
      }
    };
  }

  /**
   * A release or refund that did not happen: if the contract ended the escrow as wanted anyway, it
   * is settled; else another call is sent, up to {@link OnchainEscrow#MAX_SETTLE_CALLS}.
   */
  private Escrow settleFailed(Network network, Escrow escrow, String what) {
    OnchainEscrow chain = escrow.onchain();
    OnchainDeal deal = contract(network).orElseThrow().deal(network, chain.contract(), escrow.id());
    boolean release = escrow.outcome().decision() == Escrow.Decision.RELEASE;
    OnchainDeal.Status wanted = release ? OnchainDeal.Status.RELEASED : OnchainDeal.Status.REFUNDED;
    if (deal.status() == wanted) {
      return results.settled(escrow);
    }
    if (deal.status() != OnchainDeal.Status.PENDING
        || chain.settleCalls() >= OnchainEscrow.MAX_SETTLE_CALLS) {
      alerts.raise(
          "escrow-onchain-stuck",
          "escrow "
              + escrow.id()
              + " on "
              + network.id()
              + ": "
              + what
              + "; the contract says "
              + deal.status()
              + ": an operator decides");
      return escrow;
    }
    return settle(network, escrow, chain);
  }

  private Optional<EscrowContract> contract(Network network) {
    return PerFamily.find(contracts, network.family());
  }

  private ChainRail rail(Network network) {
    return PerFamily.require(rails, network);
  }
}
