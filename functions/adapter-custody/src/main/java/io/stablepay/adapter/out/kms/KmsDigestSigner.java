package io.stablepay.adapter.out.kms;

import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.port.out.DigestSigner;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Signs with a KMS ECC_SECG_P256K1 key: {@code Sign} with ECDSA_SHA_256 and MessageType DIGEST, so
 * KMS signs the 32 bytes as given (web3j's bundled KMS signer sends it raw data instead, and KMS
 * hashes it once more with SHA-256: the resulting transaction has the wrong sender). The public key
 * each recovery is checked against is read once per key ({@code GetPublicKey}) and kept. Throttling
 * or an unreachable KMS (after the SDK's retries) is a {@link
 * io.stablepay.core.domain.CustodyUnavailableException}.
 *
 * <p>Public for the ops command that deploys the contracts with a deployer key held in KMS.
 */
@Singleton
public final class KmsDigestSigner implements DigestSigner {

  private final KmsClient kms;
  private final Map<String, BigInteger> publicPoints = new ConcurrentHashMap<>();

  public KmsDigestSigner(KmsClient kms) {
    this.kms = kms;
  }

  @Override
  public Secp256k1Signature sign(String keyId, byte[] digest) {
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("a digest to sign is exactly 32 bytes");
    }
    byte[] der =
        KmsFailures.passingAsUnavailable(
            "sign",
            () ->
                kms.sign(
                        request ->
                            request
                                .keyId(keyId)
                                .message(SdkBytes.fromByteArray(digest))
                                .messageType(MessageType.DIGEST)
                                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
                    .signature()
                    .asByteArray());
    return Secp256k1Signatures.fromDer(
        der, digest, KmsFailures.passingAsUnavailable("sign", () -> publicPoint(keyId)));
  }

  private BigInteger publicPoint(String keyId) {
    return publicPoints.computeIfAbsent(
        keyId,
        id ->
            Secp256k1Signatures.point(
                kms.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray()));
  }
}
