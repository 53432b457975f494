package io.stablepay.core.port.out;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import java.util.List;
import java.util.Optional;

/**
 * Withdrawals, each written only over the version that was read, and an index of the open ones per
 * network that the tracker walks. The index changes in the same write as the withdrawal.
 */
public interface WithdrawalStore {

  /**
   * @return false, writing nothing, when a withdrawal with this id exists
   */
  boolean create(Withdrawal withdrawal);

  Optional<Withdrawal> find(String id);

  /**
   * Replaces the stored withdrawal if its version is still {@code next.version() - 1}.
   *
   * @return false, writing nothing, when another writer changed it first
   */
  boolean update(Withdrawal next);

  /**
   * Removes a CREATED withdrawal whose hold was never posted (version unchanged): nothing happened,
   * so nothing is kept.
   */
  boolean discard(Withdrawal created);

  /** CREATED and PENDING withdrawals on {@code network}, oldest first. */
  List<Withdrawal> open(NetworkId network);
}
