package io.stablepay.function.signer;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The signer API behind the HTTP API, in the signer's role. */
public final class SignerApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.SIGNER_API;
  }
}
