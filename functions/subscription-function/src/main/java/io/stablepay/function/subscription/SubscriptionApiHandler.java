package io.stablepay.function.subscription;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The subscription API behind the HTTP API. */
public final class SubscriptionApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.SUBSCRIPTION_API;
  }
}
