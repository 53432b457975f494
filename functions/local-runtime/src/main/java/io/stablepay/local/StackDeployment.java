package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the same CDK stack that goes to AWS into the emulator ({@code infra-cdk/deploy-local.sh}:
 * bootstrap, then a direct deploy), so the local resources are defined once, in the stack.
 */
final class StackDeployment {

  private static final Logger LOG = LoggerFactory.getLogger(StackDeployment.class);
  private static final long TIMEOUT_SECONDS = 300;

  /** What the stack exports that the local runtime needs. */
  record Outputs(
      String tableName,
      String httpApiId,
      String adminEmail,
      String adminPasswordSecretArn,
      String chainEventsSecretArn,
      String kycReviewArn,
      String subscriptionArn,
      String escrowArn,
      String nodesSecretArn) {}

  private StackDeployment() {}

  /**
   * @param context extra CDK context arguments ({@code -c key=value} pairs)
   */
  static Outputs deploy(String emulatorEndpoint, String lambdaProxyBaseUrl, List<String> context) {
    Path root = Tools.projectRoot();
    Path script = root.resolve("infra-cdk/deploy-local.sh");
    try {
      Path outputs = Files.createTempFile("stablepay-stack-", ".json");
      Path log = Files.createTempFile("stablepay-cdk-deploy-", ".log");
      long t0 = System.nanoTime();
      List<String> command =
          new ArrayList<>(
              List.of(
                  "bash",
                  script.toString(),
                  emulatorEndpoint,
                  lambdaProxyBaseUrl,
                  outputs.toString()));
      command.addAll(context);
      Process deploy =
          new ProcessBuilder(command)
              .directory(root.resolve("infra-cdk").toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!deploy.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        deploy.descendants().forEach(ProcessHandle::destroyForcibly);
        deploy.destroyForcibly();
        throw new IllegalStateException(
            "CDK deploy into the emulator took over " + TIMEOUT_SECONDS + " s; see " + log);
      }
      if (deploy.exitValue() != 0) {
        throw new IllegalStateException(
            "CDK deploy into the emulator failed (exit " + deploy.exitValue() + "):\n" + tail(log));
      }
      LOG.info("stack deployed into the emulator in {} ms", (System.nanoTime() - t0) / 1_000_000);
      return read(outputs);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while deploying the stack", e);
    }
  }

  private static Outputs read(Path outputsFile) throws IOException {
    JsonNode stacks = new ObjectMapper().readTree(outputsFile.toFile());
    JsonNode outputs = stacks.elements().next();
    return new Outputs(
        outputs.path("TableName").asText(null),
        outputs.path("HttpApiId").asText(null),
        outputs.path("AdminEmail").asText(null),
        outputs.path("AdminPasswordSecretArn").asText(null),
        outputs.path("ChainEventsSecretArn").asText(null),
        outputs.path("KycReviewStateMachineArn").asText(null),
        outputs.path("SubscriptionStateMachineArn").asText(null),
        outputs.path("EscrowStateMachineArn").asText(null),
        outputs.path("NodesSecretArn").asText(null));
  }

  private static String tail(Path log) throws IOException {
    var lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
