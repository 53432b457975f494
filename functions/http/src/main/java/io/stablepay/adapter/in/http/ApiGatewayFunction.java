package io.stablepay.adapter.in.http;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.http.annotation.Controller;
import io.micronaut.inject.qualifiers.Qualifiers;

/**
 * An API function: Micronaut's handler for API Gateway HTTP API (payload v2) events, over the
 * controllers of one function. Its context starts in the function's own environment
 * ({@link #function()}, one of {@link io.stablepay.schema.Functions}), so it holds exactly the
 * controllers routed to this function and what they need; every controller is built during init,
 * so a missing bean fails the function's start (and its packaged-jar test), never a request, and
 * the first request after a (SnapStart) restore finds them ready.
 *
 * <p>A function module's handler is this class with the function's name, nothing more.
 */
public abstract class ApiGatewayFunction extends APIGatewayV2HTTPEventFunction {

  /** What Lambda calls: the context is built from the function's own environment variables. */
  protected ApiGatewayFunction() {
    super();
    buildControllers(getApplicationContext());
  }

  /** For tests: the handler over a context the test started (in the function's environment). */
  protected ApiGatewayFunction(ApplicationContext context) {
    super(context);
    buildControllers(context);
  }

  /** The function this handler serves: its Micronaut environment. */
  protected abstract String function();

  @Override
  protected ApplicationContextBuilder newApplicationContextBuilder() {
    return super.newApplicationContextBuilder().environments(function());
  }

  private static void buildControllers(ApplicationContext context) {
    context.getBeansOfType(Object.class, Qualifiers.byStereotype(Controller.class));
  }
}
