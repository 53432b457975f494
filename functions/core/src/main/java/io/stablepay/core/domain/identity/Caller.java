package io.stablepay.core.domain.identity;

import io.stablepay.core.domain.ForbiddenException;
import java.util.Arrays;

/** Who is calling, as proven by a verified access token: the user id and the account's role. */
public record Caller(String userId, Role role) {

  /**
   * @throws ForbiddenException unless the caller has one of {@code allowed}
   */
  public void requireRole(Role... allowed) {
    if (Arrays.stream(allowed).noneMatch(r -> r == role)) {
      throw new ForbiddenException("this requires the role " + Arrays.toString(allowed));
    }
  }
}
