package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.identity.ApiKey;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.port.in.ApiKeys;
import io.stablepay.core.port.out.ApiKeyStore;
import io.stablepay.core.port.out.SecretMac;
import java.time.Clock;
import java.util.List;

/** API keys: only their MAC is stored, so a key is shown once, when it is issued. */
public final class ApiKeyService implements ApiKeys {

  private final ApiKeyStore apiKeys;
  private final SecretMac mac;
  private final Clock clock;

  public ApiKeyService(ApiKeyStore apiKeys, SecretMac mac, Clock clock) {
    this.apiKeys = apiKeys;
    this.mac = mac;
    this.clock = clock;
  }

  @Override
  public ApiKey.Issued createApiKey(Caller caller, String name) {
    caller.requireRole(Role.MERCHANT, Role.ADMIN);
    String label = name == null || name.isBlank() ? "default" : name.trim();
    if (label.codePointCount(0, label.length()) > 64) {
      throw new InvalidRequestException("name must be at most 64 characters");
    }
    String id = SecretToken.randomHex(8);
    String secret = SecretToken.generate(ApiKey.PREFIX + id + "_");
    ApiKey key = new ApiKey(id, caller.userId(), label, clock.instant(), null, null);
    apiKeys.save(key, mac.mac(secret));
    return new ApiKey.Issued(secret, key);
  }

  @Override
  public List<ApiKey> apiKeys(Caller caller) {
    return apiKeys.listByOwner(caller.userId());
  }

  @Override
  public void revokeApiKey(Caller caller, String id) {
    if (id == null || !apiKeys.revoke(id, caller.userId(), clock.instant())) {
      throw new NotFoundException("no API key " + id);
    }
  }
}
