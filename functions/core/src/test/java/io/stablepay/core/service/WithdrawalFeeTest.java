package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class WithdrawalFeeTest {

  private static final BigInteger DOLLARS_3000 = BigInteger.valueOf(300_000_000_000L);

  @Test
  void aNetworkFeeIsPricedInTheAssetAndRoundedUp() {
    // 50,000 gas at 2 gwei = 0.0001 ETH = 0.30 dollars at 3,000
    BigInteger cost = BigInteger.valueOf(100_000_000_000_000L);
    assertThat(WithdrawalPricing.toLedgerFee(cost, 18, DOLLARS_3000, Asset.USDT))
        .isEqualTo(BigInteger.valueOf(300_000));
    assertThat(WithdrawalPricing.toLedgerFee(cost, 18, DOLLARS_3000, Asset.DAI))
        .isEqualTo(new BigInteger("300000000000000000"));
    // one wei more is a fraction of a micro-dollar: it still costs one more unit
    assertThat(
            WithdrawalPricing.toLedgerFee(cost.add(BigInteger.ONE), 18, DOLLARS_3000, Asset.USDT))
        .isEqualTo(BigInteger.valueOf(300_001));
    assertThat(WithdrawalPricing.toLedgerFee(BigInteger.ONE, 18, DOLLARS_3000, Asset.USDC))
        .isEqualTo(BigInteger.ONE);
    assertThat(WithdrawalPricing.toLedgerFee(BigInteger.ZERO, 18, DOLLARS_3000, Asset.USDC))
        .isZero();
    // Tron: 6 decimals of sun; 13.5 TRX at 0.25 dollars = 3.375 dollars
    assertThat(
            WithdrawalPricing.toLedgerFee(
                BigInteger.valueOf(13_500_000), 6, BigInteger.valueOf(25_000_000), Asset.USDT))
        .isEqualTo(BigInteger.valueOf(3_375_000));
  }
}
