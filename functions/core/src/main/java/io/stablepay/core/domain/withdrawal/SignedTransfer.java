package io.stablepay.core.domain.withdrawal;

import io.stablepay.core.domain.TxHash;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A signed transaction, ready to broadcast and stored before it is.
 *
 * @param raw the bytes the node takes (EVM: the RLP envelope for {@code eth_sendRawTransaction};
 *     Tron: the serialised {@code Transaction} protobuf)
 * @param expiresAt when the network stops accepting it (Tron's expiration), null where it never
 *     expires (EVM: it stays valid until its nonce is used)
 */
public record SignedTransfer(TxHash hash, byte[] raw, Instant expiresAt) {

  public SignedTransfer {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(raw, "raw");
    raw = raw.clone();
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  public String rawHex() {
    return HexFormat.of().formatHex(raw);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedTransfer that
        && hash.equals(that.hash)
        && java.util.Arrays.equals(raw, that.raw)
        && Objects.equals(expiresAt, that.expiresAt);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTransfer[" + hash + "]";
  }
}
