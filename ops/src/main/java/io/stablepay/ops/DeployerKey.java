package io.stablepay.ops;

import java.util.Arrays;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * A stage's contract deployer: an ECC_SECG_P256K1 SIGN_VERIFY key in KMS under {@code
 * alias/stablepay/<stage>/deployer}, tagged {@code stablepay:purpose=deployer}. Its private half
 * never leaves KMS; the EVM address is derived from the public key KMS returns.
 *
 * @param keyId the KMS key id the alias points at
 * @param address the key's EVM address, EIP-55
 */
record DeployerKey(String keyId, String address) {

  static String alias(String stage) {
    return "alias/stablepay/" + stage + "/deployer";
  }

  /** The stage's deployer key, created (with its alias) when the alias does not exist yet. */
  static DeployerKey findOrCreate(KmsClient kms, String stage) {
    String alias = alias(stage);
    String keyId;
    try {
      keyId = kms.describeKey(r -> r.keyId(alias)).keyMetadata().keyId();
    } catch (NotFoundException absent) {
      keyId =
          kms.createKey(
                  k ->
                      k.keySpec(KeySpec.ECC_SECG_P256_K1)
                          .keyUsage(KeyUsageType.SIGN_VERIFY)
                          .description("StablePay contract deployer of stage " + stage)
                          .tags(
                              t -> t.tagKey("stablepay:purpose").tagValue("deployer"),
                              t -> t.tagKey("stablepay:stage").tagValue(stage)))
              .keyMetadata()
              .keyId();
      String created = keyId;
      kms.createAlias(a -> a.aliasName(alias).targetKeyId(created));
    }
    String id = keyId;
    byte[] spki = kms.getPublicKey(r -> r.keyId(id)).publicKey().asByteArray();
    return new DeployerKey(keyId, address(spki));
  }

  /** The EVM address of a DER SubjectPublicKeyInfo, as KMS {@code GetPublicKey} returns it. */
  static String address(byte[] subjectPublicKeyInfo) {
    byte[] point =
        SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getOctets();
    if (point.length != 65 || point[0] != 0x04) {
      throw new IllegalStateException("not an uncompressed secp256k1 public key");
    }
    byte[] address = Keys.getAddress(Arrays.copyOfRange(point, 1, 65));
    return Keys.toChecksumAddress(Numeric.toHexString(address));
  }
}
