package io.stablepay.core.domain.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.escrow.Escrow.Status;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EscrowTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final TokenAmount FOUR = usdt(4_000_000);

  private static TokenAmount usdt(long units) {
    return new TokenAmount(Asset.USDT, BigInteger.valueOf(units));
  }

  private static Escrow held(Instant releaseAfter) {
    return Escrow.funding(
            "esc_0123456789abcdef01234567", "alice", "bob", FOUR, "a bicycle", releaseAfter, T0)
        .held(T0.plusSeconds(1));
  }

  @Test
  void aSplitPaysOutExactlyWhatIsHeldAndEndsOnceThePostingIsRecorded() {
    Escrow settling =
        held(null)
            .disputed("alice", "damaged", T0.plusSeconds(2))
            .settling(Decision.SPLIT, usdt(1_500_000), "admin", "partly", T0.plusSeconds(3));
    assertThat(settling.status()).isEqualTo(Status.SETTLING);
    assertThat(settling.outcome().toDepositor()).isEqualTo(usdt(2_500_000));
    assertThat(settling.outcome().endedAt()).isNull();
    assertThat(settling.status().decidable()).isFalse();

    Escrow split = settling.settled(T0.plusSeconds(4));
    assertThat(split.status()).isEqualTo(Status.SPLIT);
    assertThat(split.status().ended()).isTrue();
    assertThat(split.outcome().endedAt()).isEqualTo(T0.plusSeconds(4));
    assertThat(split.dispute().by()).isEqualTo("alice");
    assertThat(split.version()).isEqualTo(4);
    assertThatThrownBy(() -> split.settled(T0.plusSeconds(5)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anOutcomeThatPaysMoreOrLessThanTheAmountIsNoEscrow() {
    assertThatThrownBy(
            () -> held(null).settling(Decision.SPLIT, FOUR.plus(usdt(1)), "admin", "too much", T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Escrow.funding("esc_x", "alice", "alice", FOUR, null, null, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Escrow.funding("esc_x", "alice", "bob", usdt(0), null, null, T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutcomeInAnotherAssetIsRefused() {
    assertThatThrownBy(
            () ->
                held(null)
                    .settling(
                        Decision.SPLIT,
                        new TokenAmount(Asset.USDC, BigInteger.ONE),
                        "admin",
                        "wrong asset",
                        T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amounts of different assets");
  }

  @Test
  void theWorkflowWaitsOnAPersonOnlyWithoutADeadlineOrInADispute() {
    Instant deadline = T0.plusSeconds(86_400);
    assertThat(held(null).awaitsPerson()).isTrue();
    assertThat(held(deadline).awaitsPerson()).isFalse();
    assertThat(held(deadline).disputed("bob", "no", T0).awaitsPerson()).isTrue();
    assertThat(held(null).settling(Decision.RELEASE, FOUR, "alice", null, T0).awaitsPerson())
        .isFalse();
  }

  @Test
  void aChangeClearsTheParkedTokenAndANewGenerationNamesANewExecution() {
    Escrow parked = held(null).parked("token-1", T0);
    assertThat(parked.taskToken()).isEqualTo("token-1");
    assertThat(parked.disputed("bob", "no", T0).taskToken()).isNull();
    assertThat(parked.settling(Decision.REFUND, usdt(0), "bob", null, T0).taskToken()).isNull();
    Escrow next = parked.nextGeneration(T0);
    assertThat(next.taskToken()).isNull();
    assertThat(next.executionName()).isEqualTo("esc_0123456789abcdef01234567-g1");
    assertThat(parked.holdTransferId()).isNotEqualTo(parked.endTransferId());
    assertThat(parked.account().name()).isEqualTo("escrow/esc_0123456789abcdef01234567");
    assertThat(parked.account().mayGoNegative()).isFalse();
  }
}
