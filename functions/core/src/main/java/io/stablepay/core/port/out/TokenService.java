package io.stablepay.core.port.out;

import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.identity.VerifiedToken;

/** Issues and verifies access tokens (signed by a key that never leaves the key service). */
public interface TokenService {

  /**
   * A token for {@code user} in the sign-in session {@code sessionId} (its refresh-token family).
   */
  AccessToken issue(User user, String sessionId);

  /**
   * @throws io.stablepay.core.domain.UnauthorizedException when the token is malformed, tampered,
   *     expired, or issued for another audience
   */
  VerifiedToken verify(String token);

  /** The public keys that verify issued tokens, as a JSON Web Key Set document. */
  String publicKeySetJson();
}
