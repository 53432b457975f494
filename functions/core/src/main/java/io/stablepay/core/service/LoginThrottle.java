package io.stablepay.core.service;

import io.stablepay.core.domain.RateLimitedException;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.port.out.AttemptStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Failed sign-ins are counted in fixed windows that open at the first failure, three ways: per
 * account and source address (5), per source address across accounts (looser: NAT, offices), and
 * per account across every source (a backstop against guessing from many addresses). Once a window
 * holds its limit, every attempt it covers (right password or not) is refused until it closes; a
 * success does not reset it, so guessing cannot be interleaved with a known password.
 *
 * <p>So a stranger failing five times locks the account only for the stranger's own address, not
 * for its owner elsewhere. When a lock on an account engages, the owner can lift it: {@link
 * #unlock} moves the account to a new generation, and the account's windows are counted per
 * generation, so every lock on the account (from any address) is gone at once. The source-wide
 * count is not the account's and stays.
 */
public final class LoginThrottle {

  /** Failures one account may have from one source address in a window. */
  public static final int ACCOUNT_SOURCE_LIMIT = 5;

  /** Failures one account may have from every source address together in a window. */
  public static final int ACCOUNT_LIMIT = 50;

  public static final Duration WINDOW = Duration.ofMinutes(15);
  private static final String UNKNOWN_SOURCE = "unknown";

  private final AttemptStore attempts;
  private final int addressLimit;

  /**
   * @param addressLimit failures one source address may have in a window, over all accounts
   */
  public LoginThrottle(AttemptStore attempts, int addressLimit) {
    this.attempts = attempts;
    this.addressLimit = addressLimit;
  }

  /**
   * @throws RateLimitedException when a lock covers this account from this source right now
   */
  public void check(Email account, String sourceAddress, Instant now) {
    String source = source(sourceAddress);
    String generation = generationOf(account);
    Optional<Duration> wait =
        lockedFor(accountSourceKey(account, generation, source), ACCOUNT_SOURCE_LIMIT, now)
            .or(() -> lockedFor(accountKey(account, generation), ACCOUNT_LIMIT, now))
            .or(
                () ->
                    sourceAddress == null || sourceAddress.isBlank()
                        ? Optional.empty()
                        : lockedFor(addressKey(source), addressLimit, now));
    if (wait.isPresent()) {
      throw new RateLimitedException("too many failed sign-ins; try again later", wait.get());
    }
  }

  /**
   * Counts a failure.
   *
   * @return true when this failure locked the account (from this source, or from everywhere) and it
   *     is the first lock of the account in this window: the moment to offer its owner the way back
   *     in, once, however many addresses keep failing
   */
  public boolean recordFailure(Email account, String sourceAddress, Instant now) {
    String source = source(sourceAddress);
    String generation = generationOf(account);
    boolean locked =
        attempts.recordFailure(accountSourceKey(account, generation, source), now, WINDOW)
            == ACCOUNT_SOURCE_LIMIT;
    locked |= attempts.recordFailure(accountKey(account, generation), now, WINDOW) == ACCOUNT_LIMIT;
    if (sourceAddress != null && !sourceAddress.isBlank()) {
      attempts.recordFailure(addressKey(source), now, WINDOW);
    }
    // the same counter, used as a once-per-window flag: only its first holder mails the owner
    return locked
        && attempts.recordFailure(
                "login:unlock-offered:" + account.value() + "#" + generation, now, WINDOW)
            == 1;
  }

  /** Lifts every lock on the account, from every source; counting starts again from zero. */
  public void unlock(Email account) {
    attempts.advance(generationKey(account));
  }

  private Optional<Duration> lockedFor(String key, int limit, Instant now) {
    return attempts
        .current(key, now, WINDOW)
        .filter(window -> window.failures() >= limit)
        .map(
            window -> {
              Duration left = Duration.between(now, window.start().plus(WINDOW));
              return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
            });
  }

  private String generationOf(Email account) {
    return Long.toString(attempts.generation(generationKey(account)));
  }

  private static String source(String sourceAddress) {
    return sourceAddress == null || sourceAddress.isBlank() ? UNKNOWN_SOURCE : sourceAddress;
  }

  private static String generationKey(Email account) {
    return "login:generation:" + account.value();
  }

  private static String accountKey(Email account, String generation) {
    return "login:account:" + account.value() + "#" + generation;
  }

  private static String accountSourceKey(Email account, String generation, String source) {
    return "login:account:" + account.value() + "#" + generation + ":from:" + source;
  }

  private static String addressKey(String source) {
    return "login:address:" + source;
  }
}
