package io.stablepay.adapter.out.kms;

import io.stablepay.core.port.out.KeyCustody;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * Wallet keys in KMS: ECC_SECG_P256K1 SIGN_VERIFY keys, tagged with their owner and aliased {@code
 * alias/stablepay/wallet/<owner>}. The private key exists only inside KMS.
 */
@Singleton
final class KmsKeyCustody implements KeyCustody {

  static final String ALIAS_PREFIX = "alias/stablepay/wallet/";

  private final KmsClient kms;

  KmsKeyCustody(KmsClient kms) {
    this.kms = kms;
  }

  @Override
  public CustodyKey createKey(String ownerId) {
    String keyId =
        KmsFailures.passingAsUnavailable(
            "create a key",
            () ->
                kms.createKey(
                        k ->
                            k.keySpec(KeySpec.ECC_SECG_P256_K1)
                                .keyUsage(KeyUsageType.SIGN_VERIFY)
                                .description("StablePay wallet of " + ownerId)
                                .tags(
                                    t -> t.tagKey("stablepay:owner").tagValue(ownerId),
                                    t -> t.tagKey("stablepay:purpose").tagValue("wallet")))
                    .keyMetadata()
                    .keyId());
    try {
      kms.createAlias(a -> a.aliasName(ALIAS_PREFIX + ownerId).targetKeyId(keyId));
    } catch (AlreadyExistsException concurrentFirstWallet) {
      // another request created the owner's key a moment ago; the wallet store keeps only one
      // wallet and the caller retires the key that lost
    }
    return new CustodyKey(keyId, publicKey(keyId));
  }

  @Override
  public byte[] publicKey(String keyId) {
    return kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();
  }

  @Override
  public void retire(String keyId) {
    kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
  }
}
