package io.stablepay.core.port.out;

import java.time.Instant;

/**
 * First responses of idempotent requests, kept 24 hours per (scope, key). The first request claims
 * the key; a replay with the same fingerprint gets the stored response; another body gets a
 * mismatch; a duplicate while the first still runs finds it in progress.
 */
public interface IdempotencyStore {

  /** The stored outcome of a request. {@code body} is the exact bytes sent the first time. */
  record StoredResponse(int status, String body) {}

  sealed interface Claim permits Claimed, InProgress, Mismatch, Replay {}

  /** This request owns the key now and must {@link #complete} or {@link #release} it. */
  record Claimed() implements Claim {}

  /**
   * The first request with this key is still running, or died running: its claim lapses at {@code
   * lockedUntil}, when the same request may take the key over.
   */
  record InProgress(Instant lockedUntil) implements Claim {}

  /** The key was used for a request with another body. */
  record Mismatch() implements Claim {}

  /** The key's request finished: send its response again. */
  record Replay(StoredResponse response) implements Claim {}

  Claim claim(String scope, String key, String fingerprint, Instant now);

  void complete(String scope, String key, StoredResponse response, Instant now);

  /** Gives the key back after a failure, so a retry can run. */
  void release(String scope, String key);
}
