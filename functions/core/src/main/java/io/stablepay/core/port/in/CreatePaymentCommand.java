package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import java.time.Duration;
import java.util.Map;

/**
 * A payment request as the merchant asks for it.
 *
 * @param network restricts on-chain payment to one network (null: every network with the asset)
 * @param expiresIn how long it can be paid: default 15 minutes, 1 minute to 7 days
 * @param metadata the merchant's own key-value pairs, at most 20, keys up to 40 characters and
 *     values up to 500
 */
public record CreatePaymentCommand(
    String paymentId,
    TokenAmount amount,
    String network,
    Duration expiresIn,
    String callbackUrl,
    String customerEmail,
    Map<String, String> metadata) {

  public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(15);
  public static final Duration MAX_EXPIRY = Duration.ofDays(7);

  public CreatePaymentCommand {
    if (paymentId == null || !paymentId.matches("[A-Za-z0-9._:/-]{1,128}")) {
      throw new InvalidRequestException("paymentId is required: 1-128 of [A-Za-z0-9._:/-]");
    }
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    expiresIn = expiresIn == null ? DEFAULT_EXPIRY : expiresIn;
    if (expiresIn.compareTo(Duration.ofMinutes(1)) < 0 || expiresIn.compareTo(MAX_EXPIRY) > 0) {
      throw new InvalidRequestException("expiresInSeconds must be between 60 and 604800");
    }
    if (customerEmail != null && customerEmail.length() > 254) {
      throw new InvalidRequestException("customerEmail must be at most 254 characters");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    if (metadata.size() > 20) {
      throw new InvalidRequestException("metadata has at most 20 entries");
    }
    metadata.forEach(
        (key, value) -> {
          if (key.isBlank()
              || key.codePointCount(0, key.length()) > 40
              || value == null
              || value.codePointCount(0, value.length()) > 500) {
            // the document cannot bound a key's length (OpenAPI 3.0 has no propertyNames)
            throw new InvalidValueException(
                "metadata keys are 1-40 characters and values at most 500");
          }
        });
  }

  public static CreatePaymentCommand of(
      String paymentId,
      String currency,
      String amount,
      String network,
      Long expiresInSeconds,
      String callbackUrl,
      String customerEmail,
      Map<String, String> metadata) {
    return new CreatePaymentCommand(
        paymentId,
        TokenAmount.parse(Asset.parse(currency), amount),
        network,
        expiresInSeconds == null ? null : Duration.ofSeconds(expiresInSeconds),
        callbackUrl,
        customerEmail,
        metadata);
  }

  public Asset asset() {
    return amount.asset();
  }
}
