package io.stablepay.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.ApplicationContext;
import io.stablepay.devstack.FreePorts;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

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

  /** How long a KYC review waits for a decision before it escalates, in these tests. */
  static final int KYC_REVIEW_TIMEOUT_SECONDS = 20;

  /**
   * The emulator's Step Functions waits last this fraction of their time here: a day of a
   * subscription (a Wait state) passes in about 2.6 seconds.
   */
  static final String WORKFLOW_WAIT_SCALE = "0.00003";

  /** Every log event of the platform while the tests run, to check what logs carry. */
  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  static synchronized RunningPlatform get() {
    if (running == null) {
      Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
      LOGS.start();
      root.addAppender(LOGS);
      ((Logger) LoggerFactory.getLogger("stablepay.access")).setLevel(Level.INFO);
      // stuck withdrawals are replaced after seconds here, not minutes
      System.setProperty("stablepay.withdrawals.replace-after", "4s");
      int port = FreePorts.find();
      String api = "http://127.0.0.1:" + port;
      // a KYC review nobody decides escalates after seconds here, not days
      LocalStack stack = LocalStack.start(LocalSettings.anyFreePorts()
              .withKycReviewTimeoutSeconds(KYC_REVIEW_TIMEOUT_SECONDS)
              .withWorkflowWaitScale(WORKFLOW_WAIT_SCALE),
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

  /** The administrator's Authorization value, signed in through the API. */
  String adminBearer() {
    ApiClient client = new ApiClient(api);
    return "Bearer " + ApiClient.json(client.post("/api/auth/login", java.util.Map.of(
        "email", LocalRuntime.ADMIN_EMAIL, "password", app.getProperty(
            "stablepay.admin.password", String.class).orElseThrow()))).path("accessToken")
        .asText();
  }

  /** A client of the emulator's Step Functions, for looking at executions; the caller closes it. */
  SfnClient sfn() {
    return SfnClient.builder().endpointOverride(URI.create(stack.emulator().endpoint()))
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("test", "test"))).build();
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
