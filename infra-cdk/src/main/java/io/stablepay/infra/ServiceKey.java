package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
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
 * A KMS key the platform uses for one purpose (signing tokens, hashing API keys, sealing merchants'
 * webhook secrets). Its key policy lets the account administer the key but not use it: only the
 * roles given {@link #allow} can. Outside throw-away stages it is retained, since tokens, stored
 * hashes and sealed secrets depend on it.
 */
public final class ServiceKey extends Construct {

  private static final List<String> ADMIN_ACTIONS =
      List.of(
          "kms:Create*",
          "kms:Describe*",
          "kms:Enable*",
          "kms:List*",
          "kms:Put*",
          "kms:Update*",
          "kms:Revoke*",
          "kms:Disable*",
          "kms:Get*",
          "kms:Delete*",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion");

  /**
   * @param description what the key is for, shown in the console
   * @param spec an asymmetric or HMAC key spec, or SYMMETRIC_DEFAULT to encrypt (such a key, and
   *     only such a key, KMS rotates every year)
   * @param usage SIGN_VERIFY or GENERATE_VERIFY_MAC; ENCRYPT_DECRYPT with SYMMETRIC_DEFAULT only
   * @param disposable a throw-away stage: the key is deleted with the stack after 7 days
   */
  public record Props(String description, KeySpec spec, KeyUsage usage, boolean disposable) {

    public Props {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(usage, "usage");
      if ((spec == KeySpec.SYMMETRIC_DEFAULT) != (usage == KeyUsage.ENCRYPT_DECRYPT)) {
        throw new IllegalArgumentException(
            "a ServiceKey encrypts with a SYMMETRIC_DEFAULT key "
                + "only, and signs or MACs with any other: not "
                + spec
                + " for "
                + usage);
      }
    }

    boolean symmetric() {
      return spec == KeySpec.SYMMETRIC_DEFAULT;
    }
  }

  private final Key key;

  public ServiceKey(Construct scope, String id, Props props) {
    super(scope, id);
    Key.Builder builder =
        Key.Builder.create(this, "Key")
            .description(props.description())
            .keySpec(props.spec())
            .keyUsage(props.usage())
            .pendingWindow(Duration.days(props.disposable() ? 7 : 30))
            .removalPolicy(props.disposable() ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
            .policy(administrationOnly());
    if (props.symmetric()) {
      // new key material every year; KMS keeps the old material to decrypt what it sealed
      builder.enableKeyRotation(true);
    }
    key = builder.build();
    if (!props.symmetric()) {
      NagSuppressions.addResourceSuppressions(
          key,
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-KMS5")
                  .reason(
                      "KMS rotates only symmetric encryption keys automatically; this is an "
                          + props.spec()
                          + " key, rotated by replacing it (a JWKS overlap for token "
                          + "signing, re-hashing on next use for API keys).")
                  .build()));
    }
  }

  /**
   * A key policy that lets the account administer the key (and so lets IAM grant its
   * administration, reading the public key included) but not use it: each use is granted on its
   * own, in the key policy or, where this policy delegates it, in IAM.
   */
  static PolicyDocument administrationOnly() {
    return PolicyDocument.Builder.create()
        .statements(
            List.of(
                PolicyStatement.Builder.create()
                    .sid("AccountAdministersButDoesNotUse")
                    .principals(List.of(new AccountRootPrincipal()))
                    .actions(ADMIN_ACTIONS)
                    .resources(List.of("*"))
                    .build()))
        .build();
  }

  /** The signing key of access tokens (ES256). */
  public static ServiceKey jwtSigning(Construct scope, boolean disposable) {
    return new ServiceKey(
        scope,
        "JwtKey",
        new Props(
            "Signs StablePay access tokens (ES256)",
            KeySpec.ECC_NIST_P256,
            KeyUsage.SIGN_VERIFY,
            disposable));
  }

  /** The HMAC key that hashes API-key secrets. */
  public static ServiceKey apiKeyMac(Construct scope, boolean disposable) {
    return new ServiceKey(
        scope,
        "ApiKeyMacKey",
        new Props(
            "Hashes StablePay API-key secrets (HMAC-SHA-256)",
            KeySpec.HMAC_256,
            KeyUsage.GENERATE_VERIFY_MAC,
            disposable));
  }

  /**
   * The symmetric key that seals merchants' webhook signing secrets ({@code Encrypt} with the
   * purpose as encryption context); whoever delivers webhooks will open them.
   */
  public static ServiceKey webhookSecrets(Construct scope, boolean disposable) {
    return new ServiceKey(
        scope,
        "SecretsKey",
        new Props(
            "Seals StablePay merchants' webhook signing secrets",
            KeySpec.SYMMETRIC_DEFAULT,
            KeyUsage.ENCRYPT_DECRYPT,
            disposable));
  }

  /** Lets {@code role} use the key for {@code actions}; nobody else may use it. */
  public void allow(IRole role, String sid, List<String> actions) {
    allow(role, sid, actions, Map.of());
  }

  /**
   * Lets {@code role} use the key for {@code actions} only where {@code conditions} hold (IAM
   * condition operator to condition keys and values, as in a policy document); nobody else may use
   * it.
   */
  public void allow(
      IRole role, String sid, List<String> actions, Map<String, Map<String, String>> conditions) {
    PolicyStatement.Builder statement =
        PolicyStatement.Builder.create()
            .sid(sid)
            .principals(List.of(role))
            .actions(actions)
            .resources(List.of("*"));
    if (!conditions.isEmpty()) {
      statement.conditions(Map.copyOf(conditions));
    }
    key.addToResourcePolicy(statement.build());
  }

  public Key key() {
    return key;
  }
}
