package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.Asset;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A movement of money: two or more legs whose amounts sum to zero per asset, under an id the caller
 * chooses. The id makes posting idempotent: the same transfer posted twice moves money once. Every
 * rule of double entry is checked here, before any store sees it.
 *
 * @param type what the movement is (P2P, DEPOSIT, HOLD, ...), for statements
 */
public record Transfer(String id, String type, List<Leg> legs, Instant at) {

  public Transfer {
    if (id == null || !id.matches("[A-Za-z0-9:_.-]{1,128}")) {
      throw new IllegalArgumentException("transfer id must be 1-128 of [A-Za-z0-9:_.-]");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    legs = List.copyOf(legs);
    if (legs.size() < 2) {
      throw new IllegalArgumentException("a transfer needs at least two legs");
    }
    if (legs.size() > 24) {
      throw new IllegalArgumentException("a transfer has at most 24 legs");
    }
    Set<AccountId> seen = new HashSet<>();
    Map<Asset, BigInteger> sums = new HashMap<>();
    for (Leg leg : legs) {
      if (!seen.add(leg.account())) {
        throw new IllegalArgumentException("account appears twice: " + leg.account());
      }
      sums.merge(leg.account().asset(), leg.amount(), BigInteger::add);
    }
    sums.forEach(
        (asset, sum) -> {
          if (sum.signum() != 0) {
            throw new IllegalArgumentException(
                "legs of " + asset + " sum to " + sum + ", not zero");
          }
        });
  }

  /** A two-legged transfer of {@code amount} from one account to another. */
  public static Transfer between(
      String id, String type, AccountId from, AccountId to, BigInteger amount, Instant at) {
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("amount must be positive");
    }
    return new Transfer(id, type, List.of(Leg.debit(from, amount), Leg.credit(to, amount)), at);
  }
}
