package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The blockchain API: its function and its routes on the HTTP API. It only reads chains through
 * their nodes, so its role gets no table, key or queue permission at all, only the read of the
 * nodes secret.
 */
public final class BlockchainApi extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "GET /api/blockchain/networks",
          "POST /api/blockchain/validate",
          "GET /api/blockchain/fees",
          "GET /api/blockchain/tx/{hash}",
          "POST /api/blockchain/estimate",
          "GET /api/health",
          "GET /api/openapi.yml",
          "GET /api/openapi.json");

  /**
   * @param gateway the HTTP API the routes go on
   * @param jars each function module's shaded jar
   * @param networkProfile which network registry the function loads (mainnet, testnet, local)
   * @param networks the enabled networks (ETHEREUM, POLYGON, ...), sorted by id
   * @param quorums node endpoints that must agree on a crediting read, by network id
   * @param nodesSecret the stage's node endpoints ({@link NodesSecret}), or null
   * @param chainSettings token and contract addresses that complete the registry (JSON, see {@link
   *     WalletApi.Props}), or null
   * @param lambdaProxyBaseUrl local only: where the emulator forwards invocations, else null
   * @param environment settings every function gets on top of its own (see {@link WalletApi.Props})
   */
  public record Props(
      HttpApiGateway gateway,
      FunctionJars jars,
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
      Objects.requireNonNull(networkProfile, "networkProfile");
      networks = Collections.unmodifiableSortedSet(new TreeSet<>(networks));
      quorums = Collections.unmodifiableSortedMap(new TreeMap<>(quorums));
      environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private HttpApiGateway gateway;
      private FunctionJars jars;
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

      public Builder networkProfile(String networkProfile) {
        this.networkProfile = networkProfile;
        return this;
      }

      public Builder networks(Collection<String> networks) {
        this.networks.addAll(networks);
        return this;
      }

      public Builder quorums(Map<String, Integer> quorums) {
        this.quorums.putAll(quorums);
        return this;
      }

      public Builder nodesSecret(ISecret secret) {
        this.nodesSecret = secret;
        return this;
      }

      public Builder chainSettings(String json) {
        this.chainSettings = json;
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

  public BlockchainApi(Construct scope, String id, Props props) {
    super(scope, id);
    ApiFunction.Props.Builder settings =
        ApiFunction.Props.builder()
            .handler(Handler.BLOCKCHAIN_API)
            .jars(props.jars())
            .environment(props.environment())
            .environment("STABLEPAY_NETWORK_PROFILE", props.networkProfile())
            .lambdaProxyBaseUrl(props.lambdaProxyBaseUrl());
    ChainEnvironment.apply(
        settings,
        Handler.BLOCKCHAIN_API,
        props.networks(),
        props.quorums(),
        props.nodesSecret(),
        props.chainSettings());
    function = new ApiFunction(this, "Blockchain", settings.build());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("BlockchainIntegration", function.live());
    List<HttpRoute> routes =
        new java.util.ArrayList<>(
            props.gateway().routes(integration, ROUTES.toArray(String[]::new)));
    // what no function serves gets this function's problem+json 404 (it reads chains only)
    routes.add(props.gateway().defaultRoute(integration));
    NagSuppressions.addResourceSuppressions(
        routes,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason(
                    "Public, read-only chain information (networks, address checks, fees, transaction "
                        + "status, health, the OpenAPI document, and the problem+json 404 of any path no "
                        + "function serves): no account data, throttled at the "
                        + "stage. These routes stay open until the auth issue puts an authorizer on the "
                        + "API.")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-COG4")
                .reason(
                    "Public, read-only chain information needs no Cognito user pool; the platform "
                        + "issues its own KMS-signed tokens for the routes that need a caller.")
                .build()),
        true);
  }

  public ApiFunction function() {
    return function;
  }
}
