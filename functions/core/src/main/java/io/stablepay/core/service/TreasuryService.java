package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.WithdrawalStore;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's own wallets: their addresses (from the KMS keys), what they hold on-chain and what
 * the ledger says they hold, so an operator sees at once when the two disagree. The ledger keeps
 * on-chain holdings as negative platform balances ({@link AccountId#treasury}); funding the
 * treasury is recorded against {@link AccountId#capital}.
 */
public final class TreasuryService implements TreasuryOverview {

  private final NetworkRegistry registry;
  private final Map<ChainFamily, ChainRail> rails = new EnumMap<>(ChainFamily.class);
  private final TreasuryKeys keys;
  private final LedgerStore ledger;
  private final WithdrawalStore withdrawals;
  private final Clock clock;

  public TreasuryService(
      NetworkRegistry registry,
      Collection<? extends ChainRail> rails,
      TreasuryKeys keys,
      LedgerStore ledger,
      WithdrawalStore withdrawals,
      Clock clock) {
    this.registry = registry;
    rails.forEach(rail -> this.rails.put(rail.family(), rail));
    this.keys = keys;
    this.ledger = ledger;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  @Override
  public List<NetworkTreasury> overview() {
    List<NetworkTreasury> networks = new ArrayList<>();
    for (Network network : registry.all()) {
      List<Wallet> wallets = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (TreasuryRole role : TreasuryRole.values()) {
        keys.find(network.id(), role)
            .ifPresent(
                key ->
                    wallets.add(
                        wallet(network, role, rail(network).addressOf(key.publicKey()), errors)));
      }
      if (!wallets.isEmpty()) {
        networks.add(
            new NetworkTreasury(
                network.id(),
                network.nativeSymbol(),
                network.family().nativeDecimals(),
                wallets,
                errors.isEmpty() ? null : errors.getFirst()));
      }
    }
    return networks;
  }

  private Wallet wallet(Network network, TreasuryRole role, String address, List<String> errors) {
    ChainRail rail = rail(network);
    BigInteger nativeBalance = null;
    try {
      nativeBalance = rail.nativeBalance(network, address);
    } catch (ChainUnavailableException e) {
      errors.add(e.getMessage());
    }
    List<Position> positions = new ArrayList<>();
    List<Withdrawal> open =
        role == TreasuryRole.TREASURY ? withdrawals.open(network.id()) : List.of();
    for (Token token : network.tokens()) {
      if (!token.deployed()) {
        continue;
      }
      // only the treasury holds tokens by the books; any in the gas tank is a mismatch
      Asset asset = token.asset();
      TokenAmount books =
          role == TreasuryRole.TREASURY
              ? new TokenAmount(
                  asset, ledger.balance(AccountId.treasury(network.id(), asset)).negate())
              : TokenAmount.zero(asset);
      TokenAmount onchain = null;
      try {
        onchain =
            new TokenAmount(asset, token.toLedgerUnits(rail.tokenBalance(network, token, address)));
      } catch (ChainUnavailableException e) {
        errors.add(e.getMessage());
      }
      TokenAmount pending =
          open.stream()
              .filter(w -> w.asset() == asset)
              .map(Withdrawal::amount)
              .reduce(TokenAmount.zero(asset), TokenAmount::plus);
      boolean mismatch =
          onchain == null
              || onchain.compareTo(books) > 0
              || onchain.compareTo(books.minus(pending)) < 0;
      positions.add(new Position(onchain, books, pending, mismatch));
    }
    return new Wallet(role, address, nativeBalance, positions);
  }

  @Override
  public void recordFunding(NetworkId network, TokenAmount funded, String reference) {
    Asset asset = funded.asset();
    BigInteger amount = funded.units();
    Network served = registry.require(network);
    if (served.token(asset).isEmpty()) {
      throw new InvalidValueException(asset + " is not carried on " + network);
    }
    if (amount.signum() <= 0) {
      throw new InvalidRequestException("a funding amount is positive");
    }
    if (reference == null || reference.isBlank()) {
      throw new InvalidRequestException("a funding needs a reference (its transaction hash)");
    }
    String id =
        "funding-" + SecretToken.hash(network + "\n" + asset + "\n" + reference).substring(0, 40);
    ledger.post(
        Transfer.between(
            id,
            "FUNDING",
            AccountId.treasury(network, asset),
            AccountId.capital(asset),
            amount,
            clock.instant()));
  }

  @Override
  public List<Funding> recordFundingTransaction(Caller caller, String network, String txHash) {
    caller.requireRole(Role.ADMIN);
    Network served = registry.require(NetworkId.parse(network));
    ChainRail rail = rail(served);
    String treasury =
        keys.find(served.id(), TreasuryRole.TREASURY)
            .map(key -> rail.addressOf(key.publicKey()))
            .orElseThrow(() -> new InvalidValueException(served.id() + " has no treasury"));
    TxHash hash = TxHash.of(txHash, served.family());
    ChainTransaction tx = rail.transaction(served, hash);
    if (tx.status() == TxStatus.FAILED) {
      throw new InvalidValueException("transaction " + hash + " failed on " + served.id());
    }
    if (!tx.finalized()) {
      throw new ConflictException(
          "transaction "
              + hash
              + " is not final on "
              + served.id()
              + " yet ("
              + tx.confirmations()
              + " of "
              + tx.requiredConfirmations()
              + " confirmations): try again");
    }
    Map<Asset, BigInteger> arrived = new EnumMap<>(Asset.class);
    for (TokenTransfer transfer : tx.transfers()) {
      if (transfer.token() != null
          && transfer.to() != null
          && transfer.to().equalsIgnoreCase(treasury)) {
        arrived.merge(
            transfer.token().asset(),
            transfer.token().toLedgerUnits(transfer.amount()),
            BigInteger::add);
      }
    }
    if (arrived.isEmpty()) {
      throw new InvalidValueException(
          "transaction "
              + hash
              + " moved no stablecoin into the "
              + served.id()
              + " treasury "
              + treasury);
    }
    List<Funding> recorded = new ArrayList<>();
    arrived.forEach(
        (asset, units) -> {
          TokenAmount amount = new TokenAmount(asset, units);
          recordFunding(served.id(), amount, hash.value());
          recorded.add(new Funding(served.id(), amount, hash.value()));
        });
    return recorded;
  }

  private ChainRail rail(Network network) {
    ChainRail rail = rails.get(network.family());
    if (rail == null) {
      throw new IllegalStateException("the " + network.family() + " rail is not installed");
    }
    return rail;
  }
}
