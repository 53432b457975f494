package io.stablepay.core.domain.withdrawal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.ledger.TransferLimits;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithdrawalRulesTest {

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private static BigInteger wei(long value) {
    return BigInteger.valueOf(value);
  }

  @Test
  void aReplacementRaisesBothFeesByTheBumpRoundedUp() {
    TxFees.Eip1559 old = new TxFees.Eip1559(wei(60_000), wei(1_000_000_001), wei(999));
    TxFees.Eip1559 quiet = new TxFees.Eip1559(wei(60_000), wei(10), wei(1));

    TxFees.Eip1559 bumped = old.bumped(10, quiet);

    // 1,000,000,001 x 1.1 = 1,100,000,001.1 -> up; 999 x 1.1 = 1,098.9 -> up
    assertThat(bumped.maxFeePerGas()).isEqualTo(wei(1_100_000_002));
    assertThat(bumped.maxPriorityFeePerGas()).isEqualTo(wei(1_099));
    assertThat(bumped.gasLimit()).isEqualTo(wei(60_000));
  }

  @Test
  void aReplacementTakesTheMarketsFeesWhenTheyRoseMoreAndNeverStaysAtZero() {
    TxFees.Eip1559 old = new TxFees.Eip1559(wei(60_000), wei(100), wei(0));
    TxFees.Eip1559 busy = new TxFees.Eip1559(wei(70_000), wei(500), wei(0));

    TxFees.Eip1559 bumped = old.bumped(12, busy);

    assertThat(bumped.maxFeePerGas()).isEqualTo(wei(500));
    assertThat(bumped.maxPriorityFeePerGas()).isEqualTo(wei(1));
    assertThat(bumped.gasLimit()).isEqualTo(wei(70_000));
    assertThat(bumped.maxCost()).isEqualTo(wei(70_000 * 500L));
  }

  @Test
  void feesAreValidated() {
    assertThatThrownBy(() -> new TxFees.Eip1559(wei(0), wei(1), wei(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TxFees.Eip1559(wei(1), wei(1), wei(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TxFees.Tron(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ledgerAmountsBecomeTokenUnitsExactlyOrAreRefused() {
    Token ethereumUsdt = new Token(Asset.USDT, "0xA", 6);
    Token bscUsdt = new Token(Asset.USDT, "0xB", 18);
    Token twoDecimalDai = new Token(Asset.DAI, "0xC", 2);

    assertThat(ethereumUsdt.toOnchainUnits(wei(3_000_000))).isEqualTo(wei(3_000_000));
    assertThat(bscUsdt.toOnchainUnits(wei(3_000_000)))
        .isEqualTo(BigInteger.valueOf(3).multiply(BigInteger.TEN.pow(18)));
    assertThat(bscUsdt.toLedgerUnits(bscUsdt.toOnchainUnits(wei(123_456)))).isEqualTo(wei(123_456));
    assertThat(twoDecimalDai.toOnchainUnits(BigInteger.TEN.pow(16).multiply(wei(150))))
        .isEqualTo(wei(150));
    assertThatThrownBy(() -> twoDecimalDai.toOnchainUnits(BigInteger.ONE))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aWithdrawalKeepsEverySignedVersionUnderOneNonce() {
    Withdrawal created =
        Withdrawal.create(
            "wd-1",
            "u1",
            NetworkId.ETHEREUM,
            new TokenAmount(Asset.USDT, wei(3_000_000)),
            new TokenAmount(Asset.USDT, wei(150_000)),
            "0xTo",
            "0xFrom",
            "key",
            T0);
    assertThat(created.total()).isEqualTo(new TokenAmount(Asset.USDT, wei(3_150_000)));
    assertThat(created.latest()).isEmpty();

    Withdrawal.Attempt first = attempt("11", T0);
    Withdrawal.Attempt second = attempt("22", T0.plusSeconds(60));
    Withdrawal signed = created.signed(7, first, T0).signed(7, second, T0.plusSeconds(60));

    assertThat(signed.status()).isEqualTo(Withdrawal.Status.PENDING);
    assertThat(signed.nonce()).isEqualTo(7);
    assertThat(signed.attempts()).containsExactly(first, second);
    assertThat(signed.latest()).contains(second);
    assertThat(signed.version()).isEqualTo(2);
    assertThat(signed.completed(T0).status().open()).isFalse();
    assertThat(signed.failed("x", T0).failureReason()).isEqualTo("x");
    assertThat(
            signed.sameRequest(
                NetworkId.ETHEREUM, new TokenAmount(Asset.USDT, wei(3_000_000)), "0xto"))
        .isTrue();
    assertThat(
            signed.sameRequest(
                NetworkId.POLYGON, new TokenAmount(Asset.USDT, wei(3_000_000)), "0xTo"))
        .isFalse();
    assertThat(
            signed.sameRequest(
                NetworkId.ETHEREUM, new TokenAmount(Asset.USDC, wei(3_000_000)), "0xTo"))
        .isFalse();
    assertThatThrownBy(
            () ->
                new Withdrawal(
                    "wd-2",
                    "u1",
                    NetworkId.ETHEREUM,
                    new TokenAmount(Asset.USDT, wei(1)),
                    TokenAmount.zero(Asset.USDT),
                    "0xTo",
                    "0xFrom",
                    "key",
                    Withdrawal.Status.PENDING,
                    1,
                    List.of(),
                    null,
                    1,
                    T0,
                    T0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsRefuseBumpsNodesWouldRefuseAndPricesThatAreNotPositive() {
    assertThatThrownBy(() -> settings(Map.of(), 9)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(Map.of(NetworkId.ETHEREUM, "0"), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(settings(Map.of(NetworkId.ETHEREUM, "3000.5"), 10).nativePrice(NetworkId.ETHEREUM))
        .contains(wei(300_050_000_000L));
    assertThat(settings(Map.of(), 10).nativePrice(NetworkId.ETHEREUM)).isEmpty();
  }

  @Test
  void withdrawalsHaveADailyCounterOfTheirOwnWithTheKycStatusLimit() {
    var limits = TransferLimits.defaults();
    var unverified =
        limits.forWithdrawal(
            "u1", KycStatus.PENDING, new TokenAmount(Asset.USDT, wei(1_000_000_001)), T0);
    assertThat(unverified.counter()).isEqualTo("withdraw/u1/USDT/2026-12-01");
    assertThat(unverified.limit()).isEqualTo(wei(1_000_000_000));
    assertThat(unverified.exceededOnItsOwn()).isTrue();
    assertThat(
            limits
                .forWithdrawal(
                    "u1", KycStatus.VERIFIED, new TokenAmount(Asset.USDT, wei(1_000_000_001)), T0)
                .exceededOnItsOwn())
        .isFalse();
  }

  private static WithdrawalSettings settings(Map<NetworkId, String> prices, int bump) {
    return new WithdrawalSettings(
        prices, 20, Duration.ofMinutes(3), bump, wei(1), Duration.ofMinutes(2), 10);
  }

  private static Withdrawal.Attempt attempt(String digit, Instant at) {
    return new Withdrawal.Attempt(
        new SignedTransfer(new TxHash("0x" + digit.repeat(32)), new byte[] {1, 2, 3}, null),
        new TxFees.Eip1559(wei(1), wei(1), wei(1)),
        at);
  }
}
