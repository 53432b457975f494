package io.stablepay.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Deployment at deterministic addresses through the deterministic-deployment proxy ({@link #PROXY},
 * the same address on every EVM network that has it): a transaction to the proxy with {@code salt
 * ++ initCode} as data creates the contract with CREATE2 at {@code keccak256(0xff ++ proxy ++ salt
 * ++ keccak256(initCode))[12:]}. The address depends on nothing of the network, so the same salt
 * and the same init code (bytecode and constructor arguments) land at the same address on every
 * chain.
 */
final class Create2 {

  /** The deterministic-deployment proxy (Arachnid's), as anvil and the public networks have it. */
  static final String PROXY = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

  private Create2() {}

  /** The salt of the contract recorded as {@code name}: keccak256("stablepay:" + name + ":1"). */
  static byte[] salt(String name) {
    return Hash.sha3(("stablepay:" + name + ":1").getBytes(StandardCharsets.US_ASCII));
  }

  /** Where the proxy creates {@code initCode} (hex) with {@code salt}, EIP-55. */
  static String address(byte[] salt, String initCode) {
    byte[] input = new byte[1 + 20 + 32 + 32];
    input[0] = (byte) 0xff;
    System.arraycopy(Numeric.hexStringToByteArray(PROXY), 0, input, 1, 20);
    System.arraycopy(salt, 0, input, 21, 32);
    System.arraycopy(Hash.sha3(Numeric.hexStringToByteArray(initCode)), 0, input, 53, 32);
    byte[] hash = Hash.sha3(input);
    return Keys.toChecksumAddress(Numeric.toHexString(Arrays.copyOfRange(hash, 12, 32)));
  }

  /** The proxy call that creates {@code initCode} with {@code salt}. */
  static String proxyCall(byte[] salt, String initCode) {
    return Numeric.toHexString(salt) + Numeric.cleanHexPrefix(initCode);
  }

  /** The code at {@code address} (hex, "0x" when there is none). */
  static String code(Web3j web3j, String address) {
    try {
      return web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
    } catch (IOException e) {
      throw new UncheckedIOException("the node did not answer: " + e.getMessage(), e);
    }
  }

  static boolean hasCode(Web3j web3j, String address) {
    String code = code(web3j, address);
    return code != null && Numeric.cleanHexPrefix(code).length() > 0;
  }

  /**
   * Checks that the code at an address is {@code contract}'s runtime code as this build compiled it
   * ({@code <Name>.runtime}). The constructor writes the contract's immutables into that code
   * (EIP-712's cached chain id and domain separator in the multisig and the bridge vault, so those
   * differ per chain): the byte ranges solc reports for them ({@code <Name>.immutables}) are zeroed
   * on both sides before they are compared; everything else, the metadata hash included, must be
   * equal byte for byte.
   *
   * @throws IllegalStateException when the code differs
   */
  static void verify(String contract, String address, String deployedCode) {
    byte[] expected = Numeric.hexStringToByteArray(resource(contract + ".runtime").trim());
    byte[] actual = Numeric.hexStringToByteArray(deployedCode);
    if (expected.length != actual.length) {
      throw new IllegalStateException(
          contract
              + " at "
              + address
              + " has "
              + actual.length
              + " bytes of code, the build's has "
              + expected.length);
    }
    for (Range range : immutables(contract)) {
      Arrays.fill(expected, range.start(), range.start() + range.length(), (byte) 0);
      Arrays.fill(actual, range.start(), range.start() + range.length(), (byte) 0);
    }
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException(
          contract + " at " + address + " is not the code this build compiled");
    }
  }

  private record Range(int start, int length) {}

  private static List<Range> immutables(String contract) {
    try {
      List<Range> ranges = new ArrayList<>();
      for (JsonNode range : new ObjectMapper().readTree(resource(contract + ".immutables"))) {
        ranges.add(new Range(range.path("start").asInt(), range.path("length").asInt()));
      }
      return ranges;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the immutables of " + contract, e);
    }
  }

  private static String resource(String file) {
    String resource = "/io/stablepay/contracts/" + file;
    try (InputStream in = Create2.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no compiled contract resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
