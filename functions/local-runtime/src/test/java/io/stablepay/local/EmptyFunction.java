package io.stablepay.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The floor of {@link ColdStarts}: a handler with nothing to initialise that answers every event
 * with {@code {}}, so its first response in a fresh JVM is what the JVM and the runtime client cost
 * before any function code runs.
 */
public final class EmptyFunction implements RequestStreamHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.transferTo(OutputStream.nullOutputStream());
    output.write("{}".getBytes(StandardCharsets.UTF_8));
  }
}
