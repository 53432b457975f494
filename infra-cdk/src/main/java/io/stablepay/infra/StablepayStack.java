package io.stablepay.infra;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;

/**
 * The platform in one stack: the table, the HTTP API, each API function and the alarms. Each
 * concern is a construct of its own; this class only composes them and exports what `make run`
 * and operators need.
 */
public final class StablepayStack extends Stack {

  /** What differs between deployments. */
  public record Settings(
      String stage,
      String networkProfile,
      Map<String, String> rpcUrls,
      Code blockchainCode,
      Code authCode,
      String mailFrom,
      String adminEmail,
      String lambdaProxyBaseUrl) {

    public Settings {
      rpcUrls = new TreeMap<>(rpcUrls);
    }

    boolean disposable() {
      return stage.equals("dev") || stage.equals("local") || stage.equals("test");
    }

    String proxyUrl(String function) {
      return lambdaProxyBaseUrl == null ? null : lambdaProxyBaseUrl + "/" + function;
    }
  }

  public StablepayStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    DataTable data = new DataTable(this, "Data", settings.disposable());
    HttpApiGateway gateway = new HttpApiGateway(this, "Http", "stablepay-" + settings.stage());
    BlockchainApi blockchain = new BlockchainApi(this, "BlockchainApi", gateway,
        settings.blockchainCode(), settings.networkProfile(), settings.rpcUrls(),
        settings.proxyUrl("blockchain"));
    ServiceKey jwtKey = ServiceKey.jwtSigning(this, settings.disposable());
    ServiceKey apiKeyMac = ServiceKey.apiKeyMac(this, settings.disposable());
    AuthApi auth = new AuthApi(this, "AuthApi", gateway, settings.authCode(), data.table(), jwtKey,
        apiKeyMac, settings.mailFrom(), settings.adminEmail(), settings.networkProfile(),
        settings.proxyUrl("auth"));

    Observability alarms = new Observability(this, "Alarms");
    alarms.watch("Blockchain", blockchain.function().function());
    alarms.watch("Auth", auth.function().function());
    alarms.watch(gateway.api());

    CfnOutput.Builder.create(this, "TableName").value(data.table().getTableName()).build();
    CfnOutput.Builder.create(this, "HttpApiId").value(gateway.api().getApiId()).build();
    CfnOutput.Builder.create(this, "HttpApiUrl").value(gateway.api().getApiEndpoint() + "/").build();
    CfnOutput.Builder.create(this, "BlockchainFunctionName")
        .value(blockchain.function().function().getFunctionName()).build();
    CfnOutput.Builder.create(this, "JwtKeyId").value(jwtKey.key().getKeyId()).build();
    CfnOutput.Builder.create(this, "ApiKeyMacKeyId").value(apiKeyMac.key().getKeyId()).build();
    CfnOutput.Builder.create(this, "MailFrom").value(settings.mailFrom()).build();
    CfnOutput.Builder.create(this, "AdminPasswordSecretArn")
        .value(auth.adminPassword().getSecretArn()).build();

    suppressReviewedFindings(gateway, blockchain, auth, jwtKey, apiKeyMac);
  }

  /** cdk-nag findings that are decisions, each with its reason. */
  private static void suppressReviewedFindings(
      HttpApiGateway gateway, BlockchainApi blockchain, AuthApi auth, ServiceKey... keys) {
    NagSuppressions.addResourceSuppressions(gateway, List.of(
        NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(
            "The blockchain routes are public, read-only chain information (networks, address "
                + "checks, fees). Routes that touch accounts get the JWT authorizer of the "
                + "identity issue.").build(),
        NagPackSuppression.builder().id("AwsSolutions-COG4").reason(
            "Users authenticate with the platform's own KMS-signed JWTs, not Cognito.").build()),
        true);
    for (Construct api : List.<Construct>of(blockchain, auth)) {
      NagSuppressions.addResourceSuppressions(api, List.of(
          NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(
              "Log streams get generated names at runtime and the table's indexes are "
                  + "addressed as index/*; both wildcards stay inside this function's own log "
                  + "group and the platform table.").build(),
          NagPackSuppression.builder().id("AwsSolutions-L1").reason(
              "java21 is the runtime this project targets and tests on (Micronaut 4 and "
                  + "SnapStart); moving to a newer Java runtime is a deliberate upgrade.").build()),
          true);
    }
    NagSuppressions.addResourceSuppressions(auth.adminPassword(), List.of(
        NagPackSuppression.builder().id("AwsSolutions-SMG4").reason(
            "A one-time initial credential: the administrator replaces it with reset-password; "
                + "rotating the secret would not change the account's password.").build()));
    for (ServiceKey key : keys) {
      NagSuppressions.addResourceSuppressions(key, List.of(
          NagPackSuppression.builder().id("AwsSolutions-KMS5").reason(
              "KMS rotates only symmetric encryption keys automatically; these are an ECC "
                  + "signing key (its id is every token's kid: rotation is a new key and a JWKS "
                  + "overlap) and an HMAC key (rotation re-hashes keys on next use).").build()),
          true);
    }
  }
}
