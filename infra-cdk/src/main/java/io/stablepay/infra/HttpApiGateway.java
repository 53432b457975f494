package io.stablepay.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * stage's access-log group (one month), the stage's default throttling, its detailed (per-route)
 * metrics and the tighter throttling of each route that moves money ({@link #MONEY_ROUTES}), so no
 * API area can forget them; each area adds its own routes and answers for their authorization.
 */
public final class HttpApiGateway extends Construct {

  private static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\","
          + "\"ip\":\"$context.identity.sourceIp\",\"method\":\"$context.httpMethod\","
          + "\"path\":\"$context.path\",\"status\":\"$context.status\","
          + "\"latencyMs\":\"$context.responseLatency\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  /**
   * The routes that move money or commit to moving it: each gets its own throttling ({@link
   * Props#moneyRoutes}), below the stage's, so a flood of them (a leaked key, a client retrying in
   * a loop) is cut off before it reaches the ledger while the rest of the API keeps answering.
   */
  static final Set<String> MONEY_ROUTES =
      Set.of(
          "POST /api/wallet/transfer",
          "POST /api/payments/{id}/pay",
          "POST /api/payments/{id}/refund",
          "POST /api/merchant/settle",
          "POST /api/admin/treasury/fundings",
          "POST /api/escrow",
          "POST /api/escrow/{id}/release",
          "POST /api/escrow/{id}/refund",
          "POST /api/escrow/{id}/resolve",
          "POST /api/subscriptions");

  /**
   * @param apiName the API's name in the console
   * @param burstLimit requests the stage accepts at once before throttling
   * @param rateLimit steady requests per second the stage accepts
   * @param moneyRoutes the throttling of each of the {@link #MONEY_ROUTES}
   */
  public record Props(
      String apiName, int burstLimit, double rateLimit, StackSettings.Throttling moneyRoutes) {

    public Props {
      Objects.requireNonNull(apiName, "apiName");
      Objects.requireNonNull(moneyRoutes, "moneyRoutes");
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
      private StackSettings.Throttling moneyRoutes = StackSettings.Throttling.DEFAULT;

      public Builder apiName(String apiName) {
        this.apiName = apiName;
        return this;
      }

      public Builder throttling(int burstLimit, double rateLimit) {
        this.burstLimit = burstLimit;
        this.rateLimit = rateLimit;
        return this;
      }

      /** Throttling of each route that moves money (default {@link Throttling#DEFAULT}). */
      public Builder moneyRoutes(StackSettings.Throttling throttling) {
        this.moneyRoutes = throttling;
        return this;
      }

      public Props build() {
        return new Props(apiName, burstLimit, rateLimit, moneyRoutes);
      }
    }
  }

  private final HttpApi api;
  private final CfnStage stage;
  private final StackSettings.Throttling moneyRoutes;

  public HttpApiGateway(Construct scope, String id, Props props) {
    super(scope, id);
    api = HttpApi.Builder.create(this, "Api").apiName(props.apiName()).build();
    moneyRoutes = props.moneyRoutes();
    LogGroup accessLogs =
        LogGroup.Builder.create(this, "AccessLogs").retention(RetentionDays.ONE_MONTH).build();
    stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
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
    HttpRoute route =
        api.addRoutes(
                AddRoutesOptions.builder()
                    .path(methodAndPath[1])
                    .methods(List.of(HttpMethod.valueOf(methodAndPath[0])))
                    .integration(target)
                    .build())
            .getFirst();
    if (MONEY_ROUTES.contains(routeKey)) {
      // a stage's route settings may only name routes that exist: the stage waits for the route
      stage.addPropertyOverride(
          "RouteSettings." + routeKey,
          Map.of(
              "ThrottlingBurstLimit", moneyRoutes.burst(),
              "ThrottlingRateLimit", moneyRoutes.ratePerSecond()));
      stage.getNode().addDependency(route);
    }
    return route;
  }

  public HttpApi api() {
    return api;
  }
}
