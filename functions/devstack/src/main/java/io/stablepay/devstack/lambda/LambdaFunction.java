package io.stablepay.devstack.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A java21 function as Lambda is told about it on deployment, for {@link LocalLambdaService}.
 *
 * @param name the function name ({@code AWS_LAMBDA_FUNCTION_NAME}, the SLF4J logger {@code
 *     lambda.<name>})
 * @param handler as in the function's configuration: {@code package.Class::method} or {@code
 *     package.Class} (a {@code RequestHandler} or {@code RequestStreamHandler})
 * @param environment the function's own environment variables; Lambda's reserved ones (such as
 *     {@code AWS_REGION} or {@code AWS_LAMBDA_FUNCTION_NAME}) are refused, as Lambda refuses them
 * @param code the deployment package: a zip or a (shaded) jar, extracted as Lambda extracts it to
 *     {@code /var/task}
 * @param timeoutSeconds after this long an invocation is answered with Lambda's timeout error and
 *     its execution environment is discarded (1 to 900)
 * @param memoryMb the memory size: {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} and the heap limit (128
 *     to 10240)
 */
public record LambdaFunction(
    String name,
    String handler,
    Map<String, String> environment,
    Path code,
    int timeoutSeconds,
    int memoryMb) {

  public LambdaFunction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(code, "code");
    if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("not a Lambda function name: '" + name + "'");
    }
    if (handler.isBlank()) {
      throw new IllegalArgumentException(name + ": the handler is blank");
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 900) {
      throw new IllegalArgumentException(
          name + ": timeout " + timeoutSeconds + " s is not between 1 and 900");
    }
    if (memoryMb < 128 || memoryMb > 10_240) {
      throw new IllegalArgumentException(
          name + ": memory " + memoryMb + " MB is not between 128 and 10240");
    }
    environment = Map.copyOf(environment);
    if (!Files.isRegularFile(code)) {
      throw new IllegalArgumentException(name + ": no deployment package at " + code);
    }
  }
}
