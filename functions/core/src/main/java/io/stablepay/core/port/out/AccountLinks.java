package io.stablepay.core.port.out;

import java.util.Optional;

/** Links to the platform's public API that mails may carry. */
@FunctionalInterface
public interface AccountLinks {

  /**
   * The link that lifts the sign-in locks of the account with this unlock token, if the API's
   * public address is configured; without it the mail carries the token alone.
   */
  Optional<String> unlock(String token);
}
