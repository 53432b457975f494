package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.AddressCheck;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * EVM address rules: 20 bytes of hex; all-lower or all-upper case carries no checksum and is
 * accepted, mixed case must match EIP-55 exactly (a typo in one character fails it).
 */
final class EvmAddresses {

  private static final Pattern HEX_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final String ZERO = "0x" + "0".repeat(40);

  private EvmAddresses() {}

  static AddressCheck check(String address) {
    String candidate = address == null ? "" : address.trim();
    if (!HEX_ADDRESS.matcher(candidate).matches()) {
      return AddressCheck.invalid("an EVM address is 0x followed by 40 hex digits");
    }
    String body = candidate.substring(2);
    String checksummed = Keys.toChecksumAddress(candidate);
    boolean uniformCase =
        body.equals(body.toLowerCase(java.util.Locale.ROOT))
            || body.equals(body.toUpperCase(java.util.Locale.ROOT));
    if (!uniformCase && !checksummed.equals(candidate)) {
      return AddressCheck.invalid("checksum mismatch: mixed-case address does not match EIP-55");
    }
    if (checksummed.equalsIgnoreCase(ZERO)) {
      return AddressCheck.invalid("the zero address cannot hold or receive funds");
    }
    return AddressCheck.valid(checksummed);
  }
}
