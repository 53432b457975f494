package io.stablepay.core.port.in;

import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import java.util.List;

/**
 * API keys of merchants and administrators: issued (the secret shown once), listed without secrets
 * and revoked. Throws {@link io.stablepay.core.domain.ForbiddenException} for a caller that may not
 * hold keys and {@link io.stablepay.core.domain.InvalidRequestException} for a bad name.
 */
public interface ApiKeys {

  /** A new API key for the caller (MERCHANT or ADMIN); the secret is in the result only. */
  ApiKey.Issued createApiKey(Caller caller, String name);

  /** The caller's keys, newest last, without secrets. */
  List<ApiKey> apiKeys(Caller caller);

  /**
   * @throws io.stablepay.core.domain.NotFoundException when the caller has no key with that id
   */
  void revokeApiKey(Caller caller, String id);
}
