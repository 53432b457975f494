package io.stablepay.adapter.out.password;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.Min;

/**
 * Argon2id cost ({@code stablepay.passwords.argon2.*}). The defaults are OWASP's first
 * recommendation (19 MiB, 2 passes, 1 lane); on the 2-core development machine one hash took 58 ms,
 * inside the 50-100 ms a login may spend on it.
 */
@ConfigurationProperties("stablepay.passwords.argon2")
public class Argon2Settings {

  @Min(8192)
  private int memoryKib = 19_456;

  @Min(1)
  private int iterations = 2;

  @Min(1)
  private int parallelism = 1;

  public int getMemoryKib() {
    return memoryKib;
  }

  public void setMemoryKib(int memoryKib) {
    this.memoryKib = memoryKib;
  }

  public int getIterations() {
    return iterations;
  }

  public void setIterations(int iterations) {
    this.iterations = iterations;
  }

  public int getParallelism() {
    return parallelism;
  }

  public void setParallelism(int parallelism) {
    this.parallelism = parallelism;
  }
}
