package io.stablepay.core.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * An amount of one asset in its ledger base units ({@link Asset#decimals}): money as a type, so an
 * amount never travels apart from what it counts. It parses and formats in the asset's decimals,
 * and its arithmetic refuses to mix assets.
 */
public record TokenAmount(Asset asset, BigInteger units) implements Comparable<TokenAmount> {

  public TokenAmount {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(units, "units");
  }

  /** Nothing of {@code asset}. */
  public static TokenAmount zero(Asset asset) {
    return new TokenAmount(asset, BigInteger.ZERO);
  }

  /**
   * An amount as the API takes it: a plain decimal string with at most the asset's decimals and at
   * most its {@link Asset#maxAmount}.
   *
   * @throws InvalidRequestException when the text is not such a decimal
   */
  public static TokenAmount parse(Asset asset, String text) {
    return new TokenAmount(asset, asset.parseAmount(text));
  }

  /** The amount as the API shows it: a plain decimal without trailing zeros ("12.5", "0"). */
  public String format() {
    return Decimals.format(units, asset.decimals());
  }

  public TokenAmount plus(TokenAmount other) {
    return new TokenAmount(asset, units.add(same(other).units));
  }

  public TokenAmount minus(TokenAmount other) {
    return new TokenAmount(asset, units.subtract(same(other).units));
  }

  public boolean isPositive() {
    return units.signum() > 0;
  }

  /** Orders amounts of the same asset. @throws IllegalArgumentException for another asset */
  @Override
  public int compareTo(TokenAmount other) {
    return units.compareTo(same(other).units);
  }

  /** "12.5 USDT". */
  @Override
  public String toString() {
    return format() + " " + asset;
  }

  private TokenAmount same(TokenAmount other) {
    if (other.asset != asset) {
      throw new IllegalArgumentException(
          "cannot combine " + other + " with " + this + ": amounts of different assets");
    }
    return other;
  }
}
