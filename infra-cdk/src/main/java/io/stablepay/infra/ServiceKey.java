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
 * A KMS key the platform uses for one purpose (signing tokens, hashing API keys). Its key policy
 * lets the account administer the key but not use it: only the roles given {@link #allow} can.
 */
public final class ServiceKey extends Construct {

  private static final List<String> ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*",
      "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
      "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
      "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

  private final Key key;

  public ServiceKey(Construct scope, String id, String description, KeySpec spec,
      KeyUsage usage, boolean disposable) {
    super(scope, id);
    key = Key.Builder.create(this, "Key")
        .description(description)
        .keySpec(spec)
        .keyUsage(usage)
        .pendingWindow(Duration.days(disposable ? 7 : 30))
        .removalPolicy(disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
        .policy(PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
            .sid("AccountAdministersButDoesNotUse")
            .principals(List.of(new AccountRootPrincipal()))
            .actions(ADMIN_ACTIONS)
            .resources(List.of("*"))
            .build())).build())
        .build();
  }

  /** The signing key of access tokens (ES256). */
  public static ServiceKey jwtSigning(Construct scope, boolean disposable) {
    return new ServiceKey(scope, "JwtKey", "Signs StablePay access tokens (ES256)",
        KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, disposable);
  }

  /** The HMAC key that hashes API-key secrets. */
  public static ServiceKey apiKeyMac(Construct scope, boolean disposable) {
    return new ServiceKey(scope, "ApiKeyMacKey", "Hashes StablePay API-key secrets (HMAC-SHA-256)",
        KeySpec.HMAC_256, KeyUsage.GENERATE_VERIFY_MAC, disposable);
  }

  /** Lets {@code role} use the key for {@code actions}; nobody else may use it. */
  public void allow(IRole role, String sid, List<String> actions) {
    key.addToResourcePolicy(PolicyStatement.Builder.create()
        .sid(sid)
        .principals(List.of(role))
        .actions(actions)
        .resources(List.of("*"))
        .build());
  }

  public Key key() {
    return key;
  }
}
