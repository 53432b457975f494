package io.stablepay.function.merchant;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The merchant API behind the HTTP API. */
public final class MerchantApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.MERCHANT_API;
  }
}
