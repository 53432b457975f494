package io.stablepay.adapter.out.kms;

import io.stablepay.adapter.out.aws.AwsProbe;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.kms.KmsClient;

/** KMS answers for this account and region. */
@Singleton
final class KmsProbe extends AwsProbe {

  private final KmsClient kms;

  KmsProbe(KmsClient kms) {
    super("kms");
    this.kms = kms;
  }

  @Override
  protected String probe() {
    kms.listKeys(r -> r.limit(1));
    return null;
  }
}
