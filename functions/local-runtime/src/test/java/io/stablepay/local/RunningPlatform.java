package io.stablepay.local;

import io.micronaut.context.ApplicationContext;
import io.stablepay.devstack.FreePorts;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole local platform (emulator with the stack, chains, runtime) started once for every
 * black-box test class in this JVM and stopped when the test run ends.
 */
final class RunningPlatform implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

  private static RunningPlatform running;

  final LocalStack stack;
  final ApplicationContext app;
  final String api;

  private RunningPlatform(LocalStack stack, ApplicationContext app, String api) {
    this.stack = stack;
    this.app = app;
    this.api = api;
  }

  /** Registered with {@code @ExtendWith}; JUnit needs a public no-arg instance. */
  RunningPlatform() {
    this(null, null, null);
  }

  static synchronized RunningPlatform get() {
    if (running == null) {
      int port = FreePorts.find();
      String api = "http://127.0.0.1:" + port;
      LocalStack stack = LocalStack.start(LocalSettings.anyFreePorts(),
          api + LambdaInvokeController.PATH);
      try {
        running = new RunningPlatform(stack, LocalRuntime.run(stack, port), api);
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
    }
    return running;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RunningPlatform.class, key -> get(), RunningPlatform.class);
  }

  @Override
  public void close() {
    synchronized (RunningPlatform.class) {
      running = null;
    }
    app.close();
    stack.close();
  }
}
