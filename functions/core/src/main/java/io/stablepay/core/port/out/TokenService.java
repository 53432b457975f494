package io.stablepay.core.port.out;

import io.stablepay.core.domain.identity.AccessToken;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.User;

/** Issues and verifies access tokens (signed by a key that never leaves the key service). */
public interface TokenService {

  AccessToken issue(User user);

  /**
   * @throws io.stablepay.core.domain.UnauthorizedException when the token is malformed, tampered,
   *     expired, or issued for another audience
   */
  Caller verify(String token);

  /** The public keys that verify issued tokens, as a JSON Web Key Set document. */
  String publicKeySetJson();
}
