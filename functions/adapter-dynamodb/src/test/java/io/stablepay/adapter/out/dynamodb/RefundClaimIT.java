package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.domain.payment.PaymentRequest.Status;
import io.stablepay.core.domain.payment.RefundUnavailableException;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.CreatePaymentCommand;
import io.stablepay.core.port.in.OnchainRefundCommand;
import io.stablepay.core.port.in.Refunds;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.service.PaymentService;
import io.stablepay.core.service.RefundService;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The on-chain refund's claim on DynamoDB Local: what the request becomes when the withdrawal that
 * carries the refund is refused, fails, or is interrupted, and which idempotency key each attempt
 * uses. The withdrawal path itself (holding, signing, sending) is covered on anvil by the merchant
 * scenario; here it is replaced by a script of outcomes, so every branch is reached.
 */
class RefundClaimIT {

  private static final BigInteger FOUR = BigInteger.valueOf(4_000_000);

  private static LocalTable table;
  private static DynamoDbMerchantStore merchants;
  private static DynamoDbUserStore users;
  private static DynamoDbLedgerStore ledger;
  private static PaymentService payments;
  private static Refunds refunds;

  /** What each withdraw call does, in turn; every call's idempotency key is kept. */
  private static final Deque<Function<String, Withdrawal>> SCRIPT = new ArrayDeque<>();

  private static final List<String> KEYS = new ArrayList<>();
  private static final List<WithdrawCommand> COMMANDS = new ArrayList<>();

  @BeforeAll
  static void start() {
    table = new LocalTable();
    TableSettings settings = new TableSettings();
    merchants = new DynamoDbMerchantStore(table.enhanced, settings);
    users = new DynamoDbUserStore(table.enhanced, settings);
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, settings);
    DynamoDbPaymentStore requests = new DynamoDbPaymentStore(table.enhanced, settings);
    DynamoDbGatewayPaymentStore onchain = new DynamoDbGatewayPaymentStore(table.enhanced, settings);
    payments =
        new PaymentService(
            requests,
            merchants,
            ledger,
            new NetworkRegistry("test", List.of()),
            List.of(),
            false,
            Clock.systemUTC());
    refunds =
        new RefundService(
            requests, merchants, onchain, new ScriptedWithdrawals(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  @BeforeEach
  void clean() {
    SCRIPT.clear();
    KEYS.clear();
    COMMANDS.clear();
  }

  @Test
  void anInterruptedRefundKeepsItsClaimAndTheRetryResumesItUnderTheSameKey() {
    Caller merchant = user(Role.USER, true);
    PaymentRequest paid = paidFromBalance(merchant);
    SCRIPT.add(
        key -> {
          throw new IllegalStateException("the key service did not answer");
        });
    assertThatThrownBy(() -> refund(merchant, paid)).isInstanceOf(IllegalStateException.class);
    assertThat(status(merchant, paid)).isEqualTo(Status.REFUNDING);
    // while it is claimed, no balance refund can start beside it
    assertThatThrownBy(() -> payments.refund(merchant, paid.id(), null))
        .isInstanceOf(RefundUnavailableException.class);

    SCRIPT.add(key -> withdrawal(key, Withdrawal.Status.PENDING));
    Refunds.OnchainRefund done = refund(merchant, paid);

    assertThat(done.request().status()).isEqualTo(Status.REFUNDED);
    assertThat(KEYS).hasSize(2);
    assertThat(KEYS.get(1)).isEqualTo(KEYS.get(0));
    assertThat(status(merchant, paid)).isEqualTo(Status.REFUNDED);
    assertThatThrownBy(() -> refund(merchant, paid))
        .isInstanceOf(RefundUnavailableException.class)
        .hasMessageContaining("already");
  }

  @Test
  void aRefusedRefundGivesTheClaimBackAndTheNextAttemptClaimsAnewUnderAnotherKey() {
    Caller merchant = user(Role.USER, true);
    PaymentRequest paid = paidFromBalance(merchant);
    SCRIPT.add(
        key -> {
          throw new InsufficientFundsException("the fee does not fit");
        });
    assertThatThrownBy(() -> refund(merchant, paid)).isInstanceOf(InsufficientFundsException.class);
    assertThat(status(merchant, paid)).isEqualTo(Status.PAID);

    SCRIPT.add(key -> withdrawal(key, Withdrawal.Status.FAILED));
    assertThatThrownBy(() -> refund(merchant, paid))
        .isInstanceOf(RefundUnavailableException.class)
        .hasMessageContaining("nothing was moved");
    assertThat(status(merchant, paid)).isEqualTo(Status.PAID);

    SCRIPT.add(key -> withdrawal(key, Withdrawal.Status.PENDING));
    assertThat(refund(merchant, paid).request().status()).isEqualTo(Status.REFUNDED);
    assertThat(KEYS).hasSize(3).doesNotHaveDuplicates();
    // the refund counts against the business's (KYB) daily limit, not its owner's KYC one
    assertThat(COMMANDS).extracting(WithdrawCommand::limitStatus).containsOnly(KycStatus.PENDING);
    assertThat(COMMANDS.get(0).amount()).isEqualTo(new TokenAmount(Asset.USDT, FOUR));
  }

  @Test
  void onlyAPaidRequestOfTheCallersCanBeRefundedAndNeverForMoreThanWasPaid() {
    Caller merchant = user(Role.USER, true);
    PaymentRequest paid = paidFromBalance(merchant);
    PaymentRequest open = payments.create(merchant, command()).request();
    Caller stranger = user(Role.USER, true);

    assertThatThrownBy(
            () ->
                refunds.refundOnchain(
                    merchant, open.id(), new OnchainRefundCommand(null, "0xabc", "BASE")))
        .isInstanceOf(RefundUnavailableException.class)
        .hasMessageContaining("PENDING");
    assertThatThrownBy(
            () ->
                refunds.refundOnchain(
                    stranger, paid.id(), new OnchainRefundCommand(null, "0xabc", "BASE")))
        .hasMessageContaining("no payment request");
    assertThatThrownBy(
            () ->
                refunds.refundOnchain(
                    merchant, paid.id(), new OnchainRefundCommand("4.000001", "0xabc", "BASE")))
        .hasMessageContaining("at most what was paid");
    assertThatThrownBy(
            () ->
                refunds.refundOnchain(
                    merchant, paid.id(), new OnchainRefundCommand(null, "0xabc", null)))
        .hasMessageContaining("network is required");
    assertThat(SCRIPT).isEmpty();
    assertThat(status(merchant, paid)).isEqualTo(Status.PAID);
  }

  private static Refunds.OnchainRefund refund(Caller merchant, PaymentRequest request) {
    return refunds.refundOnchain(
        merchant, request.id(), new OnchainRefundCommand(null, "0xabc", "BASE"));
  }

  private static Status status(Caller merchant, PaymentRequest request) {
    return payments.get(merchant, request.id()).request().status();
  }

  /** A request of {@code merchant} for 4 USDT, paid from a fresh payer's balance. */
  private static PaymentRequest paidFromBalance(Caller merchant) {
    Caller payer = user(Role.USER, false);
    ledger.post(
        Transfer.between(
            "fund-" + payer.userId(),
            "TEST",
            AccountId.capital(Asset.USDT),
            AccountId.user(payer.userId(), Asset.USDT),
            FOUR,
            Instant.now()),
        List.of(),
        List.of());
    PaymentRequest request = payments.create(merchant, command()).request();
    assertThat(payments.payFromBalance(payer, request.id()).status()).isEqualTo(Status.PAID);
    return request;
  }

  private static CreatePaymentCommand command() {
    return new CreatePaymentCommand(
        "p-" + UUID.randomUUID(),
        new TokenAmount(Asset.USDT, FOUR),
        null,
        Duration.ofMinutes(15),
        null,
        null,
        Map.of());
  }

  private static Caller user(Role role, boolean merchant) {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    users.create(
        new User(
            id, new Email(id + "@example.com"), "A", "B", role, KycStatus.NOT_STARTED, true, now),
        "hash");
    if (!merchant) {
      return new Caller(id, role);
    }
    merchants.create(
        new Merchant(
            id,
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
            now,
            now));
    return new Caller(id, Role.MERCHANT);
  }

  private static Withdrawal withdrawal(String key, Withdrawal.Status status) {
    Instant now = Instant.now();
    Withdrawal created =
        Withdrawal.create(
            "wd-" + key,
            "m",
            NetworkId.BASE,
            new TokenAmount(Asset.USDT, FOUR),
            new TokenAmount(Asset.USDT, BigInteger.TEN),
            "0xabc",
            "0xdef",
            "key",
            now);
    return status == Withdrawal.Status.FAILED ? created.failed("rejected", now) : created;
  }

  /** Withdrawals that play {@link #SCRIPT}, recording each key. */
  private static final class ScriptedWithdrawals implements Withdrawals {

    @Override
    public Withdrawal withdraw(Caller caller, String idempotencyKey, WithdrawCommand command) {
      KEYS.add(idempotencyKey);
      COMMANDS.add(command);
      return SCRIPT.remove().apply(idempotencyKey);
    }

    @Override
    public Quote quote(String network, TokenAmount amount) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Quote quote(String network, TokenAmount amount, String to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Withdrawal get(Caller caller, String id) {
      throw new UnsupportedOperationException();
    }
  }
}
