package io.stablepay.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The function jars' unzipped sizes, which Lambda caps at 262,144,000 bytes and which a cold
 * start pays for. The aim is 60 MB each: the jars there are held to it, and until every jar is
 * there each of the others has a ceiling at its size when last trimmed (rounded up), so it can
 * only get smaller: a dependency that would make one grow must be looked at first. The jars are the build's own (make build, before the tests).
 */
class FunctionJarsTest {

  /** Where the jars are headed. */
  static final long AIM = 60_000_000L;

  /**
   * Each module's ceiling in bytes: the aim where the jar is under it, otherwise its size when
   * last trimmed, rounded up to the megabyte.
   */
  static final Map<String, Long> CEILINGS = Map.of(
      "webhook-function", AIM,
      "subscription-function", AIM,
      "watcher-function", AIM,
      "auth-function", 65_000_000L,
      "blockchain-function", 77_000_000L,
      "kyc-function", 80_000_000L,
      "wallet-function", 93_000_000L,
      "signer-function", 93_000_000L,
      "merchant-function", 97_000_000L,
      "escrow-function", 97_000_000L);

  @Test
  void everyFunctionJarStaysUnderItsCeilingFarBelowLambdasLimit() throws IOException {
    Path functions = Tools.projectRoot().resolve("functions");
    for (Map.Entry<String, Long> module : CEILINGS.entrySet()) {
      Path jar = functions.resolve(module.getKey()).resolve("target")
          .resolve(module.getKey() + ".jar");
      assertThat(jar).as("run make build first").isRegularFile();
      long unzipped = unzipped(jar);
      assertThat(unzipped).as("%s unzipped (ceiling %s, aim %s)", module.getKey(),
          module.getValue(), AIM).isLessThanOrEqualTo(module.getValue());
      assertThat(unzipped).isLessThan(PackagedFunctionsIT.LAMBDA_LIMIT_BYTES / 2);
    }
  }

  @Test
  void everyFunctionModuleHasACeiling() throws IOException {
    try (var modules = Files.list(Tools.projectRoot().resolve("functions"))) {
      assertThat(modules.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith("-function")))
          .containsExactlyInAnyOrderElementsOf(CEILINGS.keySet());
    }
  }

  /** What {@code jar} takes unzipped (what Lambda's limit counts). */
  static long unzipped(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream().mapToLong(entry -> Math.max(0, entry.getSize())).sum();
    }
  }
}
