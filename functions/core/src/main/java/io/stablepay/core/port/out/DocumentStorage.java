package io.stablepay.core.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where verification documents are kept (S3): uploaded by the user straight to storage through a
 * presigned URL, read only by the automated checks, never served back through the API.
 */
public interface DocumentStorage {

  /**
   * A presigned upload.
   *
   * @param headers what the upload must send with the bytes (the signed content type)
   */
  record Upload(String url, Instant expiresAt, Map<String, String> headers) {}

  /** A URL that accepts one PUT of {@code contentType} to {@code key} for {@code ttl}. */
  Upload presignUpload(String key, String contentType, Duration ttl);

  /** The object's size in bytes, empty when nothing was uploaded there. */
  Optional<Long> size(String key);

  /** The object's first {@code bytes} bytes (fewer when it is shorter). */
  byte[] head(String key, int bytes);
}
