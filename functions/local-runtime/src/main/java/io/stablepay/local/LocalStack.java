package io.stablepay.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.devstack.Tools;
import io.stablepay.ops.ContractDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Everything the platform runs on, on this machine: MiniStack (the AWS emulator) with the CDK stack
 * deployed into it, and two anvil chains standing in for ETHEREUM and POLYGON with the test
 * stablecoins and the platform's contracts deployed. The emulator and the chains start in parallel;
 * the contracts are deployed once both are up, by the ops command's code ({@link
 * ContractDeployment}, as {@code make deploy-contracts} does) with the local stage's deployer key
 * in the emulator's KMS, from a copy of {@code infra-cdk/stages/local.json} with the chains' tokens
 * (a file of this run's, {@link #stageFile}, where the addresses are then recorded); the stack is
 * deployed last, from that file and nothing else, and the chains' endpoints are put into its nodes
 * secret before any function starts. Closing it stops every process it started.
 */
final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String REGION = "us-east-1";
  static final long ETHEREUM_CHAIN_ID = 31337;
  static final long POLYGON_CHAIN_ID = 31338;

  /** The local stage's name: its deployer key is {@code alias/stablepay/local/deployer}. */
  static final String STAGE = "local";

  /** Ether the deployer gets from anvil's dev account 0 on each local chain. */
  private static final BigDecimal DEPLOYER_FUNDS = BigDecimal.valueOf(100);

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private MiniStackServer emulator;
  private final List<LocalChain> chains = new ArrayList<>();
  private StackDeployment.Outputs stack;
  private Path stageFile;

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
            () -> chain("ETHEREUM", ETHEREUM_CHAIN_ID, settings.ethereumPort()));
    CompletableFuture<LocalChain> polygon =
        CompletableFuture.supplyAsync(
            () -> chain("POLYGON", POLYGON_CHAIN_ID, settings.polygonPort()));
    try {
      emulator = emulatorUp.join();
      chains.addAll(deployContracts(List.of(ethereum.join(), polygon.join())));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    // the stack is deployed from the stage file the ops command wrote: the contracts' addresses
    // reach the functions from it and from nothing else
    List<String> context = new ArrayList<>(settings.stackContext());
    context.addAll(List.of("-c", "stageFile=" + stageFile));
    stack = StackDeployment.deploy(emulator.endpoint(), lambdaProxyBaseUrl, context);
    putNodes(settings.fronts());
    LOG.info("local stack ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Starts a chain that mines each transaction at once while the tokens and the platform's
   * contracts are deployed (a few hundred milliseconds instead of a second per transaction), with
   * the test stablecoins; its contracts come later ({@link #deployContracts}).
   */
  private LocalChain chain(String network, long chainId, int port) {
    AnvilNode node = track(AnvilNode.startWithoutIntervalMining(chainId, port));
    return new LocalChain(network, node, TokenDeployer.deployStablecoins(node.web3j()), Map.of());
  }

  /**
   * Deploys the suite on every chain as {@code make deploy-contracts} would, signed by the local
   * stage's deployer key in the emulator's KMS (funded from anvil's dev account 0 first), then lets
   * each chain mine a block every second like a real network.
   *
   * @return the chains with their contracts
   */
  private List<LocalChain> deployContracts(List<LocalChain> started) {
    try {
      stageFile = Files.createTempDirectory("stablepay-stage-").resolve(STAGE + ".json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Map<String, String>> tokens = new TreeMap<>();
    started.forEach(chain -> tokens.put(chain.network(), chain.tokens()));
    ContractDeployment.copyStageFile(
        Tools.projectRoot().resolve("infra-cdk/stages/" + STAGE + ".json"), stageFile, tokens);
    try (KmsClient kms = emulatorClient(KmsClient.builder(), emulator.endpoint())) {
      String deployer =
          new ContractDeployment(started.get(0).node().web3j(), kms, STAGE).deployer();
      List<CompletableFuture<LocalChain>> deployed =
          started.stream()
              .map(
                  chain ->
                      CompletableFuture.supplyAsync(
                          () -> deployContracts(chain, kms, deployer, stageFile)))
              .toList();
      return deployed.stream().map(CompletableFuture::join).toList();
    }
  }

  private static LocalChain deployContracts(
      LocalChain chain, KmsClient kms, String deployer, Path stageFile) {
    var web3j = chain.node().web3j();
    try {
      new Transfer(web3j, LocalContracts.account(web3j, 0))
          .sendFunds(deployer, DEPLOYER_FUNDS, Convert.Unit.ETHER)
          .send();
      ContractDeployment.Result result =
          new ContractDeployment(web3j, kms, STAGE).deploy(chain.network(), stageFile);
      LOG.info(
          "{} contracts deployed by {}: {} transactions, {} gas",
          chain.network(),
          deployer,
          result.transactions().size(),
          result.gasUsed());
      chain.node().mineEvery(1);
      return new LocalChain(chain.network(), chain.node(), chain.tokens(), result.contracts());
    } catch (Exception e) {
      throw new IllegalStateException(
          "could not deploy the contracts on " + chain.network() + ": " + e.getMessage(), e);
    }
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

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }

  /**
   * The local stage's file this run deployed from: {@code infra-cdk/stages/local.json} with the
   * chains' test tokens and the contracts the ops command deployed.
   */
  Path stageFile() {
    return stageFile;
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
