package io.stablepay.core.port.out;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.ledger.Movement;

/** Users' statements: each movement under its owner, newest first. */
public interface MovementStore {

  /** Creates or replaces the movement (same id and creation time). */
  void save(Movement movement);

  /** The owner's movements matching {@code filter}, newest first. */
  Page<Movement> list(String userId, Movement.Filter filter, PageRequest page);
}
