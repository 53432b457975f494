package io.stablepay.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRouteKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The one HTTP API (payload v2) in front of every API function. It owns the API, its default
 * stage's access-log group (one month), the stage's default throttling and its detailed (per-route)
 * metrics, so no API area can forget them; each area adds its own routes and answers for their
 * authorization.
 */
public final class HttpApiGateway extends Construct {

  private static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\","
          + "\"ip\":\"$context.identity.sourceIp\",\"method\":\"$context.httpMethod\","
          + "\"path\":\"$context.path\",\"status\":\"$context.status\","
          + "\"latencyMs\":\"$context.responseLatency\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  /**
   * @param apiName the API's name in the console
   * @param burstLimit requests the stage accepts at once before throttling
   * @param rateLimit steady requests per second the stage accepts
   */
  public record Props(String apiName, int burstLimit, double rateLimit) {

    public Props {
      Objects.requireNonNull(apiName, "apiName");
      if (burstLimit < 1 || rateLimit <= 0) {
        throw new IllegalArgumentException("throttling limits must be positive");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private String apiName;
      private int burstLimit = 200;
      private double rateLimit = 100;

      public Builder apiName(String apiName) {
        this.apiName = apiName;
        return this;
      }

      public Builder throttling(int burstLimit, double rateLimit) {
        this.burstLimit = burstLimit;
        this.rateLimit = rateLimit;
        return this;
      }

      public Props build() {
        return new Props(apiName, burstLimit, rateLimit);
      }
    }
  }

  private final HttpApi api;

  public HttpApiGateway(Construct scope, String id, Props props) {
    super(scope, id);
    api = HttpApi.Builder.create(this, "Api").apiName(props.apiName()).build();
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.ONE_MONTH).build();
    CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
    stage.setAccessLogSettings(
        CfnStage.AccessLogSettingsProperty.builder()
            .destinationArn(accessLogs.getLogGroupArn())
            .format(ACCESS_LOG_FORMAT)
            .build());
    stage.setDefaultRouteSettings(
        CfnStage.RouteSettingsProperty.builder()
            // per-route metrics (ApiId, Method, Resource, Stage), which the dashboard graphs
            .detailedMetricsEnabled(true)
            .throttlingBurstLimit(props.burstLimit())
            .throttlingRateLimit(props.rateLimit())
            .build());
  }

  /** Adds routes given as route keys ({@code "GET /api/health"}) that all go to {@code target}. */
  public List<HttpRoute> routes(HttpRouteIntegration target, String... routeKeys) {
    return Arrays.stream(routeKeys).map(key -> route(key, target)).toList();
  }

  /**
   * Sends every request no route matches to {@code target} (the route key {@code $default}), so an
   * unknown path gets the platform's problem+json answer rather than API Gateway's own {@code
   * {"message":"Not Found"}}.
   */
  public HttpRoute defaultRoute(HttpRouteIntegration target) {
    return HttpRoute.Builder.create(this, "DefaultRoute")
        .httpApi(api)
        .routeKey(HttpRouteKey.DEFAULT)
        .integration(target)
        .build();
  }

  private HttpRoute route(String routeKey, HttpRouteIntegration target) {
    String[] methodAndPath = routeKey.split(" ", 2);
    if (methodAndPath.length != 2 || !methodAndPath[1].startsWith("/")) {
      throw new IllegalArgumentException("not a route key (METHOD /path): " + routeKey);
    }
    return api.addRoutes(
            AddRoutesOptions.builder()
                .path(methodAndPath[1])
                .methods(List.of(HttpMethod.valueOf(methodAndPath[0])))
                .integration(target)
                .build())
        .getFirst();
  }

  public HttpApi api() {
    return api;
  }
}
