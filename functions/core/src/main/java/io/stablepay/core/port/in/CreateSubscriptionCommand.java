package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.subscription.Interval;
import java.time.Instant;

/**
 * A subscription as the payer asks for it: {@code amount} to the merchant {@code merchantId} every
 * {@code interval}.
 *
 * @param startAt the first charge; null: now (how far away it may be depends on the time of the
 *     request, so the use case checks it)
 */
public record CreateSubscriptionCommand(
    String merchantId, TokenAmount amount, Interval interval, Instant startAt) {

  public CreateSubscriptionCommand {
    merchantId = merchantId == null ? "" : merchantId.strip();
    if (!amount.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    if (interval == null) {
      throw new InvalidRequestException("interval is DAILY, WEEKLY, MONTHLY or YEARLY");
    }
  }

  public static CreateSubscriptionCommand of(
      String merchantId, String currency, String amount, String interval, Instant startAt) {
    TokenAmount parsed = TokenAmount.parse(Asset.parse(currency), amount);
    // the amount is refused before the interval is read: the fields are checked in their order
    if (!parsed.isPositive()) {
      throw new InvalidValueException("amount must be greater than zero");
    }
    return new CreateSubscriptionCommand(merchantId, parsed, Interval.parse(interval), startAt);
  }

  public Asset asset() {
    return amount.asset();
  }
}
