package io.stablepay.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The system clock unless the application provides another (tests inject a fixed one). */
@Factory
public class ClockFactory {

  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock systemClock() {
    return Clock.systemUTC();
  }
}
