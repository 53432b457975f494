package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The blockchain API: its function and its routes on the HTTP API. It only reads chains through
 * their RPC endpoints, so its role gets no table, key or queue permission at all.
 */
public final class BlockchainApi extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES = List.of(
      "GET /api/blockchain/networks",
      "POST /api/blockchain/validate",
      "GET /api/blockchain/fees",
      "GET /api/blockchain/tx/{hash}",
      "POST /api/blockchain/estimate",
      "GET /api/health",
      "GET /api/openapi.yml");

  /**
   * @param gateway the HTTP API the routes go on
   * @param code the shaded blockchain-function jar
   * @param networkProfile which network registry the function loads (mainnet, testnet, local)
   * @param rpcUrls RPC endpoint per network id (ETHEREUM, POLYGON, ...), sorted by id
   * @param lambdaProxyUrl local only: where the emulator forwards invocations, else null
   */
  public record Props(HttpApiGateway gateway, Code code, String networkProfile,
      SortedMap<String, String> rpcUrls, String lambdaProxyUrl) {

    public Props {
      Objects.requireNonNull(gateway, "gateway");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(networkProfile, "networkProfile");
      rpcUrls = Collections.unmodifiableSortedMap(new TreeMap<>(rpcUrls));
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private HttpApiGateway gateway;
      private Code code;
      private String networkProfile = "mainnet";
      private final SortedMap<String, String> rpcUrls = new TreeMap<>();
      private String lambdaProxyUrl;

      public Builder gateway(HttpApiGateway gateway) {
        this.gateway = gateway;
        return this;
      }

      public Builder code(Code code) {
        this.code = code;
        return this;
      }

      public Builder networkProfile(String networkProfile) {
        this.networkProfile = networkProfile;
        return this;
      }

      public Builder rpcUrls(Map<String, String> rpcUrls) {
        this.rpcUrls.putAll(rpcUrls);
        return this;
      }

      public Builder lambdaProxyUrl(String url) {
        this.lambdaProxyUrl = url;
        return this;
      }

      public Props build() {
        return new Props(gateway, code, networkProfile, rpcUrls, lambdaProxyUrl);
      }
    }
  }

  private final ApiFunction function;

  public BlockchainApi(Construct scope, String id, Props props) {
    super(scope, id);
    ApiFunction.Props.Builder settings = ApiFunction.Props.builder()
        .code(props.code())
        .environment("STABLEPAY_NETWORK_PROFILE", props.networkProfile())
        .lambdaProxyUrl(props.lambdaProxyUrl());
    props.rpcUrls().forEach((network, url) ->
        settings.environment("STABLEPAY_CHAINS_" + network + "_RPC_URL", url));
    function = new ApiFunction(this, "Blockchain", settings.build());

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("BlockchainIntegration", function.live());
    List<HttpRoute> routes =
        props.gateway().routes(integration, ROUTES.toArray(String[]::new));
    NagSuppressions.addResourceSuppressions(routes, List.of(
        NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(
            "Public, read-only chain information (networks, address checks, fees, transaction "
                + "status, health, the OpenAPI document): no account data, throttled at the "
                + "stage. These routes stay open until the auth issue puts an authorizer on the "
                + "API.").build(),
        NagPackSuppression.builder().id("AwsSolutions-COG4").reason(
            "Public, read-only chain information needs no Cognito user pool; the platform "
                + "issues its own KMS-signed tokens for the routes that need a caller.").build()),
        true);
  }

  public ApiFunction function() {
    return function;
  }
}
