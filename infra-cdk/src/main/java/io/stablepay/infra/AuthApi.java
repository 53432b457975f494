package io.stablepay.infra;

import io.stablepay.schema.DynamoDbSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.constructs.Construct;

/**
 * The auth API: its function, its routes, read/write on the table, and the right to sign tokens
 * with the JWT key and hash API keys with the MAC key (the only role that has either).
 */
public final class AuthApi extends Construct {

  private final ApiFunction function;
  private final Secret adminPassword;

  public AuthApi(Construct scope, String id, HttpApiGateway gateway, Code code, ITable table,
      ServiceKey jwtKey, ServiceKey apiKeyMac, String mailFrom, String adminEmail,
      String networkProfile, String lambdaProxyUrl) {
    super(scope, id);
    // the first administrator's password: generated here, read once by the function at start-up
    adminPassword = Secret.Builder.create(this, "AdminPassword")
        .description("Initial password of the first StablePay administrator (" + adminEmail + ")")
        .generateSecretString(SecretStringGenerator.builder()
            .passwordLength(32).excludePunctuation(true).build())
        .build();
    // the sender of password-reset mail; SES sends only from a verified identity
    EmailIdentity sender = EmailIdentity.Builder.create(this, "MailSender")
        .identity(Identity.email(mailFrom)).build();
    Map<String, String> env = new TreeMap<>();
    env.put(DynamoDbSchema.TABLE_ENV, table.getTableName());
    env.put("STABLEPAY_JWT_KEY_ID", jwtKey.key().getKeyId());
    env.put("STABLEPAY_API_KEY_MAC_KEY_ID", apiKeyMac.key().getKeyId());
    env.put("STABLEPAY_NETWORK_PROFILE", networkProfile);
    env.put("STABLEPAY_MAIL_FROM", mailFrom);
    env.put("STABLEPAY_ADMIN_EMAIL", adminEmail);
    env.put("STABLEPAY_ADMIN_PASSWORD_SECRET", adminPassword.getSecretArn());
    function = new ApiFunction(this, "Auth", code, env, lambdaProxyUrl);
    table.grantReadWriteData(function.role());
    jwtKey.allow(function.role(), "TokenIssuerSigns", List.of("kms:Sign", "kms:GetPublicKey"));
    apiKeyMac.allow(function.role(), "ApiKeysAreHashed",
        List.of("kms:GenerateMac", "kms:VerifyMac"));
    sender.grantSendEmail(function.role());
    adminPassword.grantRead(function.role());

    HttpLambdaIntegration integration = new HttpLambdaIntegration("AuthIntegration", function.live());
    gateway.route(HttpMethod.POST, "/api/auth/register", integration);
    gateway.route(HttpMethod.POST, "/api/auth/login", integration);
    gateway.route(HttpMethod.POST, "/api/auth/refresh", integration);
    gateway.route(HttpMethod.POST, "/api/auth/logout", integration);
    gateway.route(HttpMethod.POST, "/api/auth/forgot-password", integration);
    gateway.route(HttpMethod.POST, "/api/auth/reset-password", integration);
    gateway.route(HttpMethod.GET, "/api/auth/me", integration);
    gateway.route(HttpMethod.POST, "/api/auth/api-keys", integration);
    gateway.route(HttpMethod.GET, "/api/auth/api-keys", integration);
    gateway.route(HttpMethod.DELETE, "/api/auth/api-keys/{id}", integration);
    gateway.route(HttpMethod.GET, "/.well-known/jwks.json", integration);
    // administration shares the auth function (and its table access) until it has its own
    gateway.route(HttpMethod.GET, "/api/admin/users", integration);
    gateway.route(HttpMethod.POST, "/api/admin/users/{id}/deactivate", integration);
    gateway.route(HttpMethod.POST, "/api/admin/users/{id}/activate", integration);
  }

  public ApiFunction function() {
    return function;
  }

  public Secret adminPassword() {
    return adminPassword;
  }
}
