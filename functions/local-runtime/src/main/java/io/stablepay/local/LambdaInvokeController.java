package io.stablepay.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stablepay.devstack.LambdaInvocationContext;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Where the emulator delivers Lambda invocations of the deployed functions (their
 * {@code MINISTACK_LAMBDA_PROXY_URL}): the event goes through the same handler class that runs in
 * AWS, inside this JVM, so a request through the emulated API Gateway exercises the real path.
 * Local runtime only; no deployed function has this route.
 */
@Hidden
@Controller(LambdaInvokeController.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
class LambdaInvokeController {

  static final String PATH = "/_lambda";

  private final APIGatewayV2HTTPEventFunction apiHandler;

  LambdaInvokeController(ApplicationContext context) {
    this.apiHandler = new APIGatewayV2HTTPEventFunction(context);
  }

  @Post("/{function}")
  APIGatewayV2HTTPResponse invoke(@PathVariable String function, @Body APIGatewayV2HTTPEvent event) {
    return apiHandler.handleRequest(event, new LambdaInvocationContext(function));
  }
}
