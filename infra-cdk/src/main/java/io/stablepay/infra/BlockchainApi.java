package io.stablepay.infra;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

/**
 * The blockchain API: its function and its routes on the HTTP API. It only reads chains, so its
 * role gets no table, key or queue permission.
 */
public final class BlockchainApi extends Construct {

  private final ApiFunction function;

  public BlockchainApi(Construct scope, String id, HttpApiGateway gateway, Code code,
      String networkProfile, Map<String, String> rpcUrls, String lambdaProxyUrl) {
    super(scope, id);
    Map<String, String> env = new TreeMap<>();
    env.put("STABLEPAY_NETWORK_PROFILE", networkProfile);
    rpcUrls.forEach((network, url) -> env.put("STABLEPAY_CHAINS_" + network + "_RPC_URL", url));
    function = new ApiFunction(this, "Blockchain", code, env, lambdaProxyUrl);

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("BlockchainIntegration", function.live());
    gateway.route(HttpMethod.GET, "/api/blockchain/networks", integration);
    gateway.route(HttpMethod.POST, "/api/blockchain/validate", integration);
    gateway.route(HttpMethod.GET, "/api/blockchain/fees", integration);
    gateway.route(HttpMethod.GET, "/api/blockchain/tx/{hash}", integration);
    gateway.route(HttpMethod.POST, "/api/blockchain/estimate", integration);
    gateway.route(HttpMethod.GET, "/api/health", integration);
    gateway.route(HttpMethod.GET, "/api/openapi.yml", integration);
  }

  public ApiFunction function() {
    return function;
  }
}
