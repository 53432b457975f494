package io.stablepay.core.testing;

import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.port.out.EscrowStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The escrow store's contract in memory: a create refuses an id that exists, an update is written
 * only over the version before it, a discard removes only a FUNDING escrow still at the version
 * given. {@link #open} lists FUNDING, HELD and SETTLING escrows by creation, then DISPUTED ones by
 * dispute, as the DynamoDB store's two index partitions do. {@link #refuse} makes the updates it
 * matches lose as to another writer (a race, or a crash before the write).
 */
public final class MemoryEscrowStore implements EscrowStore {

  private final Map<String, Escrow> escrows = new LinkedHashMap<>();

  /** Updates to a version this matches are refused (return false, write nothing) while set. */
  public Predicate<Escrow> refuse = escrow -> false;

  /** Updates refused by {@link #refuse} so far. */
  public int refused;

  @Override
  public synchronized boolean create(Escrow escrow) {
    return escrows.putIfAbsent(escrow.id(), escrow) == null;
  }

  @Override
  public synchronized Optional<Escrow> find(String id) {
    return Optional.ofNullable(escrows.get(id));
  }

  @Override
  public synchronized boolean update(Escrow next) {
    Escrow stored = escrows.get(next.id());
    if (stored == null || stored.version() != next.version() - 1) {
      return false;
    }
    if (refuse.test(next)) {
      refused++;
      return false;
    }
    escrows.put(next.id(), next);
    return true;
  }

  @Override
  public synchronized void discard(Escrow escrow) {
    Escrow stored = escrows.get(escrow.id());
    if (stored != null
        && stored.status() == Escrow.Status.FUNDING
        && stored.version() == escrow.version()) {
      escrows.remove(escrow.id());
    }
  }

  @Override
  public synchronized Page<Escrow> ofUser(String userId, PageRequest page) {
    return new Page<>(
        escrows.values().stream()
            .filter(e -> e.isParty(userId))
            .sorted(Comparator.comparing(Escrow::createdAt).reversed())
            .limit(page.limit())
            .toList(),
        null);
  }

  @Override
  public synchronized Page<Escrow> disputed(PageRequest page) {
    return new Page<>(disputed().limit(page.limit()).toList(), null);
  }

  @Override
  public synchronized List<Escrow> open(int limit) {
    Stream<Escrow> moving =
        escrows.values().stream()
            .filter(e -> !e.status().ended() && e.status() != Escrow.Status.DISPUTED)
            .sorted(Comparator.comparing(Escrow::createdAt));
    return Stream.concat(moving, disputed()).limit(limit).toList();
  }

  /** How many escrows are stored. */
  public synchronized int size() {
    return escrows.size();
  }

  private Stream<Escrow> disputed() {
    return escrows.values().stream()
        .filter(e -> e.status() == Escrow.Status.DISPUTED)
        .sorted(Comparator.comparing(MemoryEscrowStore::disputedAt));
  }

  private static Instant disputedAt(Escrow escrow) {
    return escrow.dispute() == null ? escrow.updatedAt() : escrow.dispute().at();
  }
}
