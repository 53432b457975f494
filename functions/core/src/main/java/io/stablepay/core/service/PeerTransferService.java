package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.TransferLimits;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Instant transfers between platform users, posted as one ledger transfer together with both users'
 * statement lines and the daily limits of both users' KYC status.
 */
public final class PeerTransferService implements PeerTransfers {

  private final LedgerStore ledger;
  private final UserStore users;
  private final Recipients recipients;
  private final MovementStore movements;
  private final TransferLimits limits;
  private final Clock clock;

  public PeerTransferService(
      LedgerStore ledger,
      UserStore users,
      WalletStore wallets,
      MovementStore movements,
      Collection<? extends ChainRail> rails,
      TransferLimits limits,
      Clock clock) {
    this.movements = movements;
    this.limits = limits;
    this.ledger = ledger;
    this.users = users;
    this.recipients = new Recipients(users, wallets, rails);
    this.clock = clock;
  }

  @Override
  public Completed send(Caller caller, String idempotencyKey, SendCommand command) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for transfers");
    }
    User recipient = recipients.find(command.to(), "to");
    if (recipient.id().equals(caller.userId())) {
      throw new InvalidValueException("a transfer to yourself moves nothing");
    }
    User sender =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    Asset asset = command.asset();
    BigInteger units = command.amount().units();
    Instant now = clock.instant();
    List<Allowance> allowances =
        limits.forPeerTransfer(
            sender.id(),
            sender.kycStatus(),
            recipient.id(),
            recipient.kycStatus(),
            command.amount(),
            now);
    for (Allowance allowance : allowances) {
      if (allowance.exceededOnItsOwn()) {
        throw new LimitExceededException("the amount is above " + allowance.description());
      }
    }
    // the same caller and key always give the same ledger id: a retry cannot move money twice
    String id = "p2p-" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey).substring(0, 40);
    Transfer transfer =
        Transfer.between(
            id,
            "P2P",
            AccountId.user(sender.id(), asset),
            AccountId.user(recipient.id(), asset),
            units,
            now);
    List<Movement> lines =
        List.of(
            line(id, sender.id(), Movement.Direction.OUT, recipient, command, now),
            line(id, recipient.id(), Movement.Direction.IN, sender, command, now));
    Transfer posted;
    try {
      posted = ledger.post(transfer, lines, allowances).transfer();
    } catch (InsufficientFundsException e) {
      throw new InsufficientFundsException(
          "the available " + asset + " balance does not cover " + command.amount());
    }
    return new Completed(
        posted.id(), command.amount(), recipient.id(), recipient.email().value(), posted.at());
  }

  private static Movement line(
      String id,
      String owner,
      Movement.Direction direction,
      User counterparty,
      SendCommand command,
      Instant at) {
    return new Movement(
        id,
        owner,
        Movement.Type.P2P,
        direction,
        Movement.Status.COMPLETED,
        command.amount(),
        TokenAmount.zero(command.asset()),
        null,
        null,
        counterparty.email().value(),
        command.memo(),
        0,
        at,
        at);
  }

  @Override
  public List<Balance> balances(Caller caller) {
    List<AccountId> accounts = new ArrayList<>();
    for (Asset asset : Asset.values()) {
      accounts.add(AccountId.user(caller.userId(), asset));
      accounts.add(AccountId.userHeld(caller.userId(), asset));
    }
    // every asset's available and held balance in one read
    Map<AccountId, BigInteger> read = ledger.balances(accounts);
    return Arrays.stream(Asset.values())
        .map(
            asset ->
                new Balance(
                    new TokenAmount(asset, read.get(AccountId.user(caller.userId(), asset))),
                    new TokenAmount(asset, read.get(AccountId.userHeld(caller.userId(), asset)))))
        .toList();
  }

  @Override
  public Page<Movement> movements(Caller caller, Movement.Filter filter, PageRequest page) {
    return movements.list(caller.userId(), filter, page);
  }
}
