package io.stablepay.core.port.out;

import io.stablepay.core.domain.merchant.Merchant;
import java.util.List;
import java.util.Optional;

/** Merchants, one per user, written only over the version read. */
public interface MerchantStore {

  /**
   * Stores a new merchant and, in the same write, makes its user a MERCHANT.
   *
   * @return false, writing nothing, when the user already is a merchant or is no plain USER
   */
  boolean create(Merchant merchant);

  Optional<Merchant> find(String userId);

  /** The user ids of merchants with an automatic settlement threshold (an eventual read). */
  List<String> autoSettling();

  /** Replaces the merchant if its stored version is {@code next.version() - 1}. */
  boolean update(Merchant next);
}
