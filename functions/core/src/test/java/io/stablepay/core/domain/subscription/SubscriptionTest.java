package io.stablepay.core.domain.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.TokenAmount;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  private static final Instant JAN_31 = Instant.parse("2028-01-31T09:30:00Z");

  @Test
  void monthsCountFromTheAnchorSoAShortMonthShiftsNothingAfterIt() {
    assertThat(Interval.MONTHLY.due(JAN_31, 0)).isEqualTo(JAN_31);
    assertThat(Interval.MONTHLY.due(JAN_31, 1)).isEqualTo("2028-02-29T09:30:00Z"); // leap year
    assertThat(Interval.MONTHLY.due(JAN_31, 2)).isEqualTo("2028-03-31T09:30:00Z");
    assertThat(Interval.MONTHLY.due(JAN_31, 3)).isEqualTo("2028-04-30T09:30:00Z");
    assertThat(Interval.MONTHLY.due(JAN_31, 13)).isEqualTo("2029-02-28T09:30:00Z");
    assertThat(Interval.YEARLY.due(Instant.parse("2028-02-29T00:00:00Z"), 1))
        .isEqualTo("2029-02-28T00:00:00Z");
    assertThat(Interval.YEARLY.due(Instant.parse("2028-02-29T00:00:00Z"), 4))
        .isEqualTo("2032-02-29T00:00:00Z");
    assertThat(Interval.WEEKLY.due(JAN_31, 2)).isEqualTo("2028-02-14T09:30:00Z");
    assertThat(Interval.DAILY.due(JAN_31, 1)).isEqualTo("2028-02-01T09:30:00Z");
    assertThatThrownBy(() -> Interval.DAILY.due(JAN_31, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Interval.parse(" weekly ")).isEqualTo(Interval.WEEKLY);
    assertThatThrownBy(() -> Interval.parse("HOURLY")).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aFailedChargeIsRetriedAfterOneThreeAndFiveDaysAndThenTheRetriesAreSpent() {
    Subscription s = subscription();
    Instant t = JAN_31.plusSeconds(5);
    Subscription first = s.failed(t);
    assertThat(first.status()).isEqualTo(Subscription.Status.PAST_DUE);
    assertThat(first.chargeAt()).isEqualTo(t.plus(Duration.ofDays(1)));
    Subscription second = first.failed(t);
    assertThat(second.chargeAt()).isEqualTo(t.plus(Duration.ofDays(3)));
    Subscription third = second.failed(t);
    assertThat(third.chargeAt()).isEqualTo(t.plus(Duration.ofDays(5)));
    assertThat(third.retriesSpent()).isTrue();
    assertThatThrownBy(() -> third.failed(t)).isInstanceOf(IllegalStateException.class);

    Subscription recovered = third.charged(t);
    assertThat(recovered.status()).isEqualTo(Subscription.Status.ACTIVE);
    assertThat(recovered.failedAttempts()).isZero();
    assertThat(recovered.chargeAt()).isEqualTo("2028-02-29T09:30:00Z");
  }

  @Test
  void aNewIntervalStartsAfterTheNextChargeWhichKeepsItsDateAndLedgerId() {
    Subscription charged = subscription().charged(JAN_31);
    Instant next = charged.nextPaymentAt();
    Subscription weekly =
        charged.changed(new TokenAmount(Asset.USDT, BigInteger.TWO), Interval.WEEKLY, JAN_31);
    assertThat(weekly.nextPaymentAt()).isEqualTo(next);
    assertThat(weekly.chargeId(weekly.nextPaymentAt())).isEqualTo(charged.chargeId(next));
    assertThat(weekly.amount()).isEqualTo(new TokenAmount(Asset.USDT, BigInteger.TWO));
    assertThat(weekly.charged(next).nextPaymentAt()).isEqualTo(next.plus(Duration.ofDays(7)));
    assertThat(charged.changed(null, Interval.MONTHLY, JAN_31).nextPaymentAt()).isEqualTo(next);
    assertThat(Subscription.executionName("sub_x", 3)).isEqualTo("sub_x-g3");
  }

  @Test
  void aChangedAmountStaysInTheSubscriptionsAsset() {
    assertThatThrownBy(
            () -> subscription().changed(new TokenAmount(Asset.DAI, BigInteger.TWO), null, JAN_31))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Subscription subscription() {
    return new Subscription(
        "sub_1",
        "payer",
        "merchant",
        new TokenAmount(Asset.USDT, BigInteger.ONE),
        Interval.MONTHLY,
        JAN_31,
        0,
        Subscription.Status.ACTIVE,
        0,
        null,
        0,
        null,
        null,
        0,
        JAN_31,
        JAN_31);
  }
}
