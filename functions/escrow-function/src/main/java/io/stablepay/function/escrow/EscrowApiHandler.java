package io.stablepay.function.escrow;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The escrow API behind the HTTP API. */
public final class EscrowApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.ESCROW_API;
  }
}
