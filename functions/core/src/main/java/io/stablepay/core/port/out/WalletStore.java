package io.stablepay.core.port.out;

import io.stablepay.core.domain.wallet.Wallet;
import java.util.Optional;

/** Wallets, at most one per user, findable by user. */
public interface WalletStore {

  Optional<Wallet> findByUser(String userId);

  /** The user whose wallet has {@code address} (EVM: any case; Tron: exact). */
  Optional<String> ownerOf(String address);

  /**
   * Stores the user's wallet and claims its addresses, only if the user has none yet.
   *
   * @return false when the user already has a wallet (nothing stored)
   */
  boolean create(Wallet wallet);
}
