package io.stablepay.adapter.in.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.http.annotation.Controller;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.stablepay.function.Priming;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An API function: Micronaut's handler for API Gateway HTTP API (payload v2) events, over the
 * controllers of one function. Its context starts in the function's own environment ({@link
 * #function()}, one of {@link io.stablepay.schema.Functions}), so it holds exactly the controllers
 * routed to this function and what they need; every controller is built during init, so a missing
 * bean fails the function's start (and its packaged-jar test), never a request, and the first
 * request after a (SnapStart) restore finds them ready, primed ({@link Priming}) by one request
 * through the HTTP stack.
 *
 * <p>A function module's handler is this class with the function's name, nothing more.
 */
public abstract class ApiGatewayFunction extends APIGatewayV2HTTPEventFunction {

  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

  /** Keeps the priming hook reachable (CRaC holds it weakly). */
  private final Priming priming;

  /** What Lambda calls: the context is built from the function's own environment variables. */
  protected ApiGatewayFunction() {
    super();
    buildControllers(getApplicationContext());
    priming = Priming.of(getApplicationContext(), this::primeHttp);
  }

  /** For tests: the handler over a context the test started (in the function's environment). */
  protected ApiGatewayFunction(ApplicationContext context) {
    super(context);
    buildControllers(context);
    priming = Priming.of(context, this::primeHttp);
  }

  /** The function this handler serves: its Micronaut environment. */
  protected abstract String function();

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return super.newApplicationContextBuilder().environments(function());
  }

  /**
   * A POST, PUT or PATCH without a body arrives with none (API Gateway leaves {@code body} out),
   * which Micronaut's API Gateway adapter refuses ("Empty body") even where the route's body is
   * optional. It gets the JSON {@code null} instead, which binds an optional body as absent and
   * fails a required one as a bad request, as a server reading the empty stream would.
   */
  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    if (event != null) {
      // API Gateway hands over the path decoded: a request for /api/escrow/%C2%9A... arrives
      // with the raw character, which Micronaut cannot parse as a URI (a 502 instead of an
      // answer). Encoded again, it reaches the router, which answers as for any unknown id.
      event.setRawPath(UriText.encodePath(event.getRawPath()));
      event.setRawQueryString(UriText.encodeQuery(event.getRawQueryString()));
      if (event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
        event
            .getRequestContext()
            .getHttp()
            .setPath(UriText.encodePath(event.getRequestContext().getHttp().getPath()));
      }
    }
    if (event != null
        && (event.getBody() == null || event.getBody().isEmpty())
        && event.getRequestContext() != null
        && event.getRequestContext().getHttp() != null
        && BODY_METHODS.contains(event.getRequestContext().getHttp().getMethod())) {
      event.setBody("null");
      event.setIsBase64Encoded(false);
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      if (event.getHeaders() != null) {
        headers.putAll(event.getHeaders());
      }
      headers.putIfAbsent("content-type", "application/json");
      event.setHeaders(headers);
    }
    return super.handleRequest(event, context);
  }

  /**
   * One request through the whole HTTP stack, as API Gateway sends it: conventions filter, router,
   * problem+json rendering (a path no function serves, so nothing else runs).
   */
  private void primeHttp() {
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setVersion("2.0");
    event.setRawPath(PRIMING_PATH);
    event.setRawQueryString("");
    event.setHeaders(Map.of("accept", "application/json"));
    event.setRequestContext(
        APIGatewayV2HTTPEvent.RequestContext.builder()
            .withHttp(
                APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                    .withMethod("GET")
                    .withPath(PRIMING_PATH)
                    .withSourceIp("127.0.0.1")
                    .build())
            .withRequestId("priming")
            .withStage("$default")
            .build());
    handleRequest(event, Priming.lambdaContext(function()));
  }

  /** The path of the priming request: no route, so it ends as a 404 problem document. */
  static final String PRIMING_PATH = "/api/_priming";

  private static void buildControllers(ApplicationContext context) {
    context.getBeansOfType(Object.class, Qualifiers.byStereotype(Controller.class));
  }
}
