package io.stablepay.function.kyc;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The KYC API behind the HTTP API. */
public final class KycApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.KYC_API;
  }
}
