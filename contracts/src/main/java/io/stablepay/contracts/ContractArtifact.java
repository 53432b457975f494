package io.stablepay.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A compiled contract as the build leaves it on the classpath ({@code
 * /io/stablepay/contracts/<Name>.abi} and {@code .bin}, produced by solcjs).
 */
public record ContractArtifact(String name, String abiJson, String bytecode) {

  /**
   * Loads {@code name}'s ABI and bytecode.
   *
   * @throws IllegalStateException when the contract was not compiled into this artifact
   */
  public static ContractArtifact load(String name) {
    return new ContractArtifact(name, read(name + ".abi"), "0x" + read(name + ".bin").trim());
  }

  private static String read(String file) {
    String resource = "/io/stablepay/contracts/" + file;
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no compiled contract resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
