package io.stablepay.core.domain.webhook;

/**
 * What happened to a payment, a subscription or the merchant's KYB review, as merchants read it in
 * {@code type}: dotted, lower-case names in the Standard Webhooks style, kept apart from the Java
 * names so that renaming a constant can never change what merchants receive.
 */
public enum WebhookEventType {
  PAYMENT_PENDING("payment.pending"),
  PAYMENT_CONFIRMING("payment.confirming"),
  PAYMENT_PAID("payment.paid"),
  PAYMENT_UNDERPAID("payment.underpaid"),
  PAYMENT_OVERPAID("payment.overpaid"),
  PAYMENT_EXPIRED("payment.expired"),
  PAYMENT_CANCELLED("payment.cancelled"),
  PAYMENT_REFUNDED("payment.refunded"),
  PAYMENT_REVERTED("payment.reverted"),
  SUBSCRIPTION_CREATED("subscription.created"),
  SUBSCRIPTION_CHARGED("subscription.charged"),
  SUBSCRIPTION_PAST_DUE("subscription.past_due"),
  SUBSCRIPTION_CANCELLED("subscription.cancelled"),
  KYB_APPROVED("kyb.approved"),
  KYB_REJECTED("kyb.rejected");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name on the wire, e.g. {@code payment.paid}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type called {@code wireName} on the wire.
   *
   * @throws IllegalArgumentException for a name that is none of them
   */
  public static WebhookEventType fromWireName(String wireName) {
    for (WebhookEventType type : values()) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown webhook event type: " + wireName);
  }
}
