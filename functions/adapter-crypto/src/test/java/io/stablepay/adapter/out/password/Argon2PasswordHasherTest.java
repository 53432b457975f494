package io.stablepay.adapter.out.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {

  private final Argon2PasswordHasher hasher = new Argon2PasswordHasher(new Argon2Settings());

  @Test
  void hashesAreSaltedArgon2idPhcStringsThatVerify() {
    String first = hasher.hash("correct horse battery");
    String second = hasher.hash("correct horse battery");

    assertThat(first)
        .startsWith("$argon2id$v=19$m=19456,t=2,p=1$")
        .doesNotContain("correct horse battery");
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.matches("correct horse battery", first)).isTrue();
    assertThat(hasher.matches("correct horse batterY", first)).isFalse();
  }

  @Test
  void anOldHashVerifiesWithItsOwnParametersAfterTheCostChanges() {
    Argon2Settings cheaper = new Argon2Settings();
    cheaper.setMemoryKib(8192);
    cheaper.setIterations(1);
    String old = new Argon2PasswordHasher(cheaper).hash("correct horse battery");

    assertThat(hasher.matches("correct horse battery", old)).isTrue();
  }

  @Test
  void somethingThatIsNotAnArgon2idHashNeverMatches() {
    assertThat(hasher.matches("x", "x")).isFalse();
    assertThat(hasher.matches("x", null)).isFalse();
  }
}
