package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Objects;
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
 * Outside throw-away stages it is retained, since tokens and stored hashes depend on it.
 */
public final class ServiceKey extends Construct {

  private static final List<String> ADMIN_ACTIONS = List.of("kms:Create*", "kms:Describe*",
      "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
      "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
      "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion");

  /**
   * @param description what the key is for, shown in the console
   * @param spec an asymmetric or HMAC key spec (symmetric encryption keys are not this class)
   * @param usage SIGN_VERIFY or GENERATE_VERIFY_MAC
   * @param disposable a throw-away stage: the key is deleted with the stack after 7 days
   */
  public record Props(String description, KeySpec spec, KeyUsage usage, boolean disposable) {

    public Props {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(usage, "usage");
      if (spec == KeySpec.SYMMETRIC_DEFAULT) {
        throw new IllegalArgumentException("a ServiceKey signs or MACs; use kms.Key to encrypt");
      }
    }
  }

  private final Key key;

  public ServiceKey(Construct scope, String id, Props props) {
    super(scope, id);
    key = Key.Builder.create(this, "Key")
        .description(props.description())
        .keySpec(props.spec())
        .keyUsage(props.usage())
        .pendingWindow(Duration.days(props.disposable() ? 7 : 30))
        .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
        .policy(administrationOnly())
        .build();
    NagSuppressions.addResourceSuppressions(key, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-KMS5")
        .reason("KMS rotates only symmetric encryption keys automatically; this is an "
            + props.spec() + " key, rotated by replacing it (a JWKS overlap for token signing, "
            + "re-hashing on next use for API keys).")
        .build()));
  }

  /**
   * A key policy that lets the account administer the key (and so lets IAM grant its
   * administration, reading the public key included) but not use it: each use is granted on its
   * own, in the key policy or, where this policy delegates it, in IAM.
   */
  static PolicyDocument administrationOnly() {
    return PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
        .sid("AccountAdministersButDoesNotUse")
        .principals(List.of(new AccountRootPrincipal()))
        .actions(ADMIN_ACTIONS)
        .resources(List.of("*"))
        .build())).build();
  }

  /** The signing key of access tokens (ES256). */
  public static ServiceKey jwtSigning(Construct scope, boolean disposable) {
    return new ServiceKey(scope, "JwtKey", new Props("Signs StablePay access tokens (ES256)",
        KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, disposable));
  }

  /** The HMAC key that hashes API-key secrets. */
  public static ServiceKey apiKeyMac(Construct scope, boolean disposable) {
    return new ServiceKey(scope, "ApiKeyMacKey", new Props(
        "Hashes StablePay API-key secrets (HMAC-SHA-256)", KeySpec.HMAC_256,
        KeyUsage.GENERATE_VERIFY_MAC, disposable));
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
