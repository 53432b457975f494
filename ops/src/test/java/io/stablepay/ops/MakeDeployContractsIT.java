package io.stablepay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stablepay.contracts.ContractSuite;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The operator's command itself, {@code make deploy-contracts STAGE= NETWORK= RPC_URL=
 * STAGE_FILE=}, run as a process from the repository's root against an anvil chain and the
 * emulator's KMS (the AWS settings of the environment, as an operator's shell has them), on a copy
 * of the local stage file: the first run, with a deployer nobody funded yet, fails saying what to
 * fund and sends nothing; once funded, it deploys and writes the five addresses into the file; a
 * third run sends nothing. The jar the target runs is this build's, so make goes straight to the
 * chain.
 */
class MakeDeployContractsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STAGE = "makeit";

  private static AnvilNode anvil;
  private static MiniStackServer emulator;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    emulator = MiniStackServer.start(0);
  }

  @AfterAll
  static void stop() {
    emulator.close();
    anvil.close();
  }

  @Test
  void anOperatorsRunsFailUnfundedThenDeployOnceThenSendNothing() throws Exception {
    Path root = Path.of(System.getProperty("stablepay.root", "..")).toAbsolutePath().normalize();
    Path stageFile = dir.resolve("makeit.json");
    ObjectNode stage =
        (ObjectNode) JSON.readTree(root.resolve("infra-cdk/stages/local.json").toFile());
    ((ObjectNode) stage.path("networks").path("ETHEREUM"))
        .set("tokens", JSON.valueToTree(TokenDeployer.deployStablecoins(anvil.web3j())));
    Files.writeString(stageFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(stage));

    Run unfunded = make(root, stageFile);
    // make's own failure (2) over the command's (1)
    assertThat(unfunded.exit()).as(unfunded.output()).isEqualTo(2);
    String deployer;
    try (KmsClient kms = ContractDeploymentIT.kms(emulator)) {
      deployer = DeployerKey.findOrCreate(kms, STAGE).address();
    }
    // what to fund, and that nothing left
    assertThat(unfunded.output())
        .contains("deploy-contracts: treasury-multisig: ")
        .contains("(the deployer " + deployer + " holds 0 wei)");
    assertThat(nonce(deployer)).as("nothing was sent").isZero();
    assertThat(JSON.readTree(stageFile.toFile()).at("/networks/ETHEREUM/contracts").isMissingNode())
        .isTrue();

    String funder = anvil.web3j().ethAccounts().send().getAccounts().getFirst();
    anvil
        .web3j()
        .ethSendTransaction(
            Transaction.createEtherTransaction(
                funder, null, null, null, deployer, BigInteger.TEN.pow(19)))
        .send();
    anvil.mine(1);

    Run deployed = make(root, stageFile);
    assertThat(deployed.exit()).as(deployed.output()).isZero();
    JsonNode written = JSON.readTree(stageFile.toFile()).at("/networks/ETHEREUM/contracts");
    Map<String, String> contracts = new TreeMap<>();
    written.fields().forEachRemaining(c -> contracts.put(c.getKey(), c.getValue().asText()));
    assertThat(contracts)
        .containsOnlyKeys(
            ContractSuite.TREASURY,
            ContractSuite.GATEWAY,
            ContractSuite.ESCROW,
            ContractSuite.SUBSCRIPTION,
            ContractSuite.BRIDGE);
    for (var contract : contracts.entrySet()) {
      assertThat(deployed.output()).contains(contract.getKey() + ": " + contract.getValue());
      assertThat(Create2.hasCode(anvil.web3j(), contract.getValue())).isTrue();
    }
    assertThat(deployed.output()).contains("addresses written to " + stageFile);
    BigInteger sent = nonce(deployer);
    assertThat(sent).isPositive();

    Run again = make(root, stageFile);
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("0 transactions");
    assertThat(nonce(deployer)).isEqualTo(sent);
  }

  /** What a run printed (both streams) and how it ended. */
  private record Run(int exit, String output) {}

  private static Run make(Path root, Path stageFile) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("make", "--no-print-directory"));
    command.addAll(
        List.of(
            "deploy-contracts",
            "STAGE=" + STAGE,
            "NETWORK=ethereum",
            "RPC_URL=" + anvil.rpcUrl(),
            "STAGE_FILE=" + stageFile));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.remove("AWS_PROFILE");
    environment.put("AWS_ENDPOINT_URL", emulator.endpoint());
    environment.put("AWS_REGION", "us-east-1");
    environment.put("AWS_ACCESS_KEY_ID", "test");
    environment.put("AWS_SECRET_ACCESS_KEY", "test");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // a stale jar is rebuilt first (minutes); this build's is used as it is
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    System.out.print(output);
    return new Run(process.exitValue(), output);
  }

  private static BigInteger nonce(String address) throws IOException {
    return anvil
        .web3j()
        .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount();
  }
}
