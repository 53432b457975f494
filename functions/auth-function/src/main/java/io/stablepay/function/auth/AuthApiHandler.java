package io.stablepay.function.auth;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The auth API behind the HTTP API. */
public final class AuthApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.AUTH_API;
  }
}
