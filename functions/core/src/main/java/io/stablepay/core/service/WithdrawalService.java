package io.stablepay.core.service;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.FeeAboveLimitException;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.domain.withdrawal.WithdrawalRejectedException;
import io.stablepay.core.domain.withdrawal.WithdrawalSettings;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * On-chain withdrawal requests: priced, checked against the limits and the treasury's liquidity,
 * held, signed through the custody port, stored, then broadcast; followed from there to the
 * confirmation depth by {@link WithdrawalTracker}.
 *
 * <p>Money rules: the hold (user -> user's held account, amount plus fee) is posted before anything
 * is signed; the withdrawal ends with exactly one more ledger transfer under the id {@code
 * <id>:final}, either the settlement (held -> treasury for the amount, held -> fees for the fee) or
 * the release (held -> user). One id for both means the ledger itself refuses the second outcome,
 * and the release is posted only by the writer that claimed the withdrawal over the version it read
 * ({@link WithdrawalBooks#fail}), so it never races a signature being stored. The signed bytes of
 * every attempt are stored before they are broadcast, so a crash after the broadcast re-sends the
 * same transaction; all attempts share one nonce, so at most one is ever mined.
 */
public final class WithdrawalService implements Withdrawals {

  private final WithdrawalChains chains;
  private final WithdrawalBooks books;
  private final WalletStore wallets;
  private final UserStore users;
  private final TransferLimits limits;
  private final Clock clock;
  private final WithdrawalPricing pricing;

  public WithdrawalService(
      WithdrawalChains chains,
      WithdrawalBooks books,
      WalletStore wallets,
      UserStore users,
      TransferLimits limits,
      WithdrawalSettings settings,
      Clock clock) {
    this.chains = chains;
    this.books = books;
    this.wallets = wallets;
    this.users = users;
    this.limits = limits;
    this.clock = clock;
    this.pricing = new WithdrawalPricing(chains, books, settings, clock);
  }

  @Override
  public Quote quote(String networkName, TokenAmount amount) {
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    Network network = chains.registry().require(networkName);
    // a representative recipient that holds no tokens: the dearer case of a token transfer
    String probe =
        network.family() == ChainFamily.EVM
            ? "0x000000000000000000000000000000000000dEaD"
            : "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb";
    return pricing.price(network, amount.asset(), amount.units(), probe).quote();
  }

  @Override
  public Quote quote(String networkName, TokenAmount amount, String to) {
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    Network network = chains.registry().require(networkName);
    return pricing.price(network, amount.asset(), amount.units(), normalized(network, to)).quote();
  }

  @Override
  public Withdrawal withdraw(Caller caller, String idempotencyKey, WithdrawCommand command) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for withdrawals");
    }
    Network network = chains.registry().require(command.network());
    String to = normalized(network, command.to());
    if (wallets.ownerOf(to).isPresent()) {
      throw new InvalidValueException(
          "that address belongs to a platform user: send without"
              + " \"network\" and it settles at once, with no fee");
    }
    String id = "wd-" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey).substring(0, 40);
    Optional<Withdrawal> existing = books.store().find(id);
    if (existing.isPresent()) {
      return replay(existing.get(), network, command, to);
    }
    User user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    KycStatus verification =
        command.limitStatus() != null ? command.limitStatus() : user.kycStatus();
    Allowance allowance =
        limits.forWithdrawal(user.id(), verification, command.amount(), clock.instant());
    if (allowance.exceededOnItsOwn()) {
      throw new LimitExceededException("the amount is above " + allowance.description());
    }
    WithdrawalPricing.Priced priced =
        pricing.price(network, command.asset(), command.amount().units(), to);
    TokenAmount fee = priced.quote().fee();
    if (command.maxFee() != null && fee.compareTo(command.maxFee()) > 0) {
      throw new FeeAboveLimitException(
          "the network fee is now " + fee + ", above maxFee: quote again");
    }
    pricing.checkLiquidity(priced, command.amount().units());
    Instant now = clock.instant();
    Withdrawal created =
        Withdrawal.create(
            id,
            caller.userId(),
            network.id(),
            command.amount(),
            fee,
            to,
            priced.from(),
            priced.key().keyId(),
            now);
    if (!books.store().create(created)) {
      return replay(books.store().find(id).orElseThrow(), network, command, to);
    }
    try {
      books
          .ledger()
          .post(
              WithdrawalBooks.hold(created, now),
              List.of(WithdrawalBooks.movement(created, command.memo(), null)),
              List.of(allowance));
    } catch (InsufficientFundsException e) {
      books.store().discard(created);
      throw new InsufficientFundsException(
          "the available "
              + command.asset()
              + " balance does not cover "
              + command.amount()
              + " plus the network fee of "
              + fee);
    } catch (RuntimeException e) {
      books.store().discard(created); // a refused limit too: nothing was held
      throw e;
    }
    return send(created, priced, command.memo());
  }

  private Withdrawal replay(
      Withdrawal existing, Network network, WithdrawCommand command, String to) {
    if (!existing.sameRequest(network.id(), command.amount(), to)) {
      throw new IdempotencyMismatchException();
    }
    return existing;
  }

  @Override
  public Withdrawal get(Caller caller, String id) {
    return books
        .store()
        .find(id)
        .filter(w -> w.userId().equals(caller.userId()))
        .orElseThrow(() -> new NotFoundException("no withdrawal " + id));
  }

  // -- signing and broadcasting -------------------------------------------------------------

  /**
   * Signs the first attempt, stores it, then broadcasts it. A failure before anything was stored
   * releases the hold (the caller gets the error, nothing moved); once stored, the tracker owns the
   * withdrawal and the caller gets it PENDING.
   */
  private Withdrawal send(Withdrawal created, WithdrawalPricing.Priced priced, String memo) {
    Network network = priced.network();
    TransactionSender sender = chains.sender(network);
    boolean evm = network.family() == ChainFamily.EVM;
    long nonce = -1;
    Withdrawal signed;
    try {
      if (evm) {
        nonce =
            chains
                .nonces()
                .allocate(
                    network.id(),
                    created.from(),
                    sender.transactionCount(network, created.from(), true));
      }
      SignedTransfer transfer =
          chains.sign(network, created, priced.token(), Math.max(nonce, 0), priced.fees());
      signed =
          created.signed(
              nonce,
              new Withdrawal.Attempt(transfer, priced.fees(), clock.instant()),
              clock.instant());
      if (!books.store().update(signed)) {
        throw new IllegalStateException("withdrawal " + created.id() + " changed under it");
      }
    } catch (RuntimeException e) {
      if (nonce >= 0) {
        chains.nonces().release(network.id(), created.from(), nonce);
      }
      books.fail(created, "could not be signed: " + e.getClass().getSimpleName(), clock.instant());
      throw e;
    }
    books
        .movements()
        .save(WithdrawalBooks.movement(signed, memo, signed.latest().orElseThrow().hash().value()));
    BroadcastResult result;
    try {
      result = sender.broadcast(network, signed.latest().orElseThrow().transfer());
    } catch (ChainUnavailableException e) {
      return signed; // the tracker re-sends the stored bytes
    }
    if (!result.sent() && (!evm || chains.nonces().release(network.id(), created.from(), nonce))) {
      // nothing will be mined and no later transaction waits on the nonce: end it here
      books.fail(signed, "rejected by the network: " + result.reason(), clock.instant());
      throw new WithdrawalRejectedException(
          "the "
              + network.id()
              + " node refused the"
              + " transfer ("
              + result.reason()
              + "); nothing was moved: "
              + signed.id());
    }
    return signed;
  }

  // -- helpers ------------------------------------------------------------------------------

  private String normalized(Network network, String address) {
    var check = chains.rail(network).validateAddress(address);
    if (!check.valid()) {
      throw new InvalidValueException(
          "to is not a valid " + network.id() + " address: " + check.reason());
    }
    return check.normalized();
  }
}
