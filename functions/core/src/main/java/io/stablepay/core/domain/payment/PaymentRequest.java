package io.stablepay.core.domain.payment;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A merchant's request to be paid {@code amount}, from a platform balance or on-chain through the
 * payment gateway under {@code paymentRef}.
 *
 * <p>{@code PENDING} -> {@code PAID} (from a balance, at once) or, on-chain, -> {@code CONFIRMING}
 * -> {@code PAID}, {@code UNDERPAID} or {@code OVERPAID}; {@code PENDING} -> {@code CANCELLED} (by
 * the merchant) or {@code EXPIRED} (as an UNDERPAID one does at its time). {@code PAYING} is a
 * balance payment in flight: the payer's claim, held until the ledger transfer {@code pay-<id>} is
 * posted, which alone makes a request paid. A paid request is refunded once: from the merchant's
 * balance to the payer's at once ({@code PAID} -> {@code REFUNDED}), or on-chain, claimed first
 * ({@code PAID} or {@code OVERPAID} -> {@code REFUNDING} -> {@code REFUNDED}, or back if the
 * transfer is refused).
 *
 * @param paymentId the merchant's own reference, unique per merchant
 * @param paymentRef the 32-byte reference the gateway contract carries, {@code 0x} + 64 hex
 * @param requestHash what the creating request said, to tell a replay from a conflict
 * @param payerId who paid (or is paying) from a balance, else null
 * @param fee the platform's fee on the payment (of the same asset), once paid
 */
public record PaymentRequest(
    String id,
    String merchantId,
    String paymentId,
    TokenAmount amount,
    NetworkId network,
    Status status,
    Instant expiresAt,
    String callbackUrl,
    String customerEmail,
    Map<String, String> metadata,
    String paymentRef,
    String requestHash,
    String payerId,
    TokenAmount fee,
    Instant paidAt,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  private static final Pattern REF = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern PAYMENT_ID = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  public enum Status {
    PENDING,
    PAYING,
    CONFIRMING,
    UNDERPAID,
    PAID,
    OVERPAID,
    REFUNDING,
    EXPIRED,
    CANCELLED,
    REFUNDED;

    /** Where a payer may still pay. */
    public boolean payable() {
      return this == PENDING || this == UNDERPAID;
    }
  }

  public PaymentRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(merchantId, "merchantId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(requestHash, "requestHash");
    Objects.requireNonNull(createdAt, "createdAt");
    if (paymentId == null || !PAYMENT_ID.matcher(paymentId).matches()) {
      throw new IllegalArgumentException("paymentId must be 1-128 of [A-Za-z0-9._:/-]");
    }
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("a payment request is for a positive amount");
    }
    if (paymentRef == null || !REF.matcher(paymentRef).matches()) {
      throw new IllegalArgumentException("paymentRef is 0x and 64 lower-case hex digits");
    }
    if (fee != null && fee.asset() != amount.asset()) {
      throw new IllegalArgumentException("a fee is of the request's asset");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The asset asked for. */
  public Asset asset() {
    return amount.asset();
  }

  /**
   * Whether its time ran out as of {@code now} while it was still open to payment (PENDING, or
   * UNDERPAID and waiting for a top-up).
   */
  public boolean expiredAt(Instant now) {
    return (status == Status.PENDING || status == Status.UNDERPAID) && !now.isBefore(expiresAt);
  }

  /** The same request in {@code next}, one version on. */
  public PaymentRequest moved(
      Status next, String payer, TokenAmount paidFee, Instant paid, Instant at) {
    return new PaymentRequest(
        id,
        merchantId,
        paymentId,
        amount,
        network,
        next,
        expiresAt,
        callbackUrl,
        customerEmail,
        metadata,
        paymentRef,
        requestHash,
        payer,
        paidFee,
        paid,
        version + 1,
        createdAt,
        at);
  }
}
