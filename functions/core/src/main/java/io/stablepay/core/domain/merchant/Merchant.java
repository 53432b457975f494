package io.stablepay.core.domain.merchant;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.webhook.WebhookUrls;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A business that takes payments: one per user (whose role becomes MERCHANT), with its webhook
 * endpoint and signing secrets, where its balance settles, and what it pays per payment.
 *
 * @param autoSettleThreshold a balance of any asset at or above this, in millionths of a dollar
 *     (each asset is one dollar a unit), is settled on the schedule; null: only on demand
 * @param feeBasisPoints the platform's fee on each payment, in 1/100 of a percent (250 = 2.5%)
 * @param sealedSecret the webhook signing secret, sealed by the key service (never plain here)
 * @param previousSealedSecret the secret before the last rotation, still signing until {@code
 *     previousSecretExpiresAt} (both sign meanwhile), or null
 */
public record Merchant(
    String userId,
    String businessName,
    String businessType,
    String webhookUrl,
    String settlementAddress,
    NetworkId settlementNetwork,
    BigInteger autoSettleThreshold,
    int feeBasisPoints,
    KycStatus kybStatus,
    String sealedSecret,
    String previousSealedSecret,
    Instant previousSecretExpiresAt,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  /** The decimals of {@link #autoSettleThreshold}: millionths, whatever the asset. */
  public static final int THRESHOLD_DECIMALS = 6;

  /** The lowest threshold: below it, network fees would eat a good part of each settlement. */
  public static final BigInteger MIN_AUTO_SETTLE = BigInteger.valueOf(10_000_000);

  /** The highest threshold, ten million. */
  public static final BigInteger MAX_AUTO_SETTLE = BigInteger.TEN.pow(13);

  /**
   * The platform fee new merchants get where the stage sets none ({@code
   * stablepay.merchants.default-fee-basis-points}): 2.5%.
   */
  public static final int DEFAULT_FEE_BASIS_POINTS = 250;

  /** The highest fee: all of a payment. */
  public static final int MAX_FEE_BASIS_POINTS = 10_000;

  public Merchant {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kybStatus, "kybStatus");
    Objects.requireNonNull(sealedSecret, "sealedSecret");
    Objects.requireNonNull(createdAt, "createdAt");
    businessName = text("businessName", businessName, 120);
    businessType = text("businessType", businessType, 60);
    if (feeBasisPoints < 0 || feeBasisPoints > MAX_FEE_BASIS_POINTS) {
      throw new IllegalArgumentException("a fee is 0-10000 basis points");
    }
    if ((settlementAddress == null) != (settlementNetwork == null)) {
      throw new InvalidValueException("settlementAddress and settlementNetwork are given together");
    }
    if (autoSettleThreshold != null) {
      if (settlementAddress == null) {
        throw new InvalidValueException(
            "automatic settlement needs a settlement address and network");
      }
      if (autoSettleThreshold.compareTo(MIN_AUTO_SETTLE) < 0
          || autoSettleThreshold.compareTo(MAX_AUTO_SETTLE) > 0) {
        throw new InvalidValueException("autoSettleThreshold is 10 to 10000000 (or 0: off)");
      }
    }
  }

  /** The threshold as an amount of {@code asset}, or null when settlement is on demand only. */
  public TokenAmount autoSettleThreshold(Asset asset) {
    return autoSettleThreshold == null
        ? null
        : new TokenAmount(
            asset,
            autoSettleThreshold.multiply(
                BigInteger.TEN.pow(asset.decimals() - THRESHOLD_DECIMALS)));
  }

  private static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field + " is required");
    }
    String trimmed = value.trim();
    if (trimmed.codePointCount(0, trimmed.length()) > max) {
      throw new InvalidRequestException(field + " must be at most " + max + " characters");
    }
    return trimmed;
  }

  /**
   * Checks a webhook URL's form: https (or http only where {@code allowHttp}, the local profile),
   * at most 2,048 characters, and the form of {@link WebhookUrls#parse} (a host, no user info or
   * fragment, a port of 1 to 65535, an IPv4 host only as four decimal numbers). Whether its host
   * resolves to a public address is checked where the network is (at delivery too).
   *
   * @return the URL, trimmed; null stays null (no webhooks)
   */
  public static String checkWebhookUrl(String url, boolean allowHttp) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String trimmed = url.trim();
    if (trimmed.length() > 2048) {
      throw new InvalidRequestException("webhookUrl must be at most 2048 characters");
    }
    URI uri = WebhookUrls.parse(trimmed);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      // the document allows http (local deployments take it): here it is a refused value
      throw scheme.equals("http")
          ? new InvalidValueException("webhookUrl must be an https URL")
          : new InvalidRequestException("webhookUrl must be an https URL");
    }
    return trimmed;
  }

  /** The platform's fee on a payment of {@code amount}, in the same asset. */
  public TokenAmount fee(TokenAmount amount) {
    // the fee rounds down: the merchant is never charged more than the stated percentage
    return new TokenAmount(
        amount.asset(),
        amount
            .units()
            .multiply(BigInteger.valueOf(feeBasisPoints))
            .divide(BigInteger.valueOf(10_000)));
  }

  /** Webhooks off (the endpoint said 410 Gone) until the merchant sets a URL again. */
  public Merchant withoutWebhook(Instant at) {
    return new Merchant(
        userId,
        businessName,
        businessType,
        null,
        settlementAddress,
        settlementNetwork,
        autoSettleThreshold,
        feeBasisPoints,
        kybStatus,
        sealedSecret,
        previousSealedSecret,
        previousSecretExpiresAt,
        version + 1,
        createdAt,
        at);
  }
}
