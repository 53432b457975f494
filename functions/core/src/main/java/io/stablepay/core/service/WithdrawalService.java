package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.domain.UnsupportedAssetException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.FeeAboveLimitException;
import io.stablepay.core.domain.withdrawal.InsufficientLiquidityException;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.domain.withdrawal.WithdrawalRejectedException;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.PerFamily;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import io.stablepay.core.port.out.WithdrawalStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * On-chain withdrawals: priced, held, signed through the custody port, stored, then broadcast;
 * tracked to the confirmation depth by the watcher.
 *
 * <p>Money rules: the hold (user -> user's held account, amount plus fee) is posted before
 * anything is signed; the withdrawal ends with exactly one more ledger transfer under the id
 * {@code <id>:final}, either the settlement (held -> treasury for the amount, held -> fees for
 * the fee) or the release (held -> user). One id for both means the ledger itself refuses the
 * second outcome. The signed bytes of every attempt are stored before they are broadcast, so a
 * crash after the broadcast re-sends the same transaction; all attempts share one nonce, so at
 * most one is ever mined.
 */
public final class WithdrawalService implements Withdrawals {

  private final NetworkRegistry registry;
  private final List<ChainRail> rails;
  private final List<TransactionSender> senders;
  private final TreasuryKeys treasuryKeys;
  private final WithdrawalStore store;
  private final LedgerStore ledger;
  private final MovementStore movements;
  private final WalletStore wallets;
  private final UserStore users;
  private final TransferLimits limits;
  private final NonceAllocator nonces;
  private final Alerts alerts;
  private final WithdrawalSettings settings;
  private final Clock clock;

  public WithdrawalService(NetworkRegistry registry, Collection<? extends ChainRail> rails,
      Collection<? extends TransactionSender> senders, TreasuryKeys treasuryKeys,
      WithdrawalStore store, LedgerStore ledger, MovementStore movements, WalletStore wallets,
      UserStore users, TransferLimits limits, NonceAllocator nonces, Alerts alerts,
      WithdrawalSettings settings, Clock clock) {
    this.registry = registry;
    this.rails = List.copyOf(rails);
    this.senders = List.copyOf(senders);
    this.treasuryKeys = treasuryKeys;
    this.store = store;
    this.ledger = ledger;
    this.movements = movements;
    this.wallets = wallets;
    this.users = users;
    this.limits = limits;
    this.nonces = nonces;
    this.alerts = alerts;
    this.settings = settings;
    this.clock = clock;
  }

  /** The priced transfer a withdrawal or a quote is built on. */
  private record Priced(Network network, Token token, TreasuryKeys.TreasuryKey key, String from,
      BigInteger onchainAmount, TxFees fees, Quote quote) {}

  @Override
  public Quote quote(String networkName, Asset asset, BigInteger amount) {
    if (amount == null || amount.signum() <= 0) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    Network network = registry.require(networkName);
    // a representative recipient that holds no tokens: the dearer case of a token transfer
    String probe = network.family() == ChainFamily.EVM
        ? "0x000000000000000000000000000000000000dEaD" : "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb";
    return price(network, asset, amount, probe).quote();
  }

  @Override
  public Quote quote(String networkName, Asset asset, BigInteger amount, String to) {
    if (amount == null || amount.signum() <= 0) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    Network network = registry.require(networkName);
    return price(network, asset, amount, normalized(network, to)).quote();
  }

  @Override
  public Withdrawal withdraw(Caller caller, String idempotencyKey, WithdrawCommand command) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for withdrawals");
    }
    Network network = registry.require(command.network());
    String to = normalized(network, command.to());
    if (wallets.ownerOf(to).isPresent()) {
      throw new InvalidValueException("that address belongs to a platform user: send without"
          + " \"network\" and it settles at once, with no fee");
    }
    String id = "wd-" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey)
        .substring(0, 40);
    Optional<Withdrawal> existing = store.find(id);
    if (existing.isPresent()) {
      return replay(existing.get(), network, command, to);
    }
    User user = users.findById(caller.userId())
        .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    KycStatus verification = command.limitStatus() != null ? command.limitStatus()
        : user.kycStatus();
    Allowance allowance = limits.forWithdrawal(user.id(), verification, command.asset(),
        command.amount(), clock.instant());
    if (allowance.exceededOnItsOwn()) {
      throw new LimitExceededException("the amount is above " + allowance.description());
    }
    Priced priced = price(network, command.asset(), command.amount(), to);
    BigInteger fee = priced.quote().fee();
    if (command.maxFee() != null && fee.compareTo(command.maxFee()) > 0) {
      throw new FeeAboveLimitException("the network fee is now "
          + io.stablepay.core.domain.Decimals.format(fee, command.asset().decimals()) + " "
          + command.asset() + ", above maxFee: quote again");
    }
    checkLiquidity(priced, command.amount());
    Instant now = clock.instant();
    Withdrawal created = Withdrawal.create(id, caller.userId(), network.id(), command.asset(),
        command.amount(), fee, to, priced.from(), priced.key().keyId(), now);
    if (!store.create(created)) {
      return replay(store.find(id).orElseThrow(), network, command, to);
    }
    try {
      Transfer hold = Transfer.between(holdId(id), "WITHDRAWAL_HOLD",
          AccountId.user(caller.userId(), command.asset()),
          AccountId.userHeld(caller.userId(), command.asset()), created.total(), now);
      ledger.post(hold, List.of(movement(created, command.memo(), null)), List.of(allowance));
    } catch (InsufficientFundsException e) {
      store.discard(created);
      throw new InsufficientFundsException("the available " + command.asset()
          + " balance does not cover " + amount(command.amount(), command.asset())
          + " plus the network fee of " + amount(fee, command.asset()));
    } catch (RuntimeException e) {
      store.discard(created); // a refused limit too: nothing was held
      throw e;
    }
    return send(created, priced, command.memo());
  }

  private Withdrawal replay(Withdrawal existing, Network network, WithdrawCommand command,
      String to) {
    if (!existing.sameRequest(network.id(), command.asset(), command.amount(), to)) {
      throw new IdempotencyMismatchException();
    }
    return existing;
  }

  @Override
  public Withdrawal get(Caller caller, String id) {
    return store.find(id).filter(w -> w.userId().equals(caller.userId()))
        .orElseThrow(() -> new NotFoundException("no withdrawal " + id));
  }

  // -- pricing ------------------------------------------------------------------------------

  private Priced price(Network network, Asset asset, BigInteger amount, String to) {
    Token token = network.token(asset).filter(Token::deployed)
        .orElseThrow(() -> new UnsupportedAssetException(asset, network.id()));
    BigInteger usdPrice = settings.nativePrice(network.id())
        .orElseThrow(() -> new WithdrawalUnavailableException(
            "withdrawals on " + network.id() + " are not configured (no native coin price)"));
    TransactionSender sender = sender(network);
    ChainRail rail = rail(network);
    TreasuryKeys.TreasuryKey key = treasuryKeys.find(network.id(), TreasuryRole.TREASURY)
        .orElseThrow(() -> new WithdrawalUnavailableException(
            "this deployment has no treasury on " + network.id()));
    String from = rail.addressOf(key.publicKey());
    BigInteger onchain = token.toOnchainUnits(amount);
    TransferEstimate estimate;
    try {
      estimate = rail.estimateTransfer(network, token, from, to, onchain);
    } catch (TransferWouldFailException e) {
      throw new InsufficientLiquidityException("the treasury on " + network.id()
          + " cannot send " + amount(amount, asset) + " right now");
    }
    TxFees fees;
    if (network.family() == ChainFamily.EVM) {
      FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) rail.fees(network);
      BigInteger gasLimit = estimate.units().multiply(BigInteger.valueOf(
          100L + settings.gasMarginPercent())).divide(BigInteger.valueOf(100));
      fees = new TxFees.Eip1559(gasLimit, quote.maxFeePerGas(), quote.maxPriorityFeePerGas());
    } else {
      fees = new TxFees.Tron(settings.tronFeeLimitSun());
    }
    BigInteger fee = toLedgerFee(estimate.fee(), network.family().nativeDecimals(), usdPrice,
        asset);
    Quote quote = new Quote(network.id(), asset, amount, fee, estimate.fee(),
        network.family().nativeDecimals(), network.nativeSymbol(), estimate.units(),
        settings.nativeUsdPrices().get(network.id()), clock.instant());
    return new Priced(network, token, key, from, onchain, fees, quote);
  }

  /**
   * {@code cost} native base units at {@code usdPrice} (10^-8 dollars per coin) in ledger units
   * of {@code asset}, one dollar each, rounded up: the platform never undercharges by rounding.
   */
  static BigInteger toLedgerFee(BigInteger cost, int nativeDecimals, BigInteger usdPrice,
      Asset asset) {
    BigInteger numerator = cost.multiply(usdPrice).multiply(BigInteger.TEN.pow(asset.decimals()));
    BigInteger denominator = BigInteger.TEN.pow(nativeDecimals + WithdrawalSettings.PRICE_DECIMALS);
    BigInteger[] qr = numerator.divideAndRemainder(denominator);
    return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
  }

  /**
   * The treasury must hold the tokens of this and every open withdrawal of the asset on the
   * network, and native coin for the fees of all of them at their caps.
   */
  private void checkLiquidity(Priced priced, BigInteger amount) {
    Network network = priced.network();
    ChainRail rail = rail(network);
    List<Withdrawal> open = store.open(network.id());
    BigInteger inFlight = open.stream().filter(w -> w.asset() == priced.token().asset())
        .map(Withdrawal::amount).reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger tokens = priced.token().toLedgerUnits(
        rail.tokenBalance(network, priced.token(), priced.from()));
    if (tokens.compareTo(inFlight.add(amount)) < 0) {
      throw new InsufficientLiquidityException("the treasury on " + network.id()
          + " cannot cover " + amount(amount, priced.token().asset()) + " right now");
    }
    BigInteger gas = priced.fees().maxCost().multiply(BigInteger.valueOf(open.size() + 1L));
    if (rail.nativeBalance(network, priced.from()).compareTo(gas) < 0) {
      throw new InsufficientLiquidityException("the treasury on " + network.id()
          + " cannot pay the network fee right now");
    }
  }

  // -- signing and broadcasting -------------------------------------------------------------

  /**
   * Signs the first attempt, stores it, then broadcasts it. A failure before anything was
   * stored releases the hold (the caller gets the error, nothing moved); once stored, the
   * tracker owns the withdrawal and the caller gets it PENDING.
   */
  private Withdrawal send(Withdrawal created, Priced priced, String memo) {
    Network network = priced.network();
    TransactionSender sender = sender(network);
    boolean evm = network.family() == ChainFamily.EVM;
    long nonce = -1;
    Withdrawal signed;
    try {
      if (evm) {
        nonce = nonces.allocate(network.id(), created.from(),
            sender.transactionCount(network, created.from(), true));
      }
      SignedTransfer transfer = sender.sign(network, order(created, priced.token(),
          Math.max(nonce, 0), priced.fees()));
      signed = created.signed(nonce, new Withdrawal.Attempt(transfer, priced.fees(),
          clock.instant()), clock.instant());
      if (!store.update(signed)) {
        throw new IllegalStateException("withdrawal " + created.id() + " changed under it");
      }
    } catch (RuntimeException e) {
      if (nonce >= 0) {
        nonces.release(network.id(), created.from(), nonce);
      }
      fail(created, "could not be signed: " + e.getClass().getSimpleName());
      throw e;
    }
    movements.save(movement(signed, memo, signed.latest().orElseThrow().hash().value()));
    BroadcastResult result;
    try {
      result = sender.broadcast(network, signed.latest().orElseThrow().transfer());
    } catch (ChainUnavailableException e) {
      return signed; // the tracker re-sends the stored bytes
    }
    if (!result.sent() && (!evm || nonces.release(network.id(), created.from(), nonce))) {
      // nothing will be mined and no later transaction waits on the nonce: end it here
      Withdrawal failed = fail(signed, "rejected by the network: " + result.reason());
      throw new WithdrawalRejectedException("the " + network.id() + " node refused the"
          + " transfer (" + result.reason() + "); nothing was moved: " + failed.id());
    }
    return signed;
  }

  private static TransferOrder order(Withdrawal w, Token token, long nonce, TxFees fees) {
    return new TransferOrder(w.keyId(), w.from(), token, w.to(), token.toOnchainUnits(w.amount()),
        nonce, fees);
  }

  // -- tracking -------------------------------------------------------------------------------

  @Override
  public List<TrackReport> trackAll() {
    List<TrackReport> reports = new ArrayList<>();
    for (Network network : registry.all()) {
      if (!network.hasNode() || PerFamily.find(senders, network.family()).isEmpty()) {
        continue;
      }
      try {
        reports.add(track(network));
      } catch (RuntimeException e) {
        reports.add(new TrackReport(network.id(), 0, 0, 0, 0, 0, 0,
            e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return reports;
  }

  private TrackReport track(Network network) {
    List<Withdrawal> open = store.open(network.id());
    String error = network.family() == ChainFamily.EVM ? fillNonceGaps(network, open) : null;
    int[] counts = new int[4]; // completed, failed, rebroadcast, replaced
    Instant oldestOpen = null;
    for (Withdrawal w : open) {
      Step step;
      try {
        step = step(network, w);
      } catch (RuntimeException e) {
        // one withdrawal the node or a store could not serve does not hold up the others
        error = error != null ? error : w.id() + ": " + e.getClass().getSimpleName() + ": "
            + e.getMessage();
        step = Step.WAITING;
      }
      switch (step) {
        case COMPLETED -> counts[0]++;
        case FAILED -> counts[1]++;
        case REBROADCAST -> counts[2]++;
        case REPLACED -> counts[3]++;
        case WAITING -> { }
      }
      if (step != Step.COMPLETED && step != Step.FAILED
          && (oldestOpen == null || w.createdAt().isBefore(oldestOpen))) {
        oldestOpen = w.createdAt();
      }
    }
    long oldest = oldestOpen == null ? 0
        : Math.max(0, clock.instant().getEpochSecond() - oldestOpen.getEpochSecond());
    return new TrackReport(network.id(), open.size(), counts[0], counts[1], counts[2], counts[3],
        oldest, error);
  }

  private enum Step { COMPLETED, FAILED, REBROADCAST, REPLACED, WAITING }

  /**
   * A process that dies between allocating a nonce and storing what it signed with it (a
   * withdrawal whose function timed out while KMS was slow, a sweep or a contract call from the
   * same address) leaves a nonce that no transaction will ever use, and every later transaction
   * from the address waits behind it for good. So for each sending address: when its open
   * withdrawal with the lowest nonce is overdue, the chain has mined fewer transactions of the
   * address than that nonce (so no open withdrawal holds the next one) and the node holds none
   * at the next one either (its pending count is the mined count: a transaction of a sweep or a
   * contract call waiting there is left alone), that next nonce is used up by a zero-value
   * transfer of the address to itself (its gas is the only cost) and the operator is alerted.
   * Should a transaction of ours that was held back take the nonce first, the filler is refused
   * or never mined; should the filler win, that transaction's own tracking finds its nonce used
   * by another one, as after any replacement, and ends it without charge.
   *
   * @return the first failure (a node or KMS that did not answer), for the report; the
   *     withdrawals are tracked all the same
   */
  private String fillNonceGaps(Network network, List<Withdrawal> open) {
    Instant now = clock.instant();
    Map<String, List<Withdrawal>> byAddress = new TreeMap<>();
    for (Withdrawal w : open) {
      if (w.nonce() >= 0 && w.latest().isPresent()) {
        byAddress.computeIfAbsent(w.from(), from -> new ArrayList<>()).add(w);
      }
    }
    String error = null;
    for (Map.Entry<String, List<Withdrawal>> sending : byAddress.entrySet()) {
      Withdrawal lowest = sending.getValue().stream()
          .min(Comparator.comparingLong(Withdrawal::nonce)).orElseThrow();
      if (!lowest.latest().orElseThrow().signedAt().plus(settings.replaceAfter()).isBefore(now)) {
        continue;
      }
      try {
        fillNonceGap(network, sending.getKey(), lowest);
      } catch (RuntimeException e) {
        error = error != null ? error : "nonce gap of " + sending.getKey() + ": "
            + e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
    return error;
  }

  private void fillNonceGap(Network network, String address, Withdrawal lowest) {
    TransactionSender sender = sender(network);
    long mined = sender.transactionCount(network, address, false);
    if (mined >= lowest.nonce() || sender.transactionCount(network, address, true) > mined) {
      return; // no gap below it, or the node holds the next nonce: the usual tracking goes on
    }
    FeeQuote.Eip1559 quote = (FeeQuote.Eip1559) rail(network).fees(network);
    SignedTransfer filler = sender.signNative(network, NativeTransferOrder.nonceFiller(
        lowest.keyId(), address, mined, new TxFees.Eip1559(NativeTransferOrder.GAS,
            quote.maxFeePerGas(), quote.maxPriorityFeePerGas())));
    if (sender.broadcast(network, filler).sent()) {
      alerts.raise("nonce-gap-filled", "nonce " + mined + " of " + address + " on "
          + network.id() + " was held by no transaction and blocked withdrawal " + lowest.id()
          + " (nonce " + lowest.nonce() + "): used up by " + filler.hash().value());
    }
  }

  private Step step(Network network, Withdrawal w) {
    Instant now = clock.instant();
    if (w.status() == Withdrawal.Status.CREATED) {
      if (w.createdAt().plus(settings.createdGrace()).isAfter(now)) {
        return Step.WAITING; // its request may still be running
      }
      if (!ledger.posted(holdId(w.id()))) {
        store.discard(w);
        return Step.FAILED;
      }
      // the request stopped between the hold and the signature: the hold goes back
      fail(w, "interrupted before it was signed");
      return Step.FAILED;
    }
    ChainRail rail = rail(network);
    List<ChainTransaction> seen = lookUp(network, rail, w);
    Optional<ChainTransaction> mined = OutgoingCalls.included(seen);
    if (mined.isPresent()) {
      return settleIfFinal(w, mined.get());
    }
    boolean evm = network.family() == ChainFamily.EVM;
    TransactionSender sender = sender(network);
    Withdrawal.Attempt latest = w.latest().orElseThrow();
    // how long the newest version has had to show up: nothing is concluded before that
    boolean overdue = latest.signedAt().plus(settings.replaceAfter()).isBefore(now);
    if (evm && overdue && sender.transactionCount(network, w.from(), false) > w.nonce()) {
      // the nonce is used, yet none of our versions is in a block: look once more, to be sure
      // one was not mined between the two reads
      if (OutgoingCalls.included(lookUp(network, rail, w)).isEmpty()) {
        alerts.raise("withdrawal-dropped", "withdrawal " + w.id() + " on " + network.id()
            + ": nonce " + w.nonce() + " was used by a transaction that is not one of ours");
        fail(w, "dropped: its nonce was used by another transaction");
        return Step.FAILED;
      }
      return Step.WAITING;
    }
    boolean allUnknown = seen.stream().allMatch(tx -> tx.status() == TxStatus.NOT_FOUND);
    // EVM: every version shares the nonce, so a replacement can never be mined beside another.
    // Tron has no nonce: only a version past its expiration (with a margin for the chain's clock)
    // that no node has seen can never be mined any more, so only then is another one signed.
    boolean replace = evm ? overdue : allUnknown && latest.transfer().expiresAt() != null
        && latest.transfer().expiresAt().plus(settings.replaceAfter()).isBefore(now);
    if (replace) {
      if (w.attempts().size() >= settings.maxAttempts()) {
        alerts.raise("withdrawal-stuck", "withdrawal " + w.id() + " on " + network.id()
            + " is stuck after " + w.attempts().size() + " attempts");
        return Step.WAITING;
      }
      replace(network, w, latest);
      return Step.REPLACED;
    }
    if (seen.getFirst().status() == TxStatus.NOT_FOUND) {
      sender.broadcast(network, latest.transfer());
      return Step.REBROADCAST;
    }
    return Step.WAITING;
  }

  /** What the chain says of each version of {@code w}, newest first. */
  private static List<ChainTransaction> lookUp(Network network, ChainRail rail, Withdrawal w) {
    return OutgoingCalls.lookUp(network, rail,
        w.attempts().reversed().stream().map(Withdrawal.Attempt::hash).toList());
  }

  private Step settleIfFinal(Withdrawal w, ChainTransaction tx) {
    if (tx.confirmations() < tx.requiredConfirmations()) {
      return Step.WAITING;
    }
    if (tx.status() == TxStatus.FAILED) {
      fail(w, "reverted on-chain in " + tx.hash());
      return Step.FAILED;
    }
    Instant now = clock.instant();
    Transfer settle = new Transfer(finalId(w.id()), "WITHDRAWAL", legs(w), now);
    ledger.post(settle);
    Withdrawal done = w.completed(now);
    if (store.update(done)) {
      movements.save(movement(done, null, tx.hash().value())
          .withStatus(Movement.Status.COMPLETED, tx.confirmations(), now));
    }
    return Step.COMPLETED;
  }

  private static List<Leg> legs(Withdrawal w) {
    List<Leg> legs = new ArrayList<>();
    legs.add(Leg.debit(AccountId.userHeld(w.userId(), w.asset()), w.total()));
    legs.add(Leg.credit(AccountId.treasury(w.network(), w.asset()), w.amount()));
    if (w.fee().signum() > 0) {
      legs.add(Leg.credit(AccountId.fees(w.asset()), w.fee()));
    }
    return legs;
  }

  private void replace(Network network, Withdrawal w, Withdrawal.Attempt latest) {
    TransactionSender sender = sender(network);
    Token token = network.token(w.asset()).orElseThrow();
    TxFees fees = latest.fees();
    if (fees instanceof TxFees.Eip1559 old) {
      FeeQuote.Eip1559 fresh = (FeeQuote.Eip1559) rail(network).fees(network);
      fees = old.bumped(settings.bumpPercent(), new TxFees.Eip1559(old.gasLimit(),
          fresh.maxFeePerGas(), fresh.maxPriorityFeePerGas()));
    }
    SignedTransfer transfer = sender.sign(network, order(w, token, Math.max(w.nonce(), 0), fees));
    Withdrawal next = w.signed(w.nonce(), new Withdrawal.Attempt(transfer, fees,
        clock.instant()), clock.instant());
    if (store.update(next)) {
      movements.save(movement(next, null, transfer.hash().value()));
      try {
        sender.broadcast(network, transfer);
      } catch (ChainUnavailableException e) {
        // stored: the next run sends it again
      }
    }
  }

  /**
   * Ends {@code w} as FAILED and gives the user the hold back (if it was posted). The release
   * shares its ledger id with the settlement, so the two can never both happen.
   */
  private Withdrawal fail(Withdrawal w, String reason) {
    Instant now = clock.instant();
    if (ledger.posted(holdId(w.id()))) {
      ledger.post(Transfer.between(finalId(w.id()), "WITHDRAWAL_RELEASE",
          AccountId.userHeld(w.userId(), w.asset()), AccountId.user(w.userId(), w.asset()),
          w.total(), now));
    }
    Withdrawal failed = w.failed(reason, now);
    if (store.update(failed)) {
      String hash = w.latest().map(a -> a.hash().value()).orElse(null);
      movements.save(movement(failed, null, hash)
          .withStatus(Movement.Status.FAILED, 0, now));
    }
    return failed;
  }

  // -- helpers ------------------------------------------------------------------------------

  private static Movement movement(Withdrawal w, String memo, String txHash) {
    return new Movement(w.id(), w.userId(), Movement.Type.WITHDRAWAL, Movement.Direction.OUT,
        Movement.Status.PENDING, w.asset(), w.amount(), w.fee(), w.network(), txHash, w.to(),
        memo, 0, w.createdAt(), null);
  }

  static String holdId(String withdrawalId) {
    return withdrawalId + ":hold";
  }

  static String finalId(String withdrawalId) {
    return withdrawalId + ":final";
  }

  private String normalized(Network network, String address) {
    var check = rail(network).validateAddress(address);
    if (!check.valid()) {
      throw new InvalidValueException("to is not a valid " + network.id() + " address: "
          + check.reason());
    }
    return check.normalized();
  }

  private ChainRail rail(Network network) {
    return PerFamily.find(rails, network.family())
        .orElseThrow(() -> new WithdrawalUnavailableException(
            "this function cannot reach " + network.id()));
  }

  private TransactionSender sender(Network network) {
    return PerFamily.find(senders, network.family())
        .orElseThrow(() -> new WithdrawalUnavailableException(
            "withdrawals on " + network.id() + " are not available from this function"));
  }

  private static String amount(BigInteger amount, Asset asset) {
    return io.stablepay.core.domain.Decimals.format(amount, asset.decimals()) + " " + asset;
  }
}
