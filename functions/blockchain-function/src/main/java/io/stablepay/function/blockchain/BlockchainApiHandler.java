package io.stablepay.function.blockchain;

import io.stablepay.adapter.in.http.ApiGatewayFunction;
import io.stablepay.schema.Functions;

/** The blockchain API behind the HTTP API. */
public final class BlockchainApiHandler extends ApiGatewayFunction {

  @Override
  protected String function() {
    return Functions.BLOCKCHAIN_API;
  }
}
