package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.StoredCredentials;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.WalletStore;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Finds the platform user a payment goes to, named by email or by one of their addresses. */
final class Recipients {

  private final UserStore users;
  private final WalletStore wallets;
  private final List<ChainRail> rails;

  Recipients(UserStore users, WalletStore wallets, Collection<? extends ChainRail> rails) {
    this.users = users;
    this.wallets = wallets;
    this.rails = List.copyOf(rails);
  }

  /**
   * The active user named by {@code to}; {@code field} names it in errors ({@code to}, {@code
   * beneficiary}).
   *
   * @throws NotFoundException when no active user has that email or address
   * @throws InvalidValueException when {@code to} is neither an email nor a valid address
   */
  User find(String to, String field) {
    return users
        .findById(idOf(to, field))
        .filter(User::active)
        .orElseThrow(() -> new NotFoundException("no platform user with that email or address"));
  }

  private String idOf(String to, String field) {
    if (to.contains("@")) {
      return users
          .findCredentials(new Email(to))
          .map(StoredCredentials::user)
          .orElseThrow(() -> new NotFoundException("no platform user with that email"))
          .id();
    }
    Optional<String> normalized =
        rails.stream()
            .map(rail -> rail.validateAddress(to))
            .filter(check -> check.valid())
            .map(check -> check.normalized())
            .findFirst();
    if (normalized.isEmpty()) {
      throw new InvalidValueException(field + " is neither an email nor a valid address");
    }
    return wallets.ownerOf(normalized.get()).orElseThrow(WithdrawalUnavailableException::new);
  }
}
