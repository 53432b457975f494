package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.in.PeerTransfers;
import io.stablepay.core.port.in.SendCommand;
import io.stablepay.core.port.out.MovementStore;
import io.stablepay.core.testing.FixedLimits;
import io.stablepay.core.testing.MemoryLedger;
import io.stablepay.core.testing.MemoryUserStore;
import io.stablepay.core.testing.MemoryWalletStore;
import io.stablepay.core.testing.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** P2P transfers' rules against the ledger's and the user store's contracts in memory. */
class PeerTransferServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryLedger ledger = new MemoryLedger();
  private final MemoryUserStore users = new MemoryUserStore();
  private final PeerTransferService service =
      new PeerTransferService(
          ledger,
          users,
          new MemoryWalletStore(),
          new NoMovements(),
          List.of(),
          FixedLimits.daily(1_000),
          clock);

  private final Caller ada = new Caller("ada", Role.USER);

  @BeforeEach
  void accounts() {
    user("ada", "ada@example.com");
    user("bob", "bob@example.com");
    fund("ada", Asset.USDT, "10");
  }

  @Test
  void aTransferMovesTheAmountAtOnceAndWritesALineForEachSide() {
    PeerTransfers.Completed done = service.send(ada, "k-1", send("bob@example.com", "2.5"));

    assertThat(done.counterpartyId()).isEqualTo("bob");
    assertThat(done.amount()).isEqualTo(new TokenAmount(Asset.USDT, units("2.5")));
    assertThat(available("ada")).isEqualTo(units("7.5"));
    assertThat(available("bob")).isEqualTo(units("2.5"));
    assertThat(ledger.movements)
        .extracting(Movement::userId, Movement::direction, Movement::counterparty)
        .containsExactly(
            tuple("ada", Movement.Direction.OUT, "bob@example.com"),
            tuple("bob", Movement.Direction.IN, "ada@example.com"));
  }

  @Test
  void theSameKeyMovesTheMoneyOnce() {
    PeerTransfers.Completed first = service.send(ada, "k-1", send("bob@example.com", "2"));
    PeerTransfers.Completed again = service.send(ada, "k-1", send("bob@example.com", "2"));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(available("bob")).isEqualTo(units("2"));
    assertThat(ledger.transfers()).isEqualTo(2); // the funding and this one
  }

  @Test
  void refusalsMoveNothing() {
    assertThatThrownBy(() -> service.send(ada, null, send("bob@example.com", "1")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Idempotency-Key");
    assertThatThrownBy(() -> service.send(ada, "k-2", send("ada@example.com", "1")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("yourself");
    assertThatThrownBy(() -> service.send(ada, "k-3", send("nobody@example.com", "1")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.send(ada, "k-4", send("0x" + "ab".repeat(20), "1")))
        .as("an address no rail of this service reads")
        .isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> service.send(ada, "k-5", send("bob@example.com", "10.000001")))
        .isInstanceOf(InsufficientFundsException.class)
        .hasMessage("the available USDT balance does not cover 10.000001 USDT");

    assertThat(available("ada")).isEqualTo(units("10"));
    assertThat(available("bob")).isZero();
  }

  @Test
  void theDailyLimitsOfBothSidesHold() {
    fund("ada", Asset.USDT, "5000");
    assertThatThrownBy(() -> service.send(ada, "k-1", send("bob@example.com", "1000.000001")))
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("daily P2P sending");

    service.send(ada, "k-2", send("bob@example.com", "600"));
    assertThatThrownBy(() -> service.send(ada, "k-3", send("bob@example.com", "400.000001")))
        .isInstanceOf(LimitExceededException.class);
    assertThat(available("bob")).isEqualTo(units("600"));

    // a new UTC day starts the counters anew
    clock.advance(Duration.ofDays(1));
    service.send(ada, "k-4", send("bob@example.com", "400.000001"));
    assertThat(available("bob")).isEqualTo(units("1000.000001"));
  }

  private void user(String id, String email) {
    users.create(
        new User(id, new Email(email), "F", "L", Role.USER, KycStatus.NOT_STARTED, true, NOW),
        "hash");
  }

  private void fund(String userId, Asset asset, String amount) {
    ledger.fund(userId, asset, amount, NOW);
  }

  private BigInteger available(String userId) {
    return ledger.balance(AccountId.user(userId, Asset.USDT));
  }

  private static SendCommand send(String to, String amount) {
    return SendCommand.of(to, "USDT", amount, null);
  }

  private static BigInteger units(String amount) {
    return Asset.USDT.parseAmount(amount);
  }

  /** The statement store is not read by sending. */
  private static final class NoMovements implements MovementStore {
    @Override
    public void save(Movement movement) {
      throw new AssertionError("a P2P transfer's lines are posted with it, not saved apart");
    }

    @Override
    public Page<Movement> list(String userId, Movement.Filter filter, PageRequest page) {
      return new Page<>(List.of(), null);
    }
  }
}
