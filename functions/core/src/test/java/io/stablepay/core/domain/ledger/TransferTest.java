package io.stablepay.core.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferTest {

  private static final Instant AT = Instant.parse("2026-11-23T22:00:00Z");
  private static final AccountId ADA = AccountId.user("ada", Asset.USDT);
  private static final AccountId BOB = AccountId.user("bob", Asset.USDT);
  private static final AccountId FEES = AccountId.fees(Asset.USDT);

  @Test
  void legsMustSumToZeroPerAsset() {
    assertThatCode(
            () ->
                new Transfer(
                    "t1",
                    "P2P",
                    List.of(
                        Leg.debit(ADA, BigInteger.TEN),
                        Leg.credit(BOB, BigInteger.valueOf(9)),
                        Leg.credit(FEES, BigInteger.ONE)),
                    AT))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                new Transfer(
                    "t2",
                    "P2P",
                    List.of(Leg.debit(ADA, BigInteger.TEN), Leg.credit(BOB, BigInteger.valueOf(9))),
                    AT))
        .hasMessageContaining("sum to -1");
    assertThatThrownBy(
            () ->
                new Transfer(
                    "t3",
                    "P2P",
                    List.of(
                        Leg.debit(ADA, BigInteger.TEN),
                        Leg.credit(AccountId.user("bob", Asset.DAI), BigInteger.TEN)),
                    AT))
        .hasMessageContaining("not zero");
  }

  @Test
  void refusesOneLegTheSameAccountTwiceAZeroLegAndABadId() {
    assertThatThrownBy(() -> new Transfer("t", "X", List.of(Leg.credit(ADA, BigInteger.ONE)), AT))
        .hasMessageContaining("two legs");
    assertThatThrownBy(
            () ->
                new Transfer(
                    "t",
                    "X",
                    List.of(Leg.debit(ADA, BigInteger.ONE), Leg.credit(ADA, BigInteger.ONE)),
                    AT))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Leg.credit(ADA, BigInteger.ZERO)).hasMessageContaining("zero");
    assertThatThrownBy(() -> Transfer.between("bad id", "X", ADA, BOB, BigInteger.ONE, AT))
        .hasMessageContaining("transfer id");
    assertThatThrownBy(() -> Transfer.between("t", "X", ADA, BOB, BigInteger.ZERO, AT))
        .hasMessageContaining("positive");
  }

  @Test
  void onlyPlatformAccountsMayGoNegative() {
    assertThat(ADA.mayGoNegative()).isFalse();
    assertThat(AccountId.userHeld("ada", Asset.USDT).mayGoNegative()).isFalse();
    assertThat(FEES.mayGoNegative()).isTrue();
    assertThat(AccountId.clearing(NetworkId.ETHEREUM, Asset.USDT).mayGoNegative()).isTrue();
    assertThat(AccountId.treasury(NetworkId.TRON, Asset.USDT).mayGoNegative()).isTrue();
  }
}
