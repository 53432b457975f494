package io.stablepay.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Positive;

class DecimalsProperties {

  @Property
  void formattingThenParsingGivesBackTheSameBaseUnits(
      @ForAll @Positive long units, @ForAll @IntRange(min = 0, max = 18) int decimals) {
    BigInteger baseUnits = BigInteger.valueOf(units);
    assertThat(Decimals.parse(Decimals.format(baseUnits, decimals), decimals)).isEqualTo(baseUnits);
  }
}
