package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.deposit.Deposit;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** On-chain token units to the ledger's units of the asset, whatever the token's decimals. */
class TokenLedgerUnitsTest {

  private static BigInteger units(String digits) {
    return new BigInteger(digits);
  }

  @Test
  void aTokenWithTheAssetsDecimalsIsCreditedAsIs() {
    assertThat(new Token(Asset.USDT, "0xToken", 6).toLedgerUnits(units("12500000")))
        .isEqualTo(units("12500000"));
    assertThat(new Token(Asset.DAI, "0xToken", 18).toLedgerUnits(units("1000000000000000001")))
        .isEqualTo(units("1000000000000000001"));
  }

  @Test
  void eighteenDecimalUsdtOnBscBecomesSixDecimalLedgerUnitsAndDropsDust() {
    Token bscUsdt = new Token(Asset.USDT, "0xToken", 18);

    assertThat(bscUsdt.toLedgerUnits(units("12500000000000000000"))).isEqualTo(units("12500000"));
    assertThat(bscUsdt.toLedgerUnits(units("12500000999999999999"))).isEqualTo(units("12500000"));
    assertThat(bscUsdt.toLedgerUnits(units("999999999999"))).isZero();
  }

  @Test
  void aTokenWithFewerDecimalsIsScaledUp() {
    assertThat(new Token(Asset.DAI, "0xToken", 6).toLedgerUnits(units("1500000")))
        .isEqualTo(units("1500000000000000000"));
  }

  @Test
  void aDepositKeepsBothTheLedgerAmountAndWhatTheChainMoved() {
    TokenTransferLog log =
        new TokenTransferLog(
            7, "0xblock", "0xTX", 3, "0xToken", "0xFrom", "0xTo", units("2000000000000000000"));
    Deposit deposit =
        Deposit.seen(
            NetworkId.BSC,
            log,
            new Token(Asset.USDC, "0xToken", 18),
            "user-1",
            Instant.parse("2026-12-01T00:00:00Z"));

    assertThat(deposit.amount()).isEqualTo(new TokenAmount(Asset.USDC, units("2000000")));
    assertThat(deposit.onchainAmount()).isEqualTo(units("2000000000000000000"));
    assertThat(deposit.id()).isEqualTo("dep-BSC-0xtx-3");
    assertThat(deposit.confirmationsAt(9)).isEqualTo(3);
  }
}
