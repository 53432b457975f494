package io.stablepay.devstack.lambda.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** A handler whose construction fails, as one missing its configuration does at init. */
public class BrokenInitHandler implements RequestHandler<Map<String, Object>, String> {

  public BrokenInitHandler() {
    throw new IllegalStateException("PAYMENTS_TABLE is not configured");
  }

  @Override
  public String handleRequest(Map<String, Object> input, Context context) {
    return "unreachable";
  }
}
