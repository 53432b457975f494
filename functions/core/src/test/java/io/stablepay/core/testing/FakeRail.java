package io.stablepay.core.testing;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.port.out.ChainRail;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A rail without a chain. EVM-like addresses ("0x" and 40 hex digits) are normalised to lower case.
 * A "signature" is {@link #sign}: the signer's address and the message's hash, so a signature over
 * another text recovers another signer. Balances come from {@link #balances}; networks in {@link
 * #down} fail as a dead node would. {@link #transaction} answers from {@link #transactions} (a hash
 * not there is not found) and {@link #fees} with {@link #feeQuote} once a test sets one. {@link
 * #estimateTransfer} answers once a test sets {@link #transferUnits}: that many units at {@link
 * #unitPrice} (unset: the quote's max fee per gas), and a refusal when the sender lacks the tokens
 * (as a node's estimate reverts).
 */
public final class FakeRail implements ChainRail {

  private final ChainFamily family;
  public final Map<String, BigInteger> balances = new HashMap<>();
  public final Set<NetworkId> down = new HashSet<>();
  public final Map<TxHash, ChainTransaction> transactions = new HashMap<>();
  public FeeQuote feeQuote;
  public int balanceReads;

  /** The gas (energy) a token transfer needs; null: estimates are not expected. */
  public BigInteger transferUnits;

  /**
   * The price of one unit of {@link #transferUnits} in the native coin's base units; null: the max
   * fee per gas of {@link #feeQuote}, or 1 without one.
   */
  public BigInteger unitPrice;

  public FakeRail(ChainFamily family) {
    this.family = family;
  }

  public static String sign(String address, String message) {
    return address.toLowerCase(Locale.ROOT) + ":" + Integer.toHexString(message.hashCode());
  }

  public static String balanceKey(NetworkId network, String asset, String address) {
    return network + "/" + asset + "/" + address.toLowerCase(Locale.ROOT);
  }

  @Override
  public ChainFamily family() {
    return family;
  }

  @Override
  public AddressCheck validateAddress(String address) {
    return address != null && address.matches("0x[0-9a-fA-F]{40}")
        ? AddressCheck.valid(address.toLowerCase(Locale.ROOT))
        : AddressCheck.invalid("not 0x and 40 hex digits");
  }

  /** The "address" of a key: 0x and the hex of its first 20 bytes. */
  @Override
  public String addressOf(byte[] subjectPublicKeyInfo) {
    StringBuilder address = new StringBuilder("0x");
    for (int i = 0; i < 20; i++) {
      address.append(String.format("%02x", subjectPublicKeyInfo[i]));
    }
    return address.toString();
  }

  @Override
  public FeeQuote fees(Network network) {
    if (feeQuote == null) {
      throw new AssertionError("not used");
    }
    return feeQuote;
  }

  @Override
  public ChainTransaction transaction(Network network, TxHash hash) {
    if (down.contains(network.id())) {
      throw new ChainUnavailableException("the " + network.id() + " node did not answer");
    }
    ChainTransaction known = transactions.get(hash);
    return known != null ? known : ChainTransaction.notFound(network, hash);
  }

  @Override
  public TransferEstimate estimateTransfer(Network n, Token t, String f, String to, BigInteger a) {
    if (transferUnits == null) {
      throw new AssertionError("not used");
    }
    if (down.contains(n.id())) {
      throw new ChainUnavailableException("the " + n.id() + " node did not answer");
    }
    if (balances.getOrDefault(balanceKey(n.id(), t.asset().name(), f), BigInteger.ZERO).compareTo(a)
        < 0) {
      throw new TransferWouldFailException("execution reverted: transfer amount exceeds balance");
    }
    BigInteger price =
        unitPrice != null
            ? unitPrice
            : feeQuote instanceof FeeQuote.Eip1559 quote ? quote.maxFeePerGas() : BigInteger.ONE;
    return new TransferEstimate(
        n, t, a, transferUnits, price, transferUnits.multiply(price), "node");
  }

  @Override
  public String recoverMessageSigner(String message, String signature) {
    if (signature == null || !signature.matches("0x[0-9a-f]{40}:[0-9a-f]+")) {
      throw new InvalidRequestException("malformed signature");
    }
    String[] parts = signature.split(":");
    String hash = Integer.toHexString(String.valueOf(message).hashCode());
    // another text recovers an unrelated key, as with a real signature
    return hash.equals(parts[1])
        ? parts[0]
        : "0x" + "f".repeat(32) + String.format("%08x", parts[1].hashCode());
  }

  @Override
  public BigInteger tokenBalance(Network network, Token token, String address) {
    balanceReads++;
    if (down.contains(network.id())) {
      throw new ChainUnavailableException("the " + network.id() + " node did not answer");
    }
    return balances.getOrDefault(
        balanceKey(network.id(), token.asset().name(), address), BigInteger.ZERO);
  }

  /** Native balances come from {@link #balances} under the asset name NATIVE. */
  @Override
  public BigInteger nativeBalance(Network network, String address) {
    balanceReads++;
    if (down.contains(network.id())) {
      throw new ChainUnavailableException("the " + network.id() + " node did not answer");
    }
    return balances.getOrDefault(balanceKey(network.id(), "NATIVE", address), BigInteger.ZERO);
  }

  @Override
  public ComponentHealth health(Network network) {
    return ComponentHealth.up("chain:" + network.id());
  }
}
