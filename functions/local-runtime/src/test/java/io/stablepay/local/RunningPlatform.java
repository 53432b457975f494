package io.stablepay.local;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The whole local platform, as `make run` starts it, started once for every black-box test class in
 * this JVM and stopped when the test run ends. The tests call {@link #api}: the deployed HTTP API
 * through the emulator's API Gateway, so every request takes the deployed route to the deployed
 * function's own handler.
 */
final class RunningPlatform implements BeforeAllCallback, ExtensionContext.Store.CloseableResource {

  private static RunningPlatform running;

  final LocalRuntime runtime;
  final LocalStack stack;

  /** The deployed HTTP API through API Gateway (what the scenarios call). */
  final String api;

  /** The convenience API on a free port, forwarding to {@link #api}, with the dev routes. */
  final String direct;

  private final Map<String, ApplicationContext> contexts = new ConcurrentHashMap<>();
  private LambdaClient lambda;
  private Map<String, FunctionConfiguration> deployed;

  private RunningPlatform(LocalRuntime runtime) {
    this.runtime = runtime;
    this.stack = runtime == null ? null : runtime.stack();
    this.api = runtime == null ? null : runtime.gatewayUrl();
    this.direct = runtime == null ? null : runtime.directUrl();
  }

  /** Registered with {@code @ExtendWith}; JUnit needs a public no-arg instance. */
  RunningPlatform() {
    this(null);
  }

  /** How long a KYC review waits for a decision before it escalates, in these tests. */
  static final int KYC_REVIEW_TIMEOUT_SECONDS = 20;

  /**
   * The emulator's Step Functions waits last this fraction of their time here: a day of a
   * subscription (a Wait state) passes in about 2.6 seconds.
   */
  static final String WORKFLOW_WAIT_SCALE = "0.00003";

  /** The services the functions reach through a {@link FaultyProxy} in these tests. */
  private static final Set<String> FAULTY = java.util.Set.of("ETHEREUM", "KMS");

  private static final Map<String, FaultyProxy> PROXIES = new ConcurrentHashMap<>();

  /**
   * The proxy in front of {@code service} ({@code ETHEREUM}'s node or {@code KMS}) for every
   * deployed function: passing everything through unless a test injects a fault.
   */
  FaultyProxy proxy(String service) {
    FaultyProxy proxy = PROXIES.get(service);
    if (proxy == null) {
      throw new AssertionError("no proxy in front of " + service);
    }
    return proxy;
  }

  /** Every log event of the local runtime and of every function while the tests run. */
  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  static synchronized RunningPlatform get() {
    if (running == null) {
      Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
      LOGS.start();
      root.addAppender(LOGS);
      // stuck withdrawals are replaced after seconds here, not minutes; a KYC review nobody
      // decides escalates after seconds, not days: both are the deployed functions' settings
      running =
          new RunningPlatform(
              LocalRuntime.start(
                  LocalSettings.anyFreePorts()
                      .withKycReviewTimeoutSeconds(KYC_REVIEW_TIMEOUT_SECONDS)
                      .withWorkflowWaitScale(WORKFLOW_WAIT_SCALE)
                      .withFunctionSetting("STABLEPAY_WITHDRAWALS_REPLACE_AFTER", "4s")
                      // every request of every test comes from 127.0.0.1: one address's failed
                      // sign-ins
                      // over all accounts would be the whole suite's (fuzzing included), not an
                      // attacker's
                      .withFunctionSetting("STABLEPAY_AUTH_ADDRESS_FAILURE_LIMIT", "1000000")
                      // the emulator keeps its state when EmulatorRestartIT takes it down and back
                      // up
                      .withRestartableEmulator()
                      // the functions reach ETHEREUM's node and KMS through proxies the fault tests
                      // control
                      .withFronts(
                          (service, address) ->
                              FAULTY.contains(service)
                                  ? PROXIES
                                      .computeIfAbsent(service, name -> FaultyProxy.start(address))
                                      .url()
                                  : address)));
    }
    return running;
  }

  String adminEmail() {
    return runtime.adminEmail();
  }

  String adminPassword() {
    return runtime.adminPassword();
  }

  /** The administrator's Authorization value, signed in through the API. */
  String adminBearer() {
    return runtime.adminBearer();
  }

  /** The secret a node provider signs chain-event pushes with. */
  String chainEventsSecret() {
    return runtime.chainEventsSecret();
  }

  /** A client of the emulator's Step Functions, for looking at executions; the caller closes it. */
  SfnClient sfn() {
    return LocalStack.emulatorClient(SfnClient.builder(), stack.emulator().endpoint());
  }

  /**
   * Invokes the deployed function {@code function} (its name in {@code Functions}, e.g. {@code
   * settler}) through the emulator's Lambda API, as its schedule would, with {@code event}; the
   * function's answer, or an AssertionError with its error.
   */
  String invoke(String function, String event) {
    InvokeResponse response =
        lambda()
            .invoke(
                b ->
                    b.functionName(deployedName(function)).payload(SdkBytes.fromUtf8String(event)));
    String payload = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      throw new AssertionError(function + " failed: " + payload);
    }
    return payload;
  }

  /**
   * The application context of the deployed function {@code function} (its name in {@code
   * Functions}) in this JVM: its own Micronaut environment and the environment variables the stack
   * gave it, read from the emulator, with the AWS SDK pointed at the emulator. For white-box checks
   * of what the functions wrote (stores, the chain as the platform sees it) and for simulating a
   * crash half way; the scenarios themselves go through {@link #api}.
   */
  ApplicationContext context(String function) {
    return contexts.computeIfAbsent(
        function,
        name -> {
          System.setProperty("aws.endpointUrl", stack.emulator().endpoint());
          System.setProperty("aws.region", LocalStack.REGION);
          System.setProperty("aws.accessKeyId", "test");
          System.setProperty("aws.secretAccessKey", "test");
          try {
            Map<String, String> variables = deployed().get(name).environment().variables();
            var builder =
                ApplicationContext.builder()
                    .environments(name)
                    // this JVM's own environment is not the function's
                    .environmentPropertySource(false)
                    .propertySources(
                        PropertySource.of(
                            "deployed-function-environment",
                            new TreeMap<String, Object>(variables),
                            PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));
            String json = variables.get(LocalLambdas.APPLICATION_JSON_ENV);
            if (json != null) {
              builder.propertySources(
                  PropertySource.of(
                      "deployed-function-json", ApiClient.JSON.readValue(json, Map.class)));
            }
            return builder.start();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** What the functions logged (their JSON lines), parsed; newest last. */
  static List<JsonNode> functionLogs() {
    List<JsonNode> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      if (event.getLoggerName().startsWith("lambda.")
          && event.getFormattedMessage().startsWith("{")) {
        try {
          lines.add(ApiClient.JSON.readTree(event.getFormattedMessage()));
        } catch (IOException notJson) {
          // a line the function printed that is not a log event: not one of these
        }
      }
    }
    return lines;
  }

  /** The environment variable {@code name} the stack set on the deployed {@code function}. */
  String functionSetting(String function, String name) {
    String value = deployed().get(function).environment().variables().get(name);
    if (value == null) {
      throw new AssertionError(function + " has no " + name);
    }
    return value;
  }

  /** One client of the emulator's Lambda API for the run; closed with the platform. */
  private synchronized LambdaClient lambda() {
    if (lambda == null) {
      lambda = LocalStack.emulatorClient(LambdaClient.builder(), stack.emulator().endpoint());
    }
    return lambda;
  }

  /** What the stack deployed, read once: it does not change while the tests run. */
  private synchronized Map<String, FunctionConfiguration> deployed() {
    if (deployed == null) {
      deployed = LocalLambdas.deployedFunctions(lambda());
    }
    return deployed;
  }

  /** The emulator's name of the function the stack deployed as {@code function}. */
  private String deployedName(String function) {
    FunctionConfiguration config = deployed().get(function);
    if (config == null) {
      throw new AssertionError("the stack deployed no function " + function);
    }
    return config.functionName();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(RunningPlatform.class, key -> get(), RunningPlatform.class);
  }

  @Override
  public void close() {
    synchronized (RunningPlatform.class) {
      running = null;
    }
    contexts.values().forEach(ApplicationContext::close);
    if (lambda != null) {
      lambda.close();
    }
    runtime.close();
    PROXIES.values().forEach(FaultyProxy::close);
    PROXIES.clear();
  }
}
