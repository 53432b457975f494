package io.stablepay.core.domain.subscription;

import io.stablepay.core.domain.InvalidRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * How often a subscription charges. Due dates are counted from the anchor in UTC calendar terms,
 * never by adding to the previous due date, so a month after January 31 is February 28 (29 in a
 * leap year) and two months after it March 31: the short month does not shift the rest.
 */
public enum Interval {
  DAILY,
  WEEKLY,
  MONTHLY,
  YEARLY;

  /** When period {@code period} (0: the first charge, at the anchor) falls due. */
  public Instant due(Instant anchor, long period) {
    if (period < 0) {
      throw new IllegalArgumentException("a period is not negative");
    }
    ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
    ZonedDateTime due =
        switch (this) {
          case DAILY -> start.plusDays(period);
          case WEEKLY -> start.plusWeeks(period);
          case MONTHLY -> start.plusMonths(period);
          case YEARLY -> start.plusYears(period);
        };
    return due.toInstant();
  }

  public static Interval parse(String name) {
    if (name != null) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // answered below
      }
    }
    throw new InvalidRequestException("interval is DAILY, WEEKLY, MONTHLY or YEARLY");
  }
}
