package io.stablepay.core.domain.webhook;

import io.stablepay.core.domain.InvalidSignatureException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature ({@code v1}): HMAC-SHA256 over {@code
 * <webhook-id>.<webhook-timestamp>.<body>}, base64. Signing the id and the attempt's timestamp with
 * the body lets a receiver refuse replays and use the id as an idempotency key; several signatures
 * in one header let a merchant rotate secrets without dropping a delivery. Verification is here
 * too, as a receiver does it, so tests (and merchants' docs) can check the whole round trip.
 */
public final class WebhookSignature {

  public static final String ID_HEADER = "webhook-id";
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";
  public static final String SIGNATURE_HEADER = "webhook-signature";

  /** How far a receiver lets {@code webhook-timestamp} stray from its clock, either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String VERSION = "v1";
  private static final String HMAC = "HmacSHA256";
  // printable ASCII without '.': a dot in the id would make the signed content ambiguous
  private static final Pattern MSG_ID = Pattern.compile("[\\x21-\\x2D\\x2F-\\x7E]{1,256}");
  // at most 18 digits: a long, and far enough from overflow when subtracted from any clock
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,18}");

  /** Why a receiver accepted or refused a delivery. */
  public enum Verdict {
    VALID,
    /** {@code webhook-id}, {@code webhook-timestamp} or {@code webhook-signature} is absent. */
    MISSING_HEADER,
    /** The id has a dot or a non-printable character, or the timestamp is not whole seconds. */
    MALFORMED_HEADER,
    TIMESTAMP_TOO_OLD,
    TIMESTAMP_TOO_NEW,
    /** No {@code v1} signature in the header was made by any of the secrets. */
    NO_MATCHING_SIGNATURE
  }

  private WebhookSignature() {}

  /**
   * The {@code webhook-signature} header value: {@code v1,<base64 HMAC>} per secret, in the order
   * given, separated by a space (the old and the new secret both sign during a rotation).
   *
   * @param msgId the event's stable id, the same on every retry; printable ASCII, no dot
   * @param timestampSeconds this attempt's time, Unix seconds (new on every retry)
   * @param body exactly the characters sent, UTF-8 on the wire
   */
  public static String sign(
      String msgId, long timestampSeconds, String body, WebhookSecret... secrets) {
    if (msgId == null || !MSG_ID.matcher(msgId).matches()) {
      throw new IllegalArgumentException("a webhook id is 1-256 printable characters, no dot");
    }
    if (timestampSeconds < 0) {
      throw new IllegalArgumentException("a webhook timestamp is not before 1970");
    }
    Objects.requireNonNull(body, "body");
    if (secrets == null || secrets.length == 0) {
      throw new IllegalArgumentException("at least one secret signs");
    }
    byte[] content = content(msgId, Long.toString(timestampSeconds), body);
    StringJoiner header = new StringJoiner(" ");
    for (WebhookSecret secret : secrets) {
      Objects.requireNonNull(secret, "secret");
      header.add(VERSION + "," + Base64.getEncoder().encodeToString(hmac(secret, content)));
    }
    return header.toString();
  }

  /**
   * Checks a delivery as a receiver does: the three headers are present and well formed, the
   * timestamp is within {@code tolerance} of {@code now} (either way, bounds included), and at
   * least one {@code v1} signature in the header matches one of {@code secrets}. Other versions
   * ({@code v1a}, ...) and malformed entries are skipped, as the specification asks.
   *
   * @param msgId the {@code webhook-id} header, or null when absent
   * @param timestamp the {@code webhook-timestamp} header, or null when absent
   * @param signatures the {@code webhook-signature} header, or null when absent
   * @param body the raw body as received (not parsed and re-serialised)
   */
  public static Verdict check(
      String msgId,
      String timestamp,
      String signatures,
      String body,
      List<WebhookSecret> secrets,
      Instant now,
      Duration tolerance) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("at least one secret verifies");
    }
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("a tolerance is not negative");
    }
    if (msgId == null || timestamp == null || signatures == null) {
      return Verdict.MISSING_HEADER;
    }
    if (!MSG_ID.matcher(msgId).matches() || !TIMESTAMP.matcher(timestamp).matches()) {
      return Verdict.MALFORMED_HEADER;
    }
    long age = now.getEpochSecond() - Long.parseLong(timestamp);
    if (age > tolerance.toSeconds()) {
      return Verdict.TIMESTAMP_TOO_OLD;
    }
    if (-age > tolerance.toSeconds()) {
      return Verdict.TIMESTAMP_TOO_NEW;
    }
    byte[] content = content(msgId, timestamp, body);
    List<byte[]> expected = new ArrayList<>(secrets.size());
    for (WebhookSecret secret : secrets) {
      expected.add(hmac(Objects.requireNonNull(secret, "secret"), content));
    }
    for (String entry : signatures.split(" ")) {
      byte[] candidate = v1Signature(entry);
      if (candidate == null) {
        continue;
      }
      for (byte[] mac : expected) {
        if (MessageDigest.isEqual(mac, candidate)) {
          return Verdict.VALID;
        }
      }
    }
    return Verdict.NO_MATCHING_SIGNATURE;
  }

  /**
   * {@link #check} that throws unless the delivery is valid.
   *
   * @throws InvalidSignatureException naming the {@link Verdict}
   */
  public static void verify(
      String msgId,
      String timestamp,
      String signatures,
      String body,
      List<WebhookSecret> secrets,
      Instant now,
      Duration tolerance) {
    Verdict verdict = check(msgId, timestamp, signatures, body, secrets, now, tolerance);
    if (verdict != Verdict.VALID) {
      throw new InvalidSignatureException("webhook refused: " + verdict);
    }
  }

  /** {@link #verify} with the {@link #DEFAULT_TOLERANCE} of five minutes. */
  public static void verify(
      String msgId,
      String timestamp,
      String signatures,
      String body,
      List<WebhookSecret> secrets,
      Instant now) {
    verify(msgId, timestamp, signatures, body, secrets, now, DEFAULT_TOLERANCE);
  }

  /** The MAC of a {@code v1,<base64>} entry, or null for another version or a malformed one. */
  private static byte[] v1Signature(String entry) {
    int comma = entry.indexOf(',');
    if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(entry.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] content(String msgId, String timestamp, String body) {
    return (msgId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(WebhookSecret secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.rawKey(), HMAC));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
