package io.stablepay.config;

import static io.stablepay.schema.Functions.MERCHANT_API;
import static io.stablepay.schema.Functions.SIGNER_API;
import static io.stablepay.schema.Functions.WEBHOOK_DISPATCHER;
import static io.stablepay.schema.Functions.WEBHOOK_RELAY;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.port.in.ApiKeys;
import io.stablepay.core.port.in.MerchantReports;
import io.stablepay.core.port.in.Merchants;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.WebhookDeliveries;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.DeliveryQueue;
import io.stablepay.core.port.out.DeliveryStore;
import io.stablepay.core.port.out.GatewayPaymentStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.port.out.PaymentInstructions;
import io.stablepay.core.port.out.PaymentStore;
import io.stablepay.core.port.out.SecretVault;
import io.stablepay.core.port.out.WebhookEndpoint;
import io.stablepay.core.service.MerchantReportService;
import io.stablepay.core.service.MerchantService;
import io.stablepay.core.service.MerchantWebhooks;
import io.stablepay.core.service.PaymentService;
import io.stablepay.core.service.SettlementDestinations;
import io.stablepay.core.service.WebhookDispatcher;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Merchants, their payment requests and the webhooks that tell them what happened. */
@Factory
class MerchantWiring {

  @Singleton
  @Requires(env = MERCHANT_API)
  Merchants merchants(
      MerchantStore merchants,
      ApiKeys apiKeys,
      SecretVault vault,
      LedgerStore ledger,
      NetworkRegistry registry,
      List<ChainRail> rails,
      WebhookEndpoint endpoints,
      Clock clock,
      WebhookProperties webhooks,
      MerchantProperties terms) {
    return new MerchantService(
        merchants,
        apiKeys,
        new MerchantWebhooks(vault, endpoints, webhooks.isAllowHttp()),
        ledger,
        new SettlementDestinations(registry, rails),
        terms.getDefaultFeeBasisPoints(),
        clock);
  }

  /**
   * The merchant function's requests; the signer function refunds them to balances; the relay
   * expires the overdue ones.
   */
  @Singleton
  @Requires(env = {MERCHANT_API, SIGNER_API, WEBHOOK_RELAY})
  Payments payments(
      PaymentStore payments,
      MerchantStore merchants,
      LedgerStore ledger,
      NetworkRegistry registry,
      List<PaymentInstructions> instructions,
      Clock clock,
      WebhookProperties webhooks) {
    return new PaymentService(
        payments, merchants, ledger, registry, instructions, webhooks.isAllowHttp(), clock);
  }

  /** The merchant function's analytics and payment movements. */
  @Singleton
  @Requires(env = MERCHANT_API)
  MerchantReports merchantReports(
      PaymentStore payments,
      MerchantStore merchants,
      MovementStore movements,
      GatewayPaymentStore onchain) {
    return new MerchantReportService(payments, merchants, movements, onchain);
  }

  /**
   * The merchant function lists and redelivers (a redelivery is a time in the store, which the
   * relay picks up); the relay queues what is due, the dispatcher delivers it. The queue is there
   * only where deliveries are relayed and dispatched.
   */
  @Singleton
  @Requires(env = {MERCHANT_API, WEBHOOK_RELAY, WEBHOOK_DISPATCHER})
  WebhookDeliveries webhookDeliveries(
      DeliveryStore store,
      Optional<DeliveryQueue> queue,
      WebhookEndpoint endpoint,
      MerchantStore merchants,
      SecretVault vault,
      Alerts alerts,
      Clock clock) {
    return new WebhookDispatcher(
        store, queue.orElse(null), endpoint, merchants, vault, alerts, clock);
  }
}
