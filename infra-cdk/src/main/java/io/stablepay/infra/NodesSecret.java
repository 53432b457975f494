package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The stage's node endpoints, {@code stablepay/<stage>/nodes}: per network the node URLs (which
 * carry the providers' API keys) and a provider key, as {@code
 * {"ETHEREUM":{"urls":["https://..","https://.."]},"TRON":{"urls":["grpc://.."],"apiKey":".."}}}.
 * The stack creates it holding {@code {}}; the operator puts the real value, and functions read it
 * when they first call a node and again every few minutes, so a new value needs no redeploy.
 * Functions get only its ARN ({@link #ENV}).
 */
public final class NodesSecret extends Construct {

  /** The variable that tells a function where the secret is. */
  public static final String ENV = "STABLEPAY_NODES_SECRET_ARN";

  private final Secret secret;

  public NodesSecret(Construct scope, String id, String stage, boolean disposable) {
    super(scope, id);
    secret =
        Secret.Builder.create(this, "Secret")
            .secretName(name(stage))
            .description(
                "Node endpoints per network: {\"ETHEREUM\":{\"urls\":[\"https://...\"]},"
                    + "\"TRON\":{\"urls\":[\"grpc://...\"],\"apiKey\":\"...\"}}. "
                    + "Put a new value to rotate; functions pick it up within minutes.")
            .secretStringValue(SecretValue.unsafePlainText("{}"))
            .removalPolicy(disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN)
            .build();
    NagSuppressions.addResourceSuppressions(
        secret,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(
                    "The operator rotates node URLs by putting a new value (the providers issue "
                        + "the keys); no Lambda rotation applies.")
                .build()));
  }

  /** The secret's name for {@code stage}. */
  public static String name(String stage) {
    return "stablepay/" + stage + "/nodes";
  }

  public ISecret secret() {
    return secret;
  }

  void grantRead(IGrantable grantee) {
    secret.grantRead(grantee);
  }
}
