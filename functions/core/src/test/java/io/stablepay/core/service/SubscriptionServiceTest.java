package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.subscription.Subscription;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.in.CreateSubscriptionCommand;
import io.stablepay.core.port.out.Workflows.Workflow;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryMerchantStore;
import io.stablepay.core.testing.MemorySubscriptionStore;
import io.stablepay.core.testing.MemoryWorkflows;
import io.stablepay.core.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions' rules against the stores' and the workflow engine's contracts in memory. */
class SubscriptionServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final MemorySubscriptionStore store = new MemorySubscriptionStore();
  private final MemoryMerchantStore merchants = new MemoryMerchantStore();
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryWorkflows workflows = new MemoryWorkflows();
  private final SubscriptionService service =
      new SubscriptionService(store, merchants, ledger, workflows, clock);

  private final Caller ada = new Caller("ada", Role.USER);
  private final Caller shop = new Caller("shop", Role.MERCHANT);

  @BeforeEach
  void merchant() {
    merchants.create(
        new Merchant(
            "shop",
            "Shop",
            "retail",
            null,
            null,
            null,
            null,
            250,
            KycStatus.PENDING,
            "sealed",
            null,
            null,
            0,
            NOW,
            NOW));
  }

  @Test
  void aSubscriptionIsStoredWithItsEventAndStartsItsWorkflow() {
    Subscription created =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null));

    assertThat(store.find(created.id())).contains(created);
    assertThat(created.nextPaymentAt()).isEqualTo(NOW);
    assertThat(types()).containsExactly(WebhookEventType.SUBSCRIPTION_CREATED);
    assertThat(workflows.started)
        .singleElement()
        .satisfies(
            start -> {
              assertThat(start.getKey()).isEqualTo(created.executionName());
              assertThat(start.getValue())
                  .isEqualTo(Map.of("subscriptionId", created.id(), "generation", "0"));
            });
  }

  @Test
  void whatCannotBeSubscribedCreatesNothing() {
    assertThatThrownBy(
            () ->
                service.create(
                    ada, CreateSubscriptionCommand.of("nobody", "USDT", "10", "MONTHLY", null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no merchant");
    assertThatThrownBy(
            () ->
                service.create(
                    shop, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null)))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("itself");
    assertThatThrownBy(
            () ->
                service.create(
                    ada, CreateSubscriptionCommand.of("shop", "USDT", "0", "MONTHLY", null)))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(
            () ->
                service.create(
                    ada,
                    CreateSubscriptionCommand.of(
                        "shop", "USDT", "10", "MONTHLY", NOW.minus(Duration.ofMinutes(5)))))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(
            () ->
                service.create(
                    ada,
                    CreateSubscriptionCommand.of(
                        "shop", "USDT", "10", "MONTHLY", NOW.plus(Duration.ofDays(400)))))
        .isInstanceOf(InvalidValueException.class);

    assertThat(store.events).isEmpty();
    assertThat(workflows.started).isEmpty();
  }

  @Test
  void aChargePaysTheMerchantLessItsFeeAndARetriedTaskDoesNotChargeTheNextPeriodEarly() {
    fund("ada", "25");
    Subscription created =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null));

    Subscription charged = charge(created.id());
    // the task again, as Step Functions retries it when the first answer was lost: it waited
    // for the first due date, and the next one, a month away, is not charged now (it was)
    Subscription retried = service.charge(created.id(), 0, NOW);

    assertThat(charged.period()).isEqualTo(1);
    assertThat(retried).isEqualTo(charged);
    assertThat(balance("ada")).isEqualTo(units("15"));
    assertThat(balance("shop")).isEqualTo(units("9.75"));
    assertThat(ledger.balance(AccountId.fees(Asset.USDT))).isEqualTo(units("0.25"));
    assertThat(types())
        .containsExactly(
            WebhookEventType.SUBSCRIPTION_CREATED, WebhookEventType.SUBSCRIPTION_CHARGED);

    // at its due date the next period is charged
    clock.advance(Duration.between(NOW, charged.nextPaymentAt()));
    assertThat(charge(created.id()).period()).isEqualTo(2);
    assertThat(balance("ada")).isEqualTo(units("5"));
  }

  @Test
  void aChargeWithoutFundsIsRetriedThenCancelsTheSubscription() {
    Subscription created =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "WEEKLY", null));

    for (int failure = 1; failure <= Subscription.DUNNING.size(); failure++) {
      Instant waitedFor = store.find(created.id()).orElseThrow().chargeAt();
      Subscription pastDue = charge(created.id());
      assertThat(pastDue.status()).isEqualTo(Subscription.Status.PAST_DUE);
      assertThat(pastDue.failedAttempts()).isEqualTo(failure);
      assertThat(pastDue.retryAt())
          .isEqualTo(clock.instant().plus(Subscription.DUNNING.get(failure - 1)));
      // the same task retried: its execution waited for the failed try, not for the retry
      assertThat(service.charge(created.id(), 0, waitedFor)).isEqualTo(pastDue);
      clock.advance(Subscription.DUNNING.get(failure - 1));
    }
    Subscription cancelled = charge(created.id());

    assertThat(cancelled.status()).isEqualTo(Subscription.Status.CANCELLED);
    assertThat(cancelled.cancelReason()).contains("failed after 3 retries");
    assertThat(balance("shop")).isZero();
    assertThat(types())
        .endsWith(WebhookEventType.SUBSCRIPTION_PAST_DUE, WebhookEventType.SUBSCRIPTION_CANCELLED);
  }

  @Test
  void eitherSideCancelsOnceAndTheWorkflowStops() {
    Subscription created =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null));

    Subscription cancelled = service.cancel(shop, created.id());
    Subscription again = service.cancel(ada, created.id());

    assertThat(cancelled.cancelReason()).isEqualTo("cancelled by the merchant");
    assertThat(again).isEqualTo(cancelled);
    assertThat(workflows.running(Workflow.SUBSCRIPTION, created.executionName())).isFalse();
    assertThat(types())
        .containsExactly(
            WebhookEventType.SUBSCRIPTION_CREATED, WebhookEventType.SUBSCRIPTION_CANCELLED);
    // nothing is charged once cancelled
    fund("ada", "10");
    charge(created.id());
    assertThat(balance("shop")).isZero();
  }

  @Test
  void onlyTheSubscriberChangesAnOpenSubscriptionAndStrangersSeeNothing() {
    Subscription created =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null));

    assertThatThrownBy(() -> service.update(shop, created.id(), "20", null))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.update(ada, created.id(), null, null))
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> service.get(new Caller("eve", Role.USER), created.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(service.update(ada, created.id(), "12.5", "WEEKLY").amount())
        .isEqualTo(new TokenAmount(Asset.USDT, units("12.5")));

    service.cancel(ada, created.id());
    assertThatThrownBy(() -> service.update(ada, created.id(), "20", null))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void theCatchUpRestartsOnlyOpenSubscriptionsWhoseExecutionIsGone() {
    Subscription driven =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "10", "MONTHLY", null));
    Subscription orphan =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "5", "MONTHLY", null));
    Subscription cancelled =
        service.create(ada, CreateSubscriptionCommand.of("shop", "USDT", "1", "MONTHLY", null));
    service.cancel(ada, cancelled.id());
    workflows.end(Workflow.SUBSCRIPTION, orphan.executionName());

    assertThatThrownBy(() -> service.process(ada)).isInstanceOf(ForbiddenException.class);
    int restarted = service.process(new Caller("root", Role.ADMIN));

    assertThat(restarted).isEqualTo(1);
    Subscription next = store.find(orphan.id()).orElseThrow();
    assertThat(next.generation()).isEqualTo(1);
    assertThat(workflows.running(Workflow.SUBSCRIPTION, next.executionName())).isTrue();
    assertThat(store.find(driven.id()).orElseThrow().generation()).isZero();
    // the orphan's old execution, should it wake, finds another generation and does nothing
    fund("ada", "10");
    service.charge(orphan.id(), 0, NOW);
    assertThat(balance("shop")).isZero();
  }

  /** The charge task as the workflow runs it: for generation 0, the charge it waited for. */
  private Subscription charge(String id) {
    return service.charge(id, 0, store.find(id).orElseThrow().chargeAt());
  }

  private List<WebhookEventType> types() {
    return store.events.stream().map(WebhookEvent::type).toList();
  }

  private void fund(String userId, String amount) {
    ledger.fund(userId, Asset.USDT, amount, NOW);
  }

  private BigInteger balance(String userId) {
    return ledger.balance(AccountId.user(userId, Asset.USDT));
  }

  private static BigInteger units(String amount) {
    return Asset.USDT.parseAmount(amount);
  }
}
