package io.stablepay.infra;

import java.util.List;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteIntegration;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The one HTTP API (payload v2) in front of every API function, with access logs and default
 * throttling on its stage. Each API area adds its own routes.
 */
public final class HttpApiGateway extends Construct {

  private static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
      + "\"ip\":\"$context.identity.sourceIp\",\"method\":\"$context.httpMethod\","
      + "\"path\":\"$context.path\",\"status\":\"$context.status\","
      + "\"latencyMs\":\"$context.responseLatency\","
      + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  private final HttpApi api;

  public HttpApiGateway(Construct scope, String id, String name) {
    super(scope, id);
    api = HttpApi.Builder.create(this, "Api").apiName(name).build();
    LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
        .retention(RetentionDays.ONE_MONTH)
        .build();
    CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
    stage.setAccessLogSettings(CfnStage.AccessLogSettingsProperty.builder()
        .destinationArn(accessLogs.getLogGroupArn())
        .format(ACCESS_LOG_FORMAT)
        .build());
    stage.setDefaultRouteSettings(CfnStage.RouteSettingsProperty.builder()
        .throttlingBurstLimit(200)
        .throttlingRateLimit(100)
        .build());
  }

  public void route(HttpMethod method, String path, HttpRouteIntegration integration) {
    api.addRoutes(AddRoutesOptions.builder()
        .path(path)
        .methods(List.of(method))
        .integration(integration)
        .build());
  }

  public HttpApi api() {
    return api;
  }
}
