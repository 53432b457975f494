package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryMerchantStore;
import io.stablepay.core.testing.MutableClock;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settling a merchant's balance to its address, on demand and above its threshold. */
class SettlementServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String ADDRESS = "0x" + "ab".repeat(20);

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryMerchantStore merchants = new MemoryMerchantStore();
  private final RecordingWithdrawals withdrawals = new RecordingWithdrawals();
  private final SettlementService service =
      new SettlementService(merchants, ledger, withdrawals, clock);

  private final Caller shop = new Caller("shop", Role.MERCHANT);

  @Test
  void aSettlementSendsTheBalanceLessTheQuotedFeeWithItsMarginToTheSettlementAddress() {
    merchant("shop", ADDRESS, null);
    fund("shop", "100");
    withdrawals.fee = units("0.4");

    service.settle(shop, Asset.USDT, "s-1");

    WithdrawCommand sent = withdrawals.sent.get("s-1");
    // the fee quoted plus 25 %: 0.5; what the margin does not spend stays in the balance
    assertThat(sent.maxFee()).isEqualTo(new TokenAmount(Asset.USDT, units("0.5")));
    assertThat(sent.amount()).isEqualTo(new TokenAmount(Asset.USDT, units("99.5")));
    assertThat(sent.to()).isEqualTo(ADDRESS);
    assertThat(sent.network()).isEqualTo("ETHEREUM");
    assertThat(sent.limitStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(sent.memo()).isEqualTo("settlement");
  }

  @Test
  void whatCannotBeSettledIsRefusedAndSendsNothing() {
    assertThatThrownBy(() -> service.settle(new Caller("ada", Role.USER), Asset.USDT, "s-1"))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.settle(shop, Asset.USDT, "s-1"))
        .isInstanceOf(NotFoundException.class);

    merchant("shop", null, null);
    assertThatThrownBy(() -> service.settle(shop, Asset.USDT, "s-1"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("settlement address");

    merchant("shop", ADDRESS, null);
    assertThatThrownBy(() -> service.settle(shop, Asset.USDT, "s-1"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("no USDT to settle");

    fund("shop", "0.4");
    withdrawals.fee = units("0.4");
    assertThatThrownBy(() -> service.settle(shop, Asset.USDT, "s-1"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("does not cover");

    assertThat(withdrawals.sent).isEmpty();
  }

  @Test
  void theHourlyRunSettlesEachMerchantAtOrAboveItsThresholdOncePerDay() {
    merchant("over", ADDRESS, whole(10));
    fund("over", "10");
    merchant("under", ADDRESS, whole(10));
    fund("under", "9.99");
    merchant("manual", ADDRESS, null);
    fund("manual", "500");
    withdrawals.fee = units("0.1");

    Settlements.DueReport first = service.settleDue();
    withdrawals.mismatchOnReplay = true;
    Settlements.DueReport again = service.settleDue();

    assertThat(first.merchants()).isEqualTo(2);
    assertThat(first.settled()).isEqualTo(1);
    assertThat(first.failures()).isEmpty();
    assertThat(withdrawals.sent).containsOnlyKeys("auto-settle-USDT-2026-12-07");
    assertThat(withdrawals.callers).containsExactly("over");
    assertThat(again.settled()).isZero();
    assertThat(again.failures()).isEmpty();
  }

  private void merchant(String id, String address, BigInteger threshold) {
    Merchant fresh =
        new Merchant(
            id,
            "Shop",
            "retail",
            null,
            address,
            address == null ? null : NetworkId.ETHEREUM,
            threshold,
            250,
            KycStatus.PENDING,
            "sealed",
            null,
            null,
            0,
            NOW,
            NOW);
    if (!merchants.create(fresh)) {
      Merchant stored = merchants.find(id).orElseThrow();
      merchants.update(
          new Merchant(
              id,
              "Shop",
              "retail",
              null,
              address,
              address == null ? null : NetworkId.ETHEREUM,
              threshold,
              250,
              KycStatus.PENDING,
              "sealed",
              null,
              null,
              stored.version() + 1,
              NOW,
              NOW));
    }
  }

  private void fund(String userId, String amount) {
    ledger.fund(userId, Asset.USDT, amount, NOW);
  }

  private static BigInteger units(String amount) {
    return Asset.USDT.parseAmount(amount);
  }

  /** A threshold: whole units in millionths. */
  private static BigInteger whole(long units) {
    return BigInteger.valueOf(units).multiply(BigInteger.TEN.pow(Merchant.THRESHOLD_DECIMALS));
  }

  /** The withdrawal use case, recorded: quotes a set fee, remembers what it was asked to send. */
  private final class RecordingWithdrawals implements Withdrawals {
    BigInteger fee = BigInteger.ZERO;
    boolean mismatchOnReplay;
    final Map<String, WithdrawCommand> sent = new HashMap<>();
    final List<String> callers = new ArrayList<>();

    @Override
    public Quote quote(String network, TokenAmount amount) {
      return quote(network, amount, null);
    }

    @Override
    public Quote quote(String network, TokenAmount amount, String to) {
      return new Quote(
          NetworkId.valueOf(network),
          amount,
          new TokenAmount(amount.asset(), fee),
          BigInteger.ONE,
          18,
          "ETH",
          BigInteger.valueOf(65_000),
          "3000",
          clock.instant());
    }

    @Override
    public Withdrawal withdraw(Caller caller, String key, WithdrawCommand command) {
      if (sent.containsKey(key) && mismatchOnReplay) {
        throw new IdempotencyMismatchException();
      }
      sent.put(key, command);
      callers.add(caller.userId());
      return Withdrawal.create(
          "wd-" + key,
          caller.userId(),
          NetworkId.ETHEREUM,
          command.amount(),
          command.maxFee(),
          command.to(),
          "0xTreasury",
          "key",
          clock.instant());
    }

    @Override
    public Withdrawal get(Caller caller, String id) {
      throw new UnsupportedOperationException();
    }
  }
}
