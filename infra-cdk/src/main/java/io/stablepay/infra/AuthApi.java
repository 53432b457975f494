package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.stablepay.schema.DynamoDbSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * The auth API (accounts, tokens, API keys, administration): its function and routes, the first
 * administrator's generated password, and the mail sender identity. Its role is the only one that
 * may sign tokens with the JWT key and hash API keys with the MAC key, and it reads and writes the
 * table.
 */
public final class AuthApi extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/auth/register",
          "POST /api/auth/login",
          "POST /api/auth/refresh",
          "POST /api/auth/logout",
          "POST /api/auth/forgot-password",
          "POST /api/auth/reset-password",
          "POST /api/auth/unlock",
          "GET /api/auth/unlock",
          "GET /api/auth/me",
          "POST /api/auth/api-keys",
          "GET /api/auth/api-keys",
          "DELETE /api/auth/api-keys/{id}",
          "GET /.well-known/jwks.json",
          // administration shares the auth function (and its table access) until it has its own
          "GET /api/admin/users",
          "POST /api/admin/users/{id}/deactivate",
          "POST /api/admin/users/{id}/activate");

  /**
   * @param gateway the HTTP API the routes go on
   * @param jars each function module's shaded jar
   * @param table the platform table
   * @param jwtKey signs access tokens
   * @param apiKeyMac hashes API-key secrets
   * @param mailFrom the sender of account mail (SES sends only from a verified identity)
   * @param adminEmail the first administrator's account, created by the function at start-up
   * @param networkProfile which network registry the function loads
   * @param lambdaProxyBaseUrl local only: where the emulator forwards invocations, else null
   * @param environment settings every function gets on top of its own (see {@link WalletApi.Props})
   */
  public record Props(
      HttpApiGateway gateway,
      FunctionJars jars,
      ITable table,
      ServiceKey jwtKey,
      ServiceKey apiKeyMac,
      String mailFrom,
      String adminEmail,
      String networkProfile,
      String lambdaProxyBaseUrl,
      SortedMap<String, String> environment) {

    public Props {
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(jars, "jars");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(jwtKey, "jwtKey");
      Objects.requireNonNull(apiKeyMac, "apiKeyMac");
      Objects.requireNonNull(mailFrom, "mailFrom");
      Objects.requireNonNull(adminEmail, "adminEmail");
      Objects.requireNonNull(networkProfile, "networkProfile");
      environment = new TreeMap<>(environment);
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private HttpApiGateway gateway;
      private FunctionJars jars;
      private ITable table;
      private ServiceKey jwtKey;
      private ServiceKey apiKeyMac;
      private String mailFrom;
      private String adminEmail;
      private String networkProfile = "mainnet";
      private String lambdaProxyBaseUrl;
      private final SortedMap<String, String> environment = new TreeMap<>();

      public Builder gateway(HttpApiGateway gateway) {
        this.gateway = gateway;
        return this;
      }

      public Builder jars(FunctionJars jars) {
        this.jars = jars;
        return this;
      }

      public Builder table(ITable table) {
        this.table = table;
        return this;
      }

      public Builder keys(ServiceKey jwtKey, ServiceKey apiKeyMac) {
        this.jwtKey = jwtKey;
        this.apiKeyMac = apiKeyMac;
        return this;
      }

      public Builder mailFrom(String mailFrom) {
        this.mailFrom = mailFrom;
        return this;
      }

      public Builder adminEmail(String adminEmail) {
        this.adminEmail = adminEmail;
        return this;
      }

      public Builder networkProfile(String networkProfile) {
        this.networkProfile = networkProfile;
        return this;
      }

      public Builder lambdaProxyBaseUrl(String url) {
        this.lambdaProxyBaseUrl = url;
        return this;
      }

      public Builder environment(Map<String, String> variables) {
        this.environment.putAll(variables);
        return this;
      }

      public Props build() {
        return new Props(
            gateway,
            jars,
            table,
            jwtKey,
            apiKeyMac,
            mailFrom,
            adminEmail,
            networkProfile,
            lambdaProxyBaseUrl,
            environment);
      }
    }
  }

  private final ApiFunction function;
  private final Secret adminPassword;
  private final EmailIdentity mailSender;

  public AuthApi(Construct scope, String id, Props props) {
    super(scope, id);
    // the first administrator's password: generated here, read once by the function at start-up
    adminPassword =
        Secret.Builder.create(this, "AdminPassword")
            .description(
                "Initial password of the first StablePay administrator ("
                    + props.adminEmail()
                    + ")")
            .generateSecretString(
                SecretStringGenerator.builder().passwordLength(32).excludePunctuation(true).build())
            .build();
    mailSender =
        EmailIdentity.Builder.create(this, "MailSender")
            .identity(Identity.email(props.mailFrom()))
            .build();
    function =
        new ApiFunction(
            this,
            "Auth",
            ApiFunction.Props.builder()
                .handler(Handler.AUTH_API)
                .jars(props.jars())
                // the base of mailed links (unlock): the API's own address, never a request's Host;
                // a
                // stage's functionEnvironment may name a custom domain instead
                .environment("STABLEPAY_PUBLIC_API_URL", props.gateway().api().getApiEndpoint())
                .environment(props.environment())
                .environment(DynamoDbSchema.TABLE_ENV, props.table().getTableName())
                .environment("STABLEPAY_JWT_KEY_ID", props.jwtKey().key().getKeyId())
                .environment("STABLEPAY_API_KEY_MAC_KEY_ID", props.apiKeyMac().key().getKeyId())
                .environment("STABLEPAY_NETWORK_PROFILE", props.networkProfile())
                .environment("STABLEPAY_MAIL_FROM", props.mailFrom())
                .environment("STABLEPAY_ADMIN_EMAIL", props.adminEmail())
                .environment("STABLEPAY_ADMIN_PASSWORD_SECRET", adminPassword.getSecretArn())
                .lambdaProxyBaseUrl(props.lambdaProxyBaseUrl())
                .build());
    props.table().grantReadWriteData(function.role());
    props
        .jwtKey()
        .allow(function.role(), "TokenIssuerSigns", List.of("kms:Sign", "kms:GetPublicKey"));
    props
        .apiKeyMac()
        .allow(function.role(), "ApiKeysAreHashed", List.of("kms:GenerateMac", "kms:VerifyMac"));
    mailSender.grantSendEmail(function.role());
    adminPassword.grantRead(function.role());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("AuthIntegration", function.live());
    List<HttpRoute> routes = props.gateway().routes(integration, ROUTES.toArray(String[]::new));
    suppressReviewedFindings(routes);
  }

  /** cdk-nag findings on this API that are decisions, each with its reason. */
  private void suppressReviewedFindings(List<HttpRoute> routes) {
    NagSuppressions.addResourceSuppressions(
        routes,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason(
                    "Sign-up, login, refresh, password reset, unlock and the JWKS are public by nature; the "
                        + "other routes take a Caller, which the function binds only from a valid "
                        + "KMS-signed bearer token or API key (401/403 otherwise).")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-COG4")
                .reason(
                    "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                        + "not a Cognito user pool.")
                .build()),
        true);
    NagSuppressions.addResourceSuppressions(
        function.role(), List.of(DataTable.indexWildcardSuppression()), true);
    NagSuppressions.addResourceSuppressions(
        adminPassword,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(
                    "A one-time initial credential: the administrator replaces it with reset-password; "
                        + "rotating the secret would not change the account's password.")
                .build()));
  }

  public ApiFunction function() {
    return function;
  }

  public Secret adminPassword() {
    return adminPassword;
  }

  /** The verified sender of account mail: whoever else mails users sends as it. */
  public EmailIdentity mailSender() {
    return mailSender;
  }
}
