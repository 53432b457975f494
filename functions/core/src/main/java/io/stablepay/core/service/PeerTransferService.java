package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Instant transfers between platform users, posted as one ledger transfer. */
public final class PeerTransferService implements PeerTransfers {

  private final LedgerStore ledger;
  private final UserStore users;
  private final WalletStore wallets;
  private final List<ChainRail> rails;
  private final Clock clock;

  public PeerTransferService(LedgerStore ledger, UserStore users, WalletStore wallets,
      Collection<? extends ChainRail> rails, Clock clock) {
    this.ledger = ledger;
    this.users = users;
    this.wallets = wallets;
    this.rails = List.copyOf(rails);
    this.clock = clock;
  }

  @Override
  public Completed send(Caller caller, String idempotencyKey, SendCommand command) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new InvalidRequestException("an Idempotency-Key header is required for transfers");
    }
    String recipient = recipient(command.to());
    if (recipient.equals(caller.userId())) {
      throw new InvalidRequestException("a transfer to yourself moves nothing");
    }
    // the same caller and key always give the same ledger id: a retry cannot move money twice
    String id = "p2p-" + SecretToken.hash(caller.userId() + "\n" + idempotencyKey).substring(0, 40);
    Transfer transfer = Transfer.between(id, "P2P", AccountId.user(caller.userId(),
        command.asset()), AccountId.user(recipient, command.asset()), command.amount(),
        clock.instant());
    Transfer posted = ledger.post(transfer).transfer();
    return new Completed(posted.id(), command.asset(), command.amount(), recipient, posted.at());
  }

  @Override
  public List<Balance> balances(Caller caller) {
    return Arrays.stream(Asset.values())
        .map(asset -> new Balance(asset, ledger.balance(AccountId.user(caller.userId(), asset)),
            ledger.balance(AccountId.userHeld(caller.userId(), asset))))
        .toList();
  }

  private String recipient(String to) {
    if (to.contains("@")) {
      return users.findCredentials(new Email(to)).map(StoredCredentials::user)
          .filter(user -> user.active())
          .orElseThrow(() -> new NotFoundException("no platform user with that email")).id();
    }
    Optional<String> normalized = rails.stream()
        .map(rail -> rail.validateAddress(to)).filter(check -> check.valid())
        .map(check -> check.normalized()).findFirst();
    if (normalized.isEmpty()) {
      throw new InvalidRequestException("to is neither an email nor a valid address");
    }
    return wallets.ownerOf(normalized.get()).orElseThrow(WithdrawalUnavailableException::new);
  }
}
