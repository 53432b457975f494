package io.stablepay.local;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the API needs around it on this machine, started in parallel and stopped together:
 * MiniStack (the AWS emulator) with the CDK stack deployed into it, and two anvil chains standing
 * in for ETHEREUM and POLYGON with the test stablecoins and the platform's contracts deployed.
 * Closing it stops every process it started, so Ctrl-C leaves nothing behind.
 */
final class LocalStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  static final String REGION = "us-east-1";
  static final long ETHEREUM_CHAIN_ID = 31337;
  static final long POLYGON_CHAIN_ID = 31338;

  private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
  private MiniStackServer emulator;
  private final List<LocalChain> chains = new ArrayList<>();
  private StackDeployment.Outputs stack;

  private LocalStack() {}

  /**
   * Starts the stack; {@code lambdaProxyBaseUrl} is where the emulator forwards invocations of
   * the deployed functions (the local runtime's own invoke endpoint).
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
    CompletableFuture<MiniStackServer> emulatorUp = CompletableFuture.supplyAsync(
        () -> track(MiniStackServer.start(settings.gatewayPort(), settings.emulatorSettings())));
    CompletableFuture<StackDeployment.Outputs> deployed = emulatorUp.thenApplyAsync(
        server -> StackDeployment.deploy(server.endpoint(), lambdaProxyBaseUrl,
            settings.stackContext()));
    CompletableFuture<LocalChain> ethereum = CompletableFuture.supplyAsync(
        () -> chain(NetworkId.ETHEREUM, ETHEREUM_CHAIN_ID, POLYGON_CHAIN_ID,
            settings.ethereumPort()));
    CompletableFuture<LocalChain> polygon = CompletableFuture.supplyAsync(
        () -> chain(NetworkId.POLYGON, POLYGON_CHAIN_ID, ETHEREUM_CHAIN_ID,
            settings.polygonPort()));
    try {
      emulator = emulatorUp.join();
      chains.add(ethereum.join());
      chains.add(polygon.join());
      stack = deployed.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LOG.info("local stack ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Starts a chain that mines each transaction at once while the tokens and the platform's
   * contracts are deployed (a few hundred milliseconds instead of a second per transaction),
   * then a block every second like a real network; its bridge vault sends to {@code peerChainId}.
   */
  private LocalChain chain(NetworkId network, long chainId, long peerChainId, int port) {
    AnvilNode node = track(AnvilNode.startWithoutIntervalMining(chainId, port));
    Map<String, String> tokens = TokenDeployer.deployStablecoins(node.web3j());
    Map<String, String> contracts =
        LocalContracts.deploy(node.web3j(), tokens.values(), List.of(peerChainId));
    node.mineEvery(1);
    return new LocalChain(network, node, tokens, contracts);
  }

  private <T extends AutoCloseable> T track(T process) {
    started.add(process);
    return process;
  }

  MiniStackServer emulator() {
    return emulator;
  }

  List<LocalChain> chains() {
    return List.copyOf(chains);
  }

  /** The deployed HTTP API as the emulator serves it (path-style, no DNS needed). */
  String httpApiUrl() {
    return emulator.endpoint() + "/_aws/execute-api/" + stack.httpApiId() + "/";
  }

  /**
   * Points the AWS SDK at the emulator through its standard settings (the {@code aws.*} system
   * properties mirror {@code AWS_ENDPOINT_URL}, {@code AWS_REGION} and the credentials), exactly
   * as an operator would with environment variables.
   */
  void configureAwsSdk() {
    System.setProperty("aws.endpointUrl", emulator.endpoint());
    System.setProperty("aws.region", REGION);
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
  }

  /** Micronaut properties that point the runtime at this stack. */
  Map<String, Object> properties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    chains.forEach(chain -> chain.describeInto(properties));
    properties.put("stablepay.dynamodb.table", stack.tableName());
    properties.put("stablepay.jwt.key-id", stack.jwtKeyId());
    properties.put("stablepay.api-keys.mac-key-id", stack.apiKeyMacKeyId());
    if (stack.secretsKeyId() != null) {
      properties.put("stablepay.secrets.key-id", stack.secretsKeyId());
    }
    if (stack.webhookQueueUrl() != null) {
      properties.put("stablepay.webhooks.queue-url", stack.webhookQueueUrl());
      properties.put("stablepay.webhooks.dead-letter-queue-url",
          stack.webhookDeadLetterQueueUrl());
    }
    if (stack.subscriptionArn() != null) {
      properties.put("stablepay.workflows.subscription-arn", stack.subscriptionArn());
    }
    if (stack.escrowArn() != null) {
      properties.put("stablepay.workflows.escrow-arn", stack.escrowArn());
    }
    if (stack.kycReviewArn() != null) {
      properties.put("stablepay.workflows.kyc-review-arn", stack.kycReviewArn());
      properties.put("stablepay.kyc.documents-bucket", stack.documentsBucket());
      // the emulator's S3 serves buckets by path, not by subdomain
      properties.put("stablepay.kyc.path-style", true);
    }
    properties.put("stablepay.mail.from", stack.mailFrom());
    properties.put("stablepay.local.emulator-endpoint", emulator.endpoint());
    return properties;
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
