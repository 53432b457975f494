package io.stablepay.core.port.out;

import io.stablepay.core.domain.wallet.WatchAddress;
import java.util.List;

/**
 * Users' watch-only addresses. Each (network, address) belongs to at most one user. They are kept
 * apart from the custodial address claims of {@link WalletStore}, so that deposits and P2P never
 * resolve to them.
 */
public interface WatchAddressStore {

  /** What {@link #link} did. */
  enum Outcome {
    /** Stored now. */
    LINKED,
    /** The user had already linked it; {@link Link#address} is the stored record. */
    ALREADY_LINKED,
    /** Another user has linked it; nothing stored. */
    TAKEN,
    /** The user has {@code limit} addresses already; nothing stored. */
    LIMIT_REACHED
  }

  record Link(Outcome outcome, WatchAddress address) {}

  /**
   * Links {@code address} to its user unless another user has it or the user already has {@code
   * limit} watch-only addresses; the checks and the write are one atomic step.
   */
  Link link(WatchAddress address, int limit);

  /** The user's watch-only addresses, by network then address. */
  List<WatchAddress> findByUser(String userId);
}
