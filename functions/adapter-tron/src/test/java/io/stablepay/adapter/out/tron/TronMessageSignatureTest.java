package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.crypto.SECP256K1;
import org.tron.trident.crypto.tuwenitypes.Bytes32;

/** TronWeb signMessageV2 recovery: local only, no Tron node is involved. */
class TronMessageSignatureTest {

  /** Multi-byte UTF-8 on purpose: the prefix carries the byte length (37), not the char count. */
  private static final String MESSAGE = "StablePay sign-in: nonce 42 \u2014 caf\u00e9";

  /**
   * A fixed throwaway key, keccak256("stablepay throwaway test key"); the signature below is what
   * deterministic (RFC 6979) signing gives for it, checked once against TronWeb's {@code
   * trx.signMessageV2} and {@code verifyMessageV2}.
   */
  private static final String FIXED_KEY =
      "c9f236cb70b26e40f43e962d57e9ff73ec2ff37191548c538d26d87d77260440";

  private static final String FIXED_SIGNATURE =
      "0x0244e9c7f04646618f08cfced0a44298f79d8867be8c29e1"
          + "aa84b5af155e7faa757cad26f7fe149006b873c79b7d85ec0876854f880fdcae3fade3f4a241e1c81c";
  private static final String FIXED_SIGNER = "TGaH6A7VcfYxETAAM2zSTUWan2UuMoyt5s";

  /** The same key and message signed with Ethereum's personal_sign prefix instead. */
  private static final String ETHEREUM_SIGNATURE =
      "0x1a1efd1332329c253f1d22a6c19dc64922bba6ed61e9"
          + "84c26c15a8ef9ed660101ad2b641004f49b41158f31463722437dc08304ad560140b1453fb18d9fdd2051c";

  private static final BigInteger N = SECP256K1.CURVE.getN();

  private final TronRail rail =
      new TronRail(new TronSettings(), new TronNodes(new TronSettings()), Clock.systemUTC());

  /** Signs the way TronWeb's signMessageV2 does: v is 27 or 28. */
  private static String sign(String message, KeyPair pair) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    Keccak.Digest256 keccak = new Keccak.Digest256();
    keccak.update(("\u0019TRON Signed Message:\n" + text.length).getBytes(StandardCharsets.UTF_8));
    keccak.update(text);
    SECP256K1.Signature signature =
        SECP256K1.sign(Bytes32.wrap(keccak.digest()), pair.getRawPair());
    return "0x"
        + String.format(
            "%064x%064x%02x", signature.getR(), signature.getS(), signature.getRecId() + 27);
  }

  private static String withV(String signature, int v) {
    return signature.substring(0, 130) + String.format("%02x", v);
  }

  @Test
  void recoversTheSignerOfAThrowawayKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
    generator.initialize(new ECGenParameterSpec("secp256k1"));
    for (int i = 0; i < 10; i++) {
      java.security.KeyPair jca = generator.generateKeyPair();
      String expected = TronAddresses.of(((ECPublicKey) jca.getPublic()).getEncoded());
      KeyPair pair = new KeyPair(String.format("%064x", ((ECPrivateKey) jca.getPrivate()).getS()));

      String recovered = rail.recoverMessageSigner(MESSAGE, sign(MESSAGE, pair));

      assertThat(recovered).isEqualTo(expected).isEqualTo(pair.toBase58CheckAddress());
      assertThat(rail.validateAddress(recovered).normalized()).isEqualTo(recovered);
    }
  }

  @Test
  void recoversTheFixedVector() {
    KeyPair fixed = new KeyPair(FIXED_KEY);
    Keccak.Digest256 keccak = new Keccak.Digest256();

    assertThat(
            HexFormat.of()
                .formatHex(
                    keccak.digest("stablepay throwaway test key".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(FIXED_KEY);
    assertThat(sign(MESSAGE, fixed)).isEqualTo(FIXED_SIGNATURE);
    assertThat(fixed.toBase58CheckAddress()).isEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner(MESSAGE, FIXED_SIGNATURE)).isEqualTo(FIXED_SIGNER);
  }

  @Test
  void acceptsBareHexUpperCaseAndVOfZeroOrOne() {
    int v = Integer.parseInt(FIXED_SIGNATURE.substring(130), 16);

    assertThat(rail.recoverMessageSigner(MESSAGE, FIXED_SIGNATURE.substring(2)))
        .isEqualTo(FIXED_SIGNER);
    assertThat(
            rail.recoverMessageSigner(MESSAGE, "0X" + FIXED_SIGNATURE.substring(2).toUpperCase()))
        .isEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner(MESSAGE, " " + withV(FIXED_SIGNATURE, v - 27) + "\n"))
        .isEqualTo(FIXED_SIGNER);
  }

  @Test
  void aSignatureOverAnotherMessageRecoversAnotherAddress() {
    assertThat(rail.recoverMessageSigner(MESSAGE + ".", FIXED_SIGNATURE))
        .isNotEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner("", FIXED_SIGNATURE)).isNotEqualTo(FIXED_SIGNER);
  }

  @Test
  void anEthereumPersonalSignatureIsNotATronOne() {
    String recovered = rail.recoverMessageSigner(MESSAGE, ETHEREUM_SIGNATURE);

    assertThat(recovered).isNotEqualTo(FIXED_SIGNER);
    assertThat(TronAddresses.check(recovered).valid()).isTrue();
  }

  @Test
  void aTamperedSignatureDoesNotRecoverTheSigner() {
    // flipping v picks the other candidate key; changing s recovers some unrelated key
    String flippedV =
        withV(FIXED_SIGNATURE, 27 + 28 - Integer.parseInt(FIXED_SIGNATURE.substring(130), 16));
    String changedS = FIXED_SIGNATURE.substring(0, 100) + "00" + FIXED_SIGNATURE.substring(102);

    assertThat(changedS).isNotEqualTo(FIXED_SIGNATURE);
    assertThat(rail.recoverMessageSigner(MESSAGE, flippedV)).isNotEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner(MESSAGE, changedS)).isNotEqualTo(FIXED_SIGNER);
  }

  static Stream<String> malformedSignatures() {
    String bare = FIXED_SIGNATURE.substring(2);
    return Stream.of(
        "0x",
        "0x1234",
        FIXED_SIGNATURE.substring(0, 130), // 64 bytes: v missing
        FIXED_SIGNATURE + "00", // 66 bytes
        FIXED_SIGNATURE.substring(0, 131), // an odd number of digits
        "0x" + "zz" + bare.substring(2), // right length, not hex
        "0x0x" + bare.substring(2),
        "0x" + bare.substring(0, 64) + " " + bare.substring(65),
        "not a signature at all");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @MethodSource("malformedSignatures")
  void malformedSignaturesAreInvalidRequests(String signature) {
    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, signature))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("65 bytes");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 26, 29, 35, 37, 255})
  void aVOutsideTheRangeIsAnInvalidRequest(int v) {
    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, withV(FIXED_SIGNATURE, v)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("v byte");
  }

  @Test
  void outOfRangeOrNonCanonicalValuesAreInvalidRequests() {
    String r = FIXED_SIGNATURE.substring(2, 66);
    String s = FIXED_SIGNATURE.substring(66, 130);
    String v = FIXED_SIGNATURE.substring(130);
    String zero = "00".repeat(32);
    String highS = String.format("%064x", N.subtract(new BigInteger(s, 16)));
    String flippedV = v.equals("1b") ? "1c" : "1b";

    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, "0x" + zero + s + v))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, "0x" + r + zero + v))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, "0x" + "ff".repeat(32) + s + v))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("out of range");
    // the malleable twin (r, n - s, other v) of a valid signature: same key, refused
    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, "0x" + r + highS + flippedV))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("upper half");
  }

  @Test
  void aSignatureNoKeyCanBeRecoveredFromIsAnInvalidRequest() {
    // x = 5 is not on secp256k1 (5^3 + 7 is not a square mod p): there is no point R to recover
    String noPoint = "0x" + "00".repeat(31) + "05" + FIXED_SIGNATURE.substring(66);

    assertThatThrownBy(() -> rail.recoverMessageSigner(MESSAGE, noPoint))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("recovered");
  }

  @Test
  void aMissingMessageIsAnInvalidRequest() {
    assertThatThrownBy(() -> rail.recoverMessageSigner(null, FIXED_SIGNATURE))
        .isInstanceOf(InvalidRequestException.class);
  }
}
