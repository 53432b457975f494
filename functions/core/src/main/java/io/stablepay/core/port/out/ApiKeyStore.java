package io.stablepay.core.port.out;

import io.stablepay.core.domain.identity.ApiKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API keys by public id, with the keyed hash of their secret. */
public interface ApiKeyStore {

  record Stored(ApiKey key, String mac) {}

  void save(ApiKey key, String mac);

  Optional<Stored> find(String id);

  List<ApiKey> listByOwner(String ownerId);

  /** Records use; at most about once a minute per key, so a busy key does not write each call. */
  void touch(String id, Instant now);

  /**
   * @return false when no key of {@code ownerId} has that id
   */
  boolean revoke(String id, String ownerId, Instant now);
}
