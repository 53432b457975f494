package io.stablepay.adapter.out.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.InvalidRequestException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** EIP-191 personal_sign recovery: local only, the rail's node client is never used. */
class EvmMessageSignatureTest {

  /** Multi-byte UTF-8 on purpose: the prefix carries the byte length (37), not the char count. */
  private static final String MESSAGE = "StablePay sign-in: nonce 42 \u2014 caf\u00e9";

  /**
   * A fixed throwaway key, keccak256("stablepay throwaway test key"); the signature below is what
   * web3j's deterministic (RFC 6979) signing gives for it, checked once against ethers' {@code
   * Wallet.signMessage}.
   */
  private static final String FIXED_KEY =
      "0xc9f236cb70b26e40f43e962d57e9ff73ec2ff37191548c538d26d87d77260440";

  private static final String FIXED_SIGNATURE =
      "0x1a1efd1332329c253f1d22a6c19dc64922bba6ed61e984c2"
          + "6c15a8ef9ed660101ad2b641004f49b41158f31463722437dc08304ad560140b1453fb18d9fdd2051c";
  private static final String FIXED_SIGNER = "0x4872B9CCE5876A34419bE738D73f1C961326529a";

  private static final BigInteger N = Sign.CURVE_PARAMS.getN();

  private final EvmRail rail = new EvmRail(new EvmNodes(), Clock.systemUTC());

  private static String sign(String message, ECKeyPair pair) {
    Sign.SignatureData data =
        Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), pair);
    return Numeric.toHexString(data.getR())
        + Numeric.toHexStringNoPrefix(data.getS())
        + Numeric.toHexStringNoPrefix(data.getV());
  }

  private static String withV(String signature, int v) {
    return signature.substring(0, 130) + String.format("%02x", v);
  }

  @Test
  void recoversTheSignerOfAThrowawayKey() throws Exception {
    for (int i = 0; i < 10; i++) {
      ECKeyPair pair = Keys.createEcKeyPair();
      String signer = Keys.toChecksumAddress(Keys.getAddress(pair));

      String recovered = rail.recoverMessageSigner(MESSAGE, sign(MESSAGE, pair));

      assertThat(recovered).isEqualTo(signer);
      assertThat(rail.validateAddress(recovered).normalized()).isEqualTo(recovered);
    }
  }

  @Test
  void recoversTheFixedVector() {
    ECKeyPair fixed = ECKeyPair.create(Numeric.toBigInt(FIXED_KEY));

    assertThat(
            Numeric.toHexString(
                Hash.sha3("stablepay throwaway test key".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(FIXED_KEY);
    assertThat(sign(MESSAGE, fixed)).isEqualTo(FIXED_SIGNATURE);
    assertThat(Keys.toChecksumAddress(Keys.getAddress(fixed))).isEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner(MESSAGE, FIXED_SIGNATURE)).isEqualTo(FIXED_SIGNER);
  }

  @Test
  void acceptsBareHexUpperCaseAndVOfZeroOrOne() throws Exception {
    ECKeyPair pair = Keys.createEcKeyPair();
    String signer = Keys.toChecksumAddress(Keys.getAddress(pair));
    String signature = sign(MESSAGE, pair);
    int v = Integer.parseInt(signature.substring(130), 16);

    assertThat(rail.recoverMessageSigner(MESSAGE, signature.substring(2))).isEqualTo(signer);
    assertThat(rail.recoverMessageSigner(MESSAGE, "0x" + signature.substring(2).toUpperCase()))
        .isEqualTo(signer);
    assertThat(rail.recoverMessageSigner(MESSAGE, " " + withV(signature, v - 27) + "\n"))
        .isEqualTo(signer);
  }

  @Test
  void aSignatureOverAnotherMessageRecoversAnotherAddress() {
    String recovered = rail.recoverMessageSigner(MESSAGE + ".", FIXED_SIGNATURE);

    assertThat(recovered).isNotEqualTo(FIXED_SIGNER);
    assertThat(rail.recoverMessageSigner("", FIXED_SIGNATURE)).isNotEqualTo(FIXED_SIGNER);
  }

  @Test
  void aTamperedSignatureDoesNotRecoverTheSigner() {
    // flipping v picks the other candidate key; changing r or s recovers some unrelated key
    String flippedV =
        withV(FIXED_SIGNATURE, 27 + 28 - Integer.parseInt(FIXED_SIGNATURE.substring(130), 16));
    String changedS = FIXED_SIGNATURE.substring(0, 100) + "00" + FIXED_SIGNATURE.substring(102);

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
    String highS = Numeric.toHexStringNoPrefixZeroPadded(N.subtract(Numeric.toBigInt(s)), 64);
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
    // the malleable twin (r, n - s, other v) of a valid signature: same key, refused (EIP-2)
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
