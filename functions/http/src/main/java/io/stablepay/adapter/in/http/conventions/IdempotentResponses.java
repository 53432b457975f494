package io.stablepay.adapter.in.http.conventions;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.json.JsonMapper;
import io.stablepay.core.domain.IdempotencyConflictException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.port.out.IdempotencyStore;
import io.stablepay.core.port.out.IdempotencyStore.StoredResponse;
import io.stablepay.schema.Functions;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} for POST routes that create or move things, written once for every API:
 * the first response is stored for 24 hours per (caller, key) and replayed byte for byte with
 * {@code Idempotent-Replayed: true}; the same key with another body is a 422, a duplicate while the
 * first runs is a 409. Without the header a request simply runs.
 */
@Singleton
@Requires(
    env = {
      Functions.AUTH_API,
      Functions.WALLET_API,
      Functions.MERCHANT_API,
      Functions.SIGNER_API,
      Functions.KYC_API,
      Functions.SUBSCRIPTION_API,
      Functions.ESCROW_API
    })
public final class IdempotentResponses {

  public static final String HEADER = "Idempotency-Key";

  /** How the OpenAPI document describes the header (the routes that take it name it there). */
  public static final String HEADER_DESCRIPTION =
      "1 to 255 visible ASCII characters, unique per"
          + " request: the first response is kept 24 hours and replayed for the same key and body";

  /** The header's grammar, as {@link #respond} checks it. */
  public static final String HEADER_PATTERN = "^[!-~]{1,255}$";

  private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final IdempotencyStore store;
  private final JsonMapper json;
  private final Clock clock;

  IdempotentResponses(IdempotencyStore store, JsonMapper json, Clock clock) {
    this.store = store;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Runs {@code action} at most once per (scope, key).
   *
   * @param scope who the key belongs to: the caller's id, or a fixed name for anonymous routes
   * @param fingerprinted what identifies the request body; leave secrets out of it (it is hashed,
   *     but with a fast hash)
   */
  public HttpResponse<String> respond(
      HttpRequest<?> request,
      String scope,
      HttpStatus status,
      Object fingerprinted,
      Supplier<Object> action) {
    String key = request.getHeaders().get(HEADER);
    if (key == null) {
      return send(status, serialize(action.get()), false);
    }
    if (!SANE_KEY.matcher(key).matches()) {
      throw new InvalidRequestException(HEADER + " must be 1 to 255 visible ASCII characters");
    }
    String fingerprint = fingerprint(request, fingerprinted);
    return switch (store.claim(scope, key, fingerprint, clock.instant())) {
      case IdempotencyStore.Replay replay ->
          send(HttpStatus.valueOf(replay.response().status()), replay.response().body(), true);
      case IdempotencyStore.Mismatch mismatch -> throw new IdempotencyMismatchException();
      case IdempotencyStore.InProgress inProgress ->
          throw new IdempotencyConflictException(
              Duration.between(clock.instant(), inProgress.lockedUntil()));
      case IdempotencyStore.Claimed claimed -> runClaimed(scope, key, status, action);
    };
  }

  private HttpResponse<String> runClaimed(
      String scope, String key, HttpStatus status, Supplier<Object> action) {
    String body;
    try {
      body = serialize(action.get());
    } catch (RuntimeException failed) {
      store.release(scope, key);
      throw failed;
    }
    store.complete(scope, key, new StoredResponse(status.getCode(), body), clock.instant());
    return send(status, body, false);
  }

  private static HttpResponse<String> send(HttpStatus status, String body, boolean replayed) {
    var response =
        HttpResponse.<String>status(status).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    return replayed ? response.header("Idempotent-Replayed", "true") : response;
  }

  private String serialize(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String fingerprint(HttpRequest<?> request, Object fingerprinted) {
    return SecretToken.hash(
        request.getMethodName() + " " + request.getPath() + "\n" + serialize(fingerprinted));
  }
}
