package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import io.stablepay.schema.DynamoDbSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * Wallets, balances, statements, watch-only addresses and the administrators' treasury view as one
 * function behind the HTTP API ({@link Handler#WALLET_API}). Transfers are the {@link
 * WithdrawalSigner}'s (P2P transfers and withdrawals are one endpoint), so the wallet function
 * never holds a request that may need a treasury signature.
 *
 * <p>Custody: the wallet function creates one KMS key per user (ECC_SECG_P256K1, SIGN_VERIFY,
 * tagged {@code stablepay:purpose=wallet}), aliases it and reads its public key. It cannot sign
 * with any key; it may only schedule the deletion of a wallet key that has no alias (the key of a
 * lost creation race, which backs no wallet), and tag only untagged keys, so it cannot turn a
 * treasury or gas-tank key (also secp256k1 signing keys) into a "wallet key". The stack also lets
 * it read the public keys of the platform's treasury and gas-tank keys ({@link
 * TreasuryKeys#grantReadPublicKeys}).
 *
 * <p>Its {@link Props} are also what every other function of the platform is built from ({@link
 * #settings}): the gateway, the jars, the table, the keys that verify callers, the network profile
 * and the chains.
 */
public final class WalletApi extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/wallet/create",
          "GET /api/wallet/addresses",
          "GET /api/wallet/import/challenge",
          "POST /api/wallet/import",
          "GET /api/wallet/balance",
          "GET /api/wallet/transactions",
          // the treasury view needs the wallet function's chains and keys (other admin: AuthApi)
          "GET /api/admin/treasury",
          // the operator's funding of a treasury, booked as the chain says it arrived
          "POST /api/admin/treasury/fundings");

  private static final String PURPOSE_TAG = "aws:ResourceTag/stablepay:purpose";

  /** A JSON property source Micronaut reads from the environment (the chains' addresses). */
  static final String APPLICATION_JSON_ENV = "MICRONAUT_APPLICATION_JSON";

  /**
   * @param gateway the HTTP API the routes go on
   * @param jars each function module's shaded jar
   * @param table the platform table
   * @param jwtKey verifies access tokens (public key only)
   * @param apiKeyMac verifies API keys
   * @param networkProfile which network registry the functions load
   * @param networks the enabled networks (those with nodes), by id
   * @param quorums how many node endpoints must agree on a crediting read, by network id (absent:
   *     one)
   * @param nodesSecret the stage's node endpoints ({@link NodesSecret}), which functions that call
   *     chains may read; null: none (a construct tested on its own)
   * @param chainSettings token and contract addresses that complete or override the registry, as
   *     {@code {"stablepay":{"chains":{...}}}} JSON, or null: a freshly deployed local chain's
   * @param lambdaProxyBaseUrl local only: where the emulator forwards invocations of function
   *     {@code f} ({@code <base>/f}), else null
   * @param environment settings every function gets on top of its own (context {@code
   *     functionEnvironment}: any {@code STABLEPAY_*} setting, e.g. the local stage's loopback
   *     webhooks)
   */
  public record Props(
      HttpApiGateway gateway,
      FunctionJars jars,
      ITable table,
      ServiceKey jwtKey,
      ServiceKey apiKeyMac,
      String networkProfile,
      SortedSet<String> networks,
      SortedMap<String, Integer> quorums,
      ISecret nodesSecret,
      String chainSettings,
      String lambdaProxyBaseUrl,
      SortedMap<String, String> environment) {

    public Props {
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(jars, "jars");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(jwtKey, "jwtKey");
      Objects.requireNonNull(apiKeyMac, "apiKeyMac");
      Objects.requireNonNull(networkProfile, "networkProfile");
      networks = new TreeSet<>(networks);
      quorums = new TreeMap<>(quorums);
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
      private String networkProfile = "mainnet";
      private final SortedSet<String> networks = new TreeSet<>();
      private final SortedMap<String, Integer> quorums = new TreeMap<>();
      private ISecret nodesSecret;
      private String chainSettings;
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

      public Builder networkProfile(String networkProfile) {
        this.networkProfile = networkProfile;
        return this;
      }

      /** The enabled networks (those with nodes). */
      public Builder networks(Collection<String> networks) {
        this.networks.addAll(networks);
        return this;
      }

      /** Node endpoints that must agree on a crediting read, by network (default one). */
      public Builder quorums(Map<String, Integer> quorums) {
        this.quorums.putAll(quorums);
        return this;
      }

      /** The stage's node endpoints, which functions that call chains may read. */
      public Builder nodesSecret(ISecret secret) {
        this.nodesSecret = secret;
        return this;
      }

      /** Token and contract addresses as a JSON property source (see {@link Props}). */
      public Builder chainSettings(String json) {
        this.chainSettings = json;
        return this;
      }

      public Builder lambdaProxyBaseUrl(String url) {
        this.lambdaProxyBaseUrl = url;
        return this;
      }

      /** Settings every function gets on top of its own (see {@link Props}). */
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
            networkProfile,
            networks,
            quorums,
            nodesSecret,
            chainSettings,
            lambdaProxyBaseUrl,
            environment);
      }
    }
  }

  private final ApiFunction function;

  public WalletApi(Construct scope, String id, Props props) {
    super(scope, id);
    function = new ApiFunction(this, "Wallet", settings(props, Handler.WALLET_API).build());

    props.table().grantReadWriteData(function.role());
    props.jwtKey().allow(function.role(), "WalletVerifiesTokens", List.of("kms:GetPublicKey"));
    props.apiKeyMac().allow(function.role(), "WalletVerifiesApiKeys", List.of("kms:VerifyMac"));
    grantWalletCustody(function);

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("WalletIntegration", function.live());
    List<HttpRoute> routes = props.gateway().routes(integration, ROUTES.toArray(String[]::new));
    suppressReviewedFindings(routes);
  }

  /**
   * The settings {@code handler}'s function runs with, shared by every function of the platform but
   * the blockchain and auth APIs: its jar, the table, the keys that verify callers, the network
   * profile, the chains, and the local emulator's proxy.
   */
  static ApiFunction.Props.Builder settings(Props props, Handler handler) {
    ApiFunction.Props.Builder settings =
        ApiFunction.Props.builder()
            .handler(handler)
            .jars(props.jars())
            .lambdaProxyBaseUrl(props.lambdaProxyBaseUrl())
            .environment(props.environment())
            .environment(DynamoDbSchema.TABLE_ENV, props.table().getTableName())
            .environment("STABLEPAY_JWT_KEY_ID", props.jwtKey().key().getKeyId())
            .environment("STABLEPAY_API_KEY_MAC_KEY_ID", props.apiKeyMac().key().getKeyId())
            .environment("STABLEPAY_NETWORK_PROFILE", props.networkProfile());
    ChainEnvironment.apply(
        settings,
        handler,
        props.networks(),
        props.quorums(),
        props.nodesSecret(),
        props.chainSettings());
    return settings;
  }

  /**
   * What makes a key a wallet key in these grants: its tag, and its spec and usage. The tag alone
   * is not enough, because this role may tag keys: without the spec, it could tag the token signing
   * key (NIST P-256) or the API-key HMAC key, neither of which has an alias, as a wallet key and
   * then schedule its deletion.
   */
  static final Map<String, String> WALLET_KEY =
      Map.of(
          PURPOSE_TAG, "wallet", "kms:KeySpec", "ECC_SECG_P256K1", "kms:KeyUsage", "SIGN_VERIFY");

  /**
   * Create, tag, alias and read wallet keys; never sign, never touch another key. Tagging needs the
   * key to be untagged so far (in practice: the tags of CreateKey), since a treasury or gas-tank
   * key has the wallet key's spec and usage and, re-tagged, would pass as one.
   */
  private void grantWalletCustody(ApiFunction wallet) {
    String keys =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder().service("kms").resource("key").resourceName("*").build());
    String aliases =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder()
                    .service("kms")
                    .resource("alias")
                    .resourceName("stablepay/wallet/*")
                    .build());
    wallet
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("CreateWalletKeys")
                .actions(List.of("kms:CreateKey"))
                .resources(List.of("*"))
                .conditions(
                    Map.of(
                        "StringEquals",
                        Map.of(
                            "kms:KeySpec", "ECC_SECG_P256K1",
                            "kms:KeyUsage", "SIGN_VERIFY",
                            "aws:RequestTag/stablepay:purpose", "wallet")))
                .build());
    wallet
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("TagWalletKeys")
                .actions(List.of("kms:TagResource"))
                .resources(List.of(keys))
                .conditions(
                    Map.of(
                        "StringEquals",
                            Map.of(
                                "aws:RequestTag/stablepay:purpose", "wallet",
                                "kms:KeySpec", "ECC_SECG_P256K1",
                                "kms:KeyUsage", "SIGN_VERIFY"),
                        "Null", Map.of(PURPOSE_TAG, "true")))
                .build());
    wallet
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("AliasWalletKeys")
                .actions(List.of("kms:CreateAlias"))
                .resources(List.of(aliases))
                .build());
    wallet
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("AliasOnlyWalletKeys")
                .actions(List.of("kms:CreateAlias", "kms:GetPublicKey"))
                .resources(List.of(keys))
                .conditions(Map.of("StringEquals", WALLET_KEY))
                .build());
    wallet
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("RetireUnaliasedWalletKeys")
                .actions(List.of("kms:ScheduleKeyDeletion"))
                .resources(List.of(keys))
                .conditions(
                    Map.of(
                        "StringEquals", WALLET_KEY, "Null", Map.of("kms:ResourceAliases", "true")))
                .build());
  }

  /** cdk-nag findings on this API that are decisions, each with its reason. */
  private void suppressReviewedFindings(List<HttpRoute> routes) {
    NagSuppressions.addResourceSuppressions(
        routes,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason(
                    "Every wallet route takes a Caller, which the function binds only from a valid "
                        + "KMS-signed bearer token or API key (401 otherwise); the treasury view also "
                        + "requires the administrator role (403 otherwise).")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-COG4")
                .reason(
                    "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                        + "not a Cognito user pool.")
                .build()),
        true);
    NagPackSuppression tableIndexes = DataTable.indexWildcardSuppression();
    NagSuppressions.addResourceSuppressions(
        function.role(),
        List.of(
            tableIndexes,
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Wallet keys are created at run time, one per user, so their ARNs are not "
                        + "known here: CreateKey is limited by key spec, usage and purpose tag, the "
                        + "other KMS actions to keys tagged stablepay:purpose=wallet and aliases under "
                        + "alias/stablepay/wallet/.")
                .appliesTo(
                    List.of(
                        "Resource::*",
                        RegexAppliesTo.builder()
                            .regex("/^Resource::arn:.*:kms:.*:key\\/\\*$/g")
                            .build(),
                        RegexAppliesTo.builder()
                            .regex("/^Resource::arn:.*:kms:.*:alias\\/stablepay\\/wallet\\/\\*$/g")
                            .build()))
                .build()),
        true);
  }

  public ApiFunction function() {
    return function;
  }
}
