package io.stablepay.core.testing;

import io.stablepay.core.port.out.DocumentStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The documents bucket in memory. A presigned upload is a URL for one key and content type until it
 * expires; {@link #put} is the user's PUT to it, refused (as S3 refuses a bad signature) for a URL
 * it never issued, an expired one or another content type. {@link #size} is empty until something
 * was put; {@link #head} of a missing object throws, as the GET would.
 */
public final class MemoryDocumentStorage implements DocumentStorage {

  private record Signed(String key, String contentType, Upload upload) {}

  private final Clock clock;
  private final Map<String, Signed> signed = new HashMap<>();
  private final Map<String, byte[]> objects = new HashMap<>();

  public MemoryDocumentStorage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Upload presignUpload(String key, String contentType, Duration ttl) {
    String url = "https://documents.example/" + key + "?X-Amz-Expires=" + ttl.toSeconds();
    Upload upload = new Upload(url, clock.instant().plus(ttl), Map.of("Content-Type", contentType));
    signed.put(url, new Signed(key, contentType, upload));
    return upload;
  }

  /** The user's PUT of {@code bytes} to a presigned {@code url} with {@code headers}. */
  public synchronized void put(String url, Map<String, String> headers, byte[] bytes) {
    Signed target = signed.get(url);
    if (target == null
        || clock.instant().isAfter(target.upload().expiresAt())
        || !target.contentType().equals(headers.get("Content-Type"))) {
      throw new IllegalStateException("403: the signature does not match or has expired");
    }
    objects.put(target.key(), bytes.clone());
  }

  @Override
  public synchronized Optional<Long> size(String key) {
    return Optional.ofNullable(objects.get(key)).map(bytes -> (long) bytes.length);
  }

  @Override
  public synchronized byte[] head(String key, int bytes) {
    byte[] object = objects.get(key);
    if (object == null) {
      throw new IllegalStateException("404: no object " + key);
    }
    return Arrays.copyOf(object, Math.min(bytes, object.length));
  }
}
