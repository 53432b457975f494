package io.stablepay.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.constructs.Construct;

/**
 * The KMS key that signs access tokens (ES256 over ECC_NIST_P256). Its key policy lets the account
 * administer the key but not sign with it: only the roles given {@link #allowSigning} can.
 */
public final class JwtSigningKey extends Construct {

  private static final List<String> ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*",
      "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
      "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
      "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

  private final Key key;

  public JwtSigningKey(Construct scope, String id, boolean disposable) {
    super(scope, id);
    key = Key.Builder.create(this, "Key")
        .description("Signs StablePay access tokens (ES256)")
        .keySpec(KeySpec.ECC_NIST_P256)
        .keyUsage(KeyUsage.SIGN_VERIFY)
        .pendingWindow(Duration.days(disposable ? 7 : 30))
        .removalPolicy(disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
        .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
            .sid("AccountAdministersButDoesNotSign")
            .principals(List.of(new AccountRootPrincipal()))
            .actions(ADMIN_ACTIONS)
            .resources(List.of("*"))
            .build())).build())
        .build();
  }

  /** Lets {@code role} sign tokens and read the public key; nobody else may sign. */
  public void allowSigning(IRole role) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid("TokenIssuerSigns")
        .principals(List.of(role))
        .actions(List.of("kms:Sign", "kms:GetPublicKey"))
        .resources(List.of("*"))
        .build());
  }

  public Key key() {
    return key;
  }
}
