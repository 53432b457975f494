package io.stablepay.core.domain;

/**
 * The verdict on an address for one network.
 *
 * @param normalized the canonical form (EIP-55 checksum for EVM, base58 for Tron) when valid
 * @param reason why it is not valid, in words a client can show
 */
public record AddressCheck(boolean valid, String normalized, String reason) {

  public static AddressCheck valid(String normalized) {
    return new AddressCheck(true, normalized, null);
  }

  public static AddressCheck invalid(String reason) {
    return new AddressCheck(false, null, reason);
  }
}
