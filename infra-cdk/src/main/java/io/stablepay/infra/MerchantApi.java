package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * Merchants and their payment requests as a function of its own ({@link Handler#MERCHANT_API}):
 * registering a merchant (and its settings and dashboard), creating, listing, cancelling and paying
 * payment requests, listing, reading and redelivering the merchant's webhook deliveries, and the
 * chain-event push ({@code POST /api/payments/webhook}). Refunds are the signer's ({@link
 * WithdrawalSigner}): an on-chain refund is a withdrawal signed with the treasury key. It runs with
 * the wallet function's settings ({@link WalletApi#settings}) plus the id of the secrets key and
 * the ARN of the chain-event secret, and shares nothing else with it.
 *
 * <p>A function and role of its own, because merchants need two key uses no other function from the
 * wallet jar has, and the wallet function (which creates keys) should not get them: issuing a
 * merchant's API key (an HMAC of the secret: {@code GenerateMac} with the API-key MAC key, as the
 * auth function does) and sealing its webhook signing secret, at registration and on each rotation
 * ({@code Encrypt} with the secrets key, and only with the encryption context {@code
 * stablepay:purpose=webhook-signing-secret}). Only the webhook dispatcher ({@link WebhookDelivery})
 * may decrypt with that key. Like the wallet function, the role reads and writes the table, reads
 * the token key's public key and verifies API keys; it cannot sign with any key, nor create, tag or
 * delete one. Paying from a balance is a ledger transfer in the table, so it needs no key either.
 *
 * <p>The chain-event push carries no bearer token: a node provider posts the hashes of transactions
 * it saw, signed with a shared HMAC secret (Standard Webhooks headers {@code webhook-id}, {@code
 * webhook-timestamp}, {@code webhook-signature}), and the function re-reads each transaction from
 * the platform's own node, so a push only says where to look. The secret is generated here, 48
 * letters and digits (valid base64 of 36 bytes), and the role may read it (and no other secret); it
 * is handed to the provider by hand, which is why it does not rotate automatically.
 */
public final class MerchantApi extends Construct {

  /** The routes this API serves, as API Gateway route keys (refunds: the signer's). */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/merchant/register",
          "POST /api/merchant/settings",
          "GET /api/merchant/dashboard",
          "POST /api/payments/request",
          "GET /api/payments/requests",
          "GET /api/payments/{id}",
          "POST /api/payments/{id}/cancel",
          "POST /api/payments/{id}/pay",
          // a node provider's chain events, authenticated by the function with the shared HMAC
          "POST /api/payments/webhook",
          "GET /api/merchant/transactions",
          "GET /api/merchant/analytics",
          // the merchant's webhook deliveries (WebhookDelivery makes them): list, read, resend
          "GET /api/merchant/webhooks/deliveries",
          "GET /api/merchant/webhooks/deliveries/{id}",
          "POST /api/merchant/webhooks/deliveries/{id}/redeliver");

  /** Where the function finds the secrets key (the application's stablepay.secrets.key-id). */
  static final String SECRETS_KEY_ENV = "STABLEPAY_SECRETS_KEY_ID";

  /** The encryption context key, and its one value, of every Encrypt this role may make. */
  static final String PURPOSE_CONTEXT = "kms:EncryptionContext:stablepay:purpose";

  static final String WEBHOOK_SECRET_PURPOSE = "webhook-signing-secret";

  /**
   * Where the function finds the ARN of the chain-event HMAC secret (the application's
   * stablepay.chain-events.secret-id).
   */
  static final String CHAIN_EVENTS_SECRET_ENV = "STABLEPAY_CHAIN_EVENTS_SECRET_ID";

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): the merchant function runs the same jar with the same
   *     settings
   * @param secretsKey the symmetric key that seals webhook signing secrets ({@link
   *     ServiceKey#webhookSecrets})
   */
  public record Props(WalletApi.Props wallet, ServiceKey secretsKey) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(secretsKey, "secretsKey");
    }
  }

  private final ApiFunction function;
  private final Secret chainEventsSecret;

  public MerchantApi(Construct scope, String id, Props props) {
    super(scope, id);
    // letters and digits only, so the 48 characters are valid base64 (36 bytes of key)
    chainEventsSecret =
        Secret.Builder.create(this, "ChainEventsSecret")
            .description(
                "Shared HMAC secret for chain-event pushes (POST /api/payments/webhook): "
                    + "give it to the node provider. To rotate, put the new and the old value "
                    + "separated by a space; both verify.")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(48)
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .build())
            .build();
    function =
        new ApiFunction(
            this,
            "Merchant",
            WalletApi.settings(props.wallet(), Handler.MERCHANT_API)
                .environment(SECRETS_KEY_ENV, props.secretsKey().key().getKeyId())
                .environment(CHAIN_EVENTS_SECRET_ENV, chainEventsSecret.getSecretArn())
                .build());

    props.wallet().table().grantReadWriteData(function.role());
    props
        .wallet()
        .jwtKey()
        .allow(function.role(), "MerchantVerifiesTokens", List.of("kms:GetPublicKey"));
    // verifies API keys, and issues one (its HMAC) when a merchant registers
    props
        .wallet()
        .apiKeyMac()
        .allow(
            function.role(),
            "MerchantIssuesAndVerifiesApiKeys",
            List.of("kms:GenerateMac", "kms:VerifyMac"));
    props
        .secretsKey()
        .allow(
            function.role(),
            "MerchantSealsWebhookSecrets",
            List.of("kms:Encrypt"),
            Map.of("StringEquals", Map.of(PURPOSE_CONTEXT, WEBHOOK_SECRET_PURPOSE)));
    // verifies the node provider's pushes
    chainEventsSecret.grantRead(function.role());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("MerchantIntegration", function.live());
    List<HttpRoute> routes =
        props.wallet().gateway().routes(integration, ROUTES.toArray(String[]::new));
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
                    "Every merchant and payment route takes a Caller, which the function binds only "
                        + "from a valid KMS-signed bearer token or API key (401 otherwise); settings, "
                        + "the dashboard, creating, listing or cancelling payment requests and webhook "
                        + "deliveries also require the merchant role (403 otherwise), and each "
                        + "merchant sees only its own. POST /api/payments/webhook carries no bearer "
                        + "token: the function authenticates it with the shared HMAC secret of the "
                        + "node provider (401 otherwise).")
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
        chainEventsSecret,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(
                    "The value is shared with an outside node provider, so it is rotated by hand "
                        + "(the new and the old value are both accepted while it changes); a Lambda "
                        + "rotation could not update the provider.")
                .build()));
  }

  public ApiFunction function() {
    return function;
  }

  /** The HMAC secret shared with the node provider that pushes chain events. */
  public Secret chainEventsSecret() {
    return chainEventsSecret;
  }
}
