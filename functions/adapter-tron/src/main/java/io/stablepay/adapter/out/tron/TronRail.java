package io.stablepay.adapter.out.tron;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.port.out.ChainRail;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.crypto.SECP256K1;
import org.tron.trident.crypto.tuwenitypes.Bytes32;

/**
 * The Tron rail. Address checks are local; fees and transfer estimates come from
 * {@link TronSettings} until a Tron node is wired in (the withdrawal issue adds trident's gRPC
 * client), and say so in their {@code source}.
 */
@Singleton
final class TronRail implements ChainRail {

  private static final String FROM_CONFIGURATION = "configuration";
  private static final byte[] MESSAGE_PREFIX =
      "\u0019TRON Signed Message:\n".getBytes(StandardCharsets.UTF_8);
  private static final Pattern SIGNATURE_HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{130}");
  private static final BigInteger CURVE_ORDER = SECP256K1.CURVE.getN();

  private final TronSettings settings;
  private final Clock clock;

  TronRail(TronSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.TRON;
  }

  @Override
  public AddressCheck validateAddress(String address) {
    return TronAddresses.check(address);
  }

  @Override
  public String addressOf(byte[] subjectPublicKeyInfo) {
    return TronAddresses.of(subjectPublicKeyInfo);
  }

  @Override
  public FeeQuote.TronResources fees(Network network) {
    return new FeeQuote.TronResources(network.id(), settings.getEnergyPriceSun(),
        settings.getBandwidthPriceSun(), FROM_CONFIGURATION, Instant.now(clock));
  }

  @Override
  public ChainTransaction transaction(Network network, TxHash hash) {
    throw new ChainUnavailableException(
        "transaction lookup on " + network.id() + " needs a Tron node, and none is configured");
  }

  @Override
  public TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount) {
    BigInteger energy = settings.getTransferEnergy();
    BigInteger price = settings.getEnergyPriceSun();
    return new TransferEstimate(
        network, token, amount, energy, price, energy.multiply(price), FROM_CONFIGURATION);
  }

  /**
   * TronWeb's {@code signMessageV2}: keccak256 of 0x19, "TRON Signed Message:\n", the UTF-8 byte
   * length and the message, recovered by trident; never calls a node.
   */
  @Override
  public String recoverMessageSigner(String message, String signature) {
    if (message == null) {
      throw new InvalidRequestException("the signed message is missing");
    }
    SECP256K1.Signature parsed = parseSignature(signature);
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    Keccak.Digest256 keccak = new Keccak.Digest256();
    keccak.update(MESSAGE_PREFIX);
    keccak.update(Integer.toString(text.length).getBytes(StandardCharsets.US_ASCII));
    keccak.update(text);
    Optional<SECP256K1.PublicKey> key;
    try {
      key = SECP256K1.PublicKey.recoverFromSignature(Bytes32.wrap(keccak.digest()), parsed);
    } catch (RuntimeException e) {
      key = Optional.empty();
    }
    return KeyPair.publicKeyToBase58CheckAddress(key.orElseThrow(() ->
        new InvalidRequestException("no public key can be recovered from the signature")));
  }

  @Override
  public BigInteger tokenBalance(Network network, Token token, String address) {
    throw new ChainUnavailableException(
        "token balances on " + network.id() + " need a Tron node, and none is configured");
  }

  @Override
  public BigInteger nativeBalance(Network network, String address) {
    throw new ChainUnavailableException(
        "balances on " + network.id() + " need a Tron node, and none is configured");
  }

  @Override
  public ComponentHealth health(Network network) {
    // nothing remote is used yet: prices come from configuration
    return ComponentHealth.up("chain:" + network.id());
  }

  /**
   * Parses r||s||v hex into trident's form, refusing what no wallet produces: v outside 27/28 (0/1
   * taken as 27/28), r or s outside [1, n) and a high s, so each signature has one form.
   */
  private static SECP256K1.Signature parseSignature(String signature) {
    String hex = signature == null ? "" : signature.trim();
    if (!SIGNATURE_HEX.matcher(hex).matches()) {
      throw new InvalidRequestException(
          "a signature is 65 bytes (r, s, v) of hex, 0x followed by 130 hex digits");
    }
    byte[] bytes = HexFormat.of().parseHex(hex, hex.length() - 130, hex.length());
    int v = bytes[64] & 0xff;
    if (v == 27 || v == 28) {
      v -= 27;
    }
    if (v != 0 && v != 1) {
      throw new InvalidRequestException("the signature's v byte must be 27 or 28 (or 0 or 1)");
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0 || s.signum() == 0) {
      throw new InvalidRequestException("the signature's r or s is out of range");
    }
    if (s.compareTo(SECP256K1.HALF_CURVE_ORDER) > 0) {
      throw new InvalidRequestException(
          "the signature's s is in the upper half of the curve order (not canonical)");
    }
    return SECP256K1.Signature.create(r, s, (byte) v);
  }
}
