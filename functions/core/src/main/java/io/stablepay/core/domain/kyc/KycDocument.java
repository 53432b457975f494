package io.stablepay.core.domain.kyc;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A document a user uploads for review: stored in the documents bucket under {@link #objectKey()},
 * never served back through the API. Once a review uses it, it carries the review's id; once
 * decided, who decided and when.
 *
 * @param contentType what the upload was announced as (and must be)
 */
public record KycDocument(
    String id,
    String userId,
    DocumentType type,
    String contentType,
    String reviewId,
    String reviewerId,
    Instant reviewedAt,
    Instant createdAt) {

  /** The formats a reviewer can open: PDF, JPEG and PNG. */
  public static final Set<String> CONTENT_TYPES =
      Set.of("application/pdf", "image/jpeg", "image/png");

  /** The largest upload: 10 MiB. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  public KycDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Where the bytes are: one prefix per user, so an IAM condition can scope it. */
  public String objectKey() {
    return "kyc/" + userId + "/" + id;
  }

  /** The content type, lower-cased and without parameters, if it is one of ours; else null. */
  public static String acceptedContentType(String given) {
    if (given == null) {
      return null;
    }
    String bare = given.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return CONTENT_TYPES.contains(bare) ? bare : null;
  }

  /**
   * Whether {@code head}, the first bytes of the object, look like its content type: the PDF
   * header, or the JPEG or PNG signature. A file that does not is unreadable to a reviewer.
   */
  public boolean readable(byte[] head) {
    if (head == null) {
      return false;
    }
    return switch (contentType) {
      case "application/pdf" -> startsWith(head, new byte[] {'%', 'P', 'D', 'F', '-'});
      case "image/jpeg" -> startsWith(head, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
      case "image/png" ->
          startsWith(head, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
      default -> false;
    };
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  public KycDocument usedBy(String review) {
    return new KycDocument(
        id, userId, type, contentType, review, reviewerId, reviewedAt, createdAt);
  }

  public KycDocument reviewed(String reviewer, Instant at) {
    return new KycDocument(id, userId, type, contentType, reviewId, reviewer, at, createdAt);
  }
}
