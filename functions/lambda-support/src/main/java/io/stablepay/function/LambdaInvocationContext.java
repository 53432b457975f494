package io.stablepay.function;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocation context Lambda hands a handler, for invocations Lambda does not make: a function
 * priming itself ({@link Priming}) and handler tests. Identifiers and limits only; its logger
 * writes to the function's own log through SLF4J.
 */
public final class LambdaInvocationContext implements Context {

  private static final Logger LOG = LoggerFactory.getLogger(LambdaInvocationContext.class);

  private final String functionName;
  private final String requestId;
  private final int remainingMillis;

  /** An invocation of {@code functionName} with a fresh request id and 15 s left. */
  public LambdaInvocationContext(String functionName) {
    this(functionName, UUID.randomUUID().toString(), 15_000);
  }

  public LambdaInvocationContext(String functionName, String requestId, int remainingMillis) {
    this.functionName = functionName;
    this.requestId = requestId;
    this.remainingMillis = remainingMillis;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + functionName;
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        LOG.info(message);
      }

      @Override
      public void log(byte[] message) {
        LOG.info(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
