package io.stablepay.adapter.out.kms;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.port.out.KeyCustody.CustodyKey;
import io.stablepay.devstack.MiniStackServer;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Wallet keys in the emulator's KMS: a real secp256k1 key whose signatures recover to its address.
 */
class KmsKeyCustodyIT {

  private static MiniStackServer emulator;
  private static KmsClient kms;
  private static KmsKeyCustody custody;

  @BeforeAll
  static void start() {
    emulator = MiniStackServer.start(0);
    kms =
        KmsClient.builder()
            .endpointOverride(URI.create(emulator.endpoint()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
    custody = new KmsKeyCustody(kms);
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
  }

  @Test
  void aSignatureByTheKmsKeyRecoversToTheAddressOfItsPublicKey() {
    CustodyKey key = custody.createKey("user-1");
    byte[] point = SubjectPublicKeyInfo.getInstance(key.publicKey()).getPublicKeyData().getOctets();
    BigInteger publicKey = new BigInteger(1, Arrays.copyOfRange(point, 1, 65));
    String address = Keys.getAddress(publicKey);
    byte[] digest = Hash.sha3("pay 12.50 USDT".getBytes(StandardCharsets.UTF_8));

    byte[] der =
        kms.sign(
                s ->
                    s.keyId(key.keyId())
                        .message(SdkBytes.fromByteArray(digest))
                        .messageType(MessageType.DIGEST)
                        .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256))
            .signature()
            .asByteArray();
    ASN1Sequence sequence = ASN1Sequence.getInstance(der);
    ECDSASignature signature =
        new ECDSASignature(
                ((ASN1Integer) sequence.getObjectAt(0)).getValue(),
                ((ASN1Integer) sequence.getObjectAt(1)).getValue())
            .toCanonicalised();

    boolean recovered = false;
    for (int recId = 0; recId < 2; recId++) {
      BigInteger candidate = Sign.recoverFromSignature(recId, signature, digest);
      recovered |= publicKey.equals(candidate);
    }
    assertThat(recovered).as("a KMS signature recovers to " + address).isTrue();
    assertThat(kms.getPublicKey(r -> r.keyId(KmsKeyCustody.ALIAS_PREFIX + "user-1")).keyId())
        .endsWith(key.keyId());
    assertThat(kms.listResourceTags(r -> r.keyId(key.keyId())).tags())
        .anySatisfy(tag -> assertThat(tag.tagValue()).isEqualTo("user-1"));
  }

  @Test
  void aRetiredKeyIsPendingDeletion() {
    CustodyKey key = custody.createKey("user-2");

    custody.retire(key.keyId());

    assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
        .isEqualTo(KeyState.PENDING_DELETION);
  }
}
