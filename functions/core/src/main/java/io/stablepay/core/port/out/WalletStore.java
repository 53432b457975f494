package io.stablepay.core.port.out;

import io.stablepay.core.domain.wallet.Wallet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Wallets, at most one per user, findable by user. */
public interface WalletStore {

  Optional<Wallet> findByUser(String userId);

  /** The user whose wallet has {@code address} (EVM: any case; Tron: exact). */
  Optional<String> ownerOf(String address);

  /**
   * The owners of those of {@code addresses} that belong to platform wallets, keyed by the address
   * as given; one batched lookup however many addresses there are.
   */
  Map<String, String> ownersOf(Collection<String> addresses);

  /**
   * Stores the user's wallet and claims its addresses, only if the user has none yet.
   *
   * @return false when the user already has a wallet (nothing stored)
   */
  boolean create(Wallet wallet);
}
