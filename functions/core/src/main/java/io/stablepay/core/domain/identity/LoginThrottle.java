package io.stablepay.core.domain.identity;

import io.stablepay.core.domain.RateLimitedException;
import io.stablepay.core.port.out.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins are counted per account and per source address in fixed windows that open at
 * the first failure. Once a window holds its limit, every attempt (right password or not) is
 * refused until it closes; a success does not reset it, so guessing cannot be interleaved with a
 * known password.
 */
public final class LoginThrottle {

  /** Failures an account may have in one window. */
  public static final int ACCOUNT_LIMIT = 5;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final AttemptStore attempts;
  private final int addressLimit;

  /** @param addressLimit failures one source address may have in a window (looser: NAT, offices) */
  public LoginThrottle(AttemptStore attempts, int addressLimit) {
    this.attempts = attempts;
    this.addressLimit = addressLimit;
  }

  /** @throws RateLimitedException when the account or the address is locked out right now */
  public void check(Email account, String sourceAddress, Instant now) {
    Optional<Duration> wait = lockedFor(accountKey(account), ACCOUNT_LIMIT, now)
        .or(() -> sourceAddress == null ? Optional.empty()
            : lockedFor(addressKey(sourceAddress), addressLimit, now));
    if (wait.isPresent()) {
      throw new RateLimitedException("too many failed sign-ins; try again later", wait.get());
    }
  }

  public void recordFailure(Email account, String sourceAddress, Instant now) {
    attempts.recordFailure(accountKey(account), now, WINDOW);
    if (sourceAddress != null) {
      attempts.recordFailure(addressKey(sourceAddress), now, WINDOW);
    }
  }

  private Optional<Duration> lockedFor(String key, int limit, Instant now) {
    return attempts.current(key, now, WINDOW)
        .filter(window -> window.failures() >= limit)
        .map(window -> {
          Duration left = Duration.between(now, window.start().plus(WINDOW));
          return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        });
  }

  private static String accountKey(Email account) {
    return "login:account:" + account.value();
  }

  private static String addressKey(String address) {
    return "login:address:" + address;
  }
}
