package io.stablepay.config;

import static io.stablepay.schema.Functions.SUBSCRIPTION_API;
import static io.stablepay.schema.Functions.SUBSCRIPTION_CHARGE;
import static io.stablepay.schema.Functions.SUBSCRIPTION_SCHEDULE;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.port.in.Subscriptions;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.SubscriptionStore;
import io.stablepay.core.port.out.Workflows;
import io.stablepay.core.service.SubscriptionService;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Subscriptions: the API that manages them, the workflow's tasks that charge them. */
@Factory
@Requires(env = {SUBSCRIPTION_API, SUBSCRIPTION_SCHEDULE, SUBSCRIPTION_CHARGE})
class SubscriptionWiring {

  @Singleton
  Subscriptions subscriptions(
      SubscriptionStore store,
      MerchantStore merchants,
      LedgerStore ledger,
      Workflows workflows,
      Clock clock) {
    return new SubscriptionService(store, merchants, ledger, workflows, clock);
  }
}
