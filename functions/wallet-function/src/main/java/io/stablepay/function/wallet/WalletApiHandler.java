package io.stablepay.function.wallet;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The wallet API behind the HTTP API. */
public final class WalletApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.WALLET_API;
  }
}
