package io.stablepay.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything the platform runs on, on this machine: MiniStack (the AWS emulator) with the CDK stack
 * deployed into it, and two anvil chains standing in for ETHEREUM and POLYGON with the test
 * stablecoins and the platform's contracts deployed. The emulator and the chains start in parallel;
 * the stack is deployed once the chains are up, since their nodes and addresses are part of the
 * functions' configuration. Closing it stops every process it started.
 */
final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String REGION = "us-east-1";
  static final long ETHEREUM_CHAIN_ID = 31337;
  static final long POLYGON_CHAIN_ID = 31338;

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private MiniStackServer emulator;
  private final List<LocalChain> chains = new ArrayList<>();
  private StackDeployment.Outputs stack;

  private LocalStack() {}

  /**
   * A client of the emulator at {@code endpoint} (its region and test credentials, over the JDK's
   * HTTP/1.1 connection), e.g. {@code emulatorClient(LambdaClient.builder(), endpoint)}; the caller
   * closes it.
   */
  static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C emulatorClient(
      B builder, String endpoint) {
    return builder
        .endpointOverride(URI.create(endpoint))
        .region(Region.of(REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * Starts the stack; {@code lambdaProxyBaseUrl} is where the emulator forwards invocations of the
   * deployed functions (the local runtime's Lambda service).
   */
  static LocalStack start(LocalSettings settings, String lambdaProxyBaseUrl) {
    LocalStack stack = new LocalStack();
    try {
      stack.startAll(settings, lambdaProxyBaseUrl);
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(LocalSettings settings, String lambdaProxyBaseUrl) {
    long t0 = System.nanoTime();
    CompletableFuture<MiniStackServer> emulatorUp =
        CompletableFuture.supplyAsync(
            () ->
                track(
                    settings.restartableEmulator()
                        ? MiniStackServer.startRestartable(
                            settings.gatewayPort(), settings.emulatorSettings())
                        : MiniStackServer.start(
                            settings.gatewayPort(), settings.emulatorSettings())));
    CompletableFuture<LocalChain> ethereum =
        CompletableFuture.supplyAsync(
            () -> chain("ETHEREUM", ETHEREUM_CHAIN_ID, POLYGON_CHAIN_ID, settings.ethereumPort()));
    CompletableFuture<LocalChain> polygon =
        CompletableFuture.supplyAsync(
            () -> chain("POLYGON", POLYGON_CHAIN_ID, ETHEREUM_CHAIN_ID, settings.polygonPort()));
    try {
      emulator = emulatorUp.join();
      chains.add(ethereum.join());
      chains.add(polygon.join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    List<String> context = new ArrayList<>(settings.stackContext());
    context.addAll(
        List.of(
            "-c",
            "networks="
                + chains.stream().map(LocalChain::network).collect(Collectors.joining(","))));
    context.addAll(List.of("-c", "chainSettings=" + chainSettings()));
    stack = StackDeployment.deploy(emulator.endpoint(), lambdaProxyBaseUrl, context);
    putNodes(settings.fronts());
    LOG.info("local stack ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Starts a chain that mines each transaction at once while the tokens and the platform's
   * contracts are deployed (a few hundred milliseconds instead of a second per transaction), then a
   * block every second like a real network; its bridge vault sends to {@code peerChainId}.
   */
  private LocalChain chain(String network, long chainId, long peerChainId, int port) {
    AnvilNode node = track(AnvilNode.startWithoutIntervalMining(chainId, port));
    Map<String, String> tokens = TokenDeployer.deployStablecoins(node.web3j());
    Map<String, String> contracts =
        LocalContracts.deploy(node.web3j(), tokens.values(), List.of(peerChainId));
    node.mineEvery(1);
    return new LocalChain(network, node, tokens, contracts);
  }

  /**
   * Puts the chains' endpoints, as the functions are to reach them, into the stack's nodes secret,
   * as an operator does after a deploy; before any function starts, so the first read finds them.
   */
  private void putNodes(LocalSettings.Fronts fronts) {
    Map<String, Object> nodes = new TreeMap<>();
    chains.forEach(
        chain ->
            nodes.put(
                chain.network(),
                Map.of("urls", fronts.fronts(chain.network(), chain.node().rpcUrl()))));
    try (SecretsManagerClient secrets =
        emulatorClient(SecretsManagerClient.builder(), emulator.endpoint())) {
      String value = JSON.writeValueAsString(nodes);
      secrets.putSecretValue(b -> b.secretId(stack.nodesSecretArn()).secretString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chains' tokens and contracts as the JSON property source every function gets. */
  private String chainSettings() {
    Map<String, Object> byNetwork = new TreeMap<>();
    chains.forEach(
        chain ->
            byNetwork.put(chain.network().toLowerCase(java.util.Locale.ROOT), chain.settings()));
    try {
      return JSON.writeValueAsString(Map.of("stablepay", Map.of("chains", byNetwork)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }

  MiniStackServer emulator() {
    return emulator;
  }

  /**
   * Takes the emulator down for {@code down} and brings it back with its state, on the same
   * endpoint (only with {@link LocalSettings#withRestartableEmulator}). The functions and the
   * chains keep running: what they call meanwhile fails as a call to a service that is down.
   */
  void restartEmulator(Duration down) {
    long t0 = System.nanoTime();
    emulator.restart(down);
    LOG.info(
        "emulator restarted in {} ms ({} ms down on purpose)",
        (System.nanoTime() - t0) / 1_000_000,
        down.toMillis());
  }

  List<LocalChain> chains() {
    return List.copyOf(chains);
  }

  LocalChain chain(String network) {
    return chains.stream()
        .filter(c -> c.network().equalsIgnoreCase(network))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(network + " has no local chain"));
  }

  StackDeployment.Outputs outputs() {
    return stack;
  }

  /** The deployed HTTP API as the emulator serves it (path-style, no DNS needed). */
  String gatewayUrl() {
    return emulator.endpoint() + "/_aws/execute-api/" + stack.httpApiId();
  }

  @Override
  public void close() {
    List<AutoCloseable> toStop = new ArrayList<>(started);
    Collections.reverse(toStop);
    for (AutoCloseable process : toStop) {
      try {
        process.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}: {}", process, e.toString());
      }
    }
    started.clear();
  }
}
