package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.escrow.Escrow;
import java.util.List;
import java.util.Optional;

/** Escrows, each written over the version read. */
public interface EscrowStore {

  /**
   * Stores a new escrow, listed for both its parties.
   *
   * @return false, writing nothing, when an escrow with its id exists
   */
  boolean create(Escrow escrow);

  Optional<Escrow> find(String id);

  /**
   * Replaces the escrow if its stored version is {@code next.version() - 1}.
   *
   * @return false, writing nothing, when another writer changed it first
   */
  boolean update(Escrow next);

  /**
   * Removes a FUNDING escrow whose hold was refused, if it is still at {@code escrow.version()}, so
   * that the same request may be made again.
   */
  void discard(Escrow escrow);

  /** The user's escrows, as depositor or beneficiary, newest first. */
  Page<Escrow> ofUser(String userId, PageRequest page);

  /** DISPUTED escrows, oldest dispute first. */
  Page<Escrow> disputed(PageRequest page);

  /** Escrows not ended (FUNDING, HELD, DISPUTED, SETTLING), at most {@code limit}. */
  List<Escrow> open(int limit);
}
