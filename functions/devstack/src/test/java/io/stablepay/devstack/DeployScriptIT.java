package io.stablepay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.contracts.ContractArtifact;
import io.stablepay.contracts.ContractSuite;
import io.stablepay.contracts.wrappers.BridgeVault;
import io.stablepay.contracts.wrappers.MultiSigWallet;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.Subscription;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The forge script that deploys to testnets and mainnets ({@code contracts/script/Deploy.s.sol})
 * and the Java {@link ContractSuite} that deploys to the local chains wire the contracts the same
 * way: both run here on one anvil chain with one plan, and each deployment is checked on-chain. The
 * script also runs signed by a KMS key in the AWS emulator (forge's {@code --aws}), as it would be
 * for a real network, and lands at the CREATE2 addresses the ops command ({@code make
 * deploy-contracts}) computes for the same deployer: the proxy, the salts and this build's init
 * code.
 */
class DeployScriptIT {

  private static final Pattern DEPLOYED =
      Pattern.compile("^\\s*([a-z-]+): (0x[0-9a-fA-F]{40})\\s*$", Pattern.MULTILINE);
  private static final byte[] ADMIN = new byte[32];
  private static final byte[] OPERATOR =
      Hash.sha3("OPERATOR_ROLE".getBytes(StandardCharsets.UTF_8));
  private static final byte[] PAUSER = Hash.sha3("PAUSER_ROLE".getBytes(StandardCharsets.UTF_8));
  private static final BigInteger DAILY_LIMIT = BigInteger.valueOf(5_000_000_000L);

  @Test
  void theScriptAndTheJavaDeployerWireTheSameSuite() throws Exception {
    try (AnvilNode anvil = AnvilNode.startWithoutIntervalMining(31337)) {
      Web3j web3j = anvil.web3j();
      List<String> accounts = LocalContracts.accounts(web3j);
      List<String> tokens = List.copyOf(TokenDeployer.deployStablecoins(web3j).values());
      // the admin differs from the deployer (account 0), so the hand-over is exercised too
      ContractSuite.Plan plan =
          new ContractSuite.Plan(
              accounts.get(9),
              accounts.get(8),
              accounts.get(7),
              tokens,
              accounts.subList(1, 4),
              2,
              null,
              accounts.subList(4, 7),
              2,
              List.of(31338L, 137L),
              DAILY_LIMIT);

      Map<String, String> byScript =
          runScript(anvil, plan, List.of("--unlocked", "--sender", accounts.get(0)), Map.of());
      Map<String, String> byJava =
          new ContractSuite(web3j, LocalContracts.account(web3j, 0), LocalContracts.GAS)
              .deploy(plan)
              .byName();

      assertThat(byScript.keySet()).containsExactlyElementsOf(byJava.keySet());
      assertWired(web3j, byScript, plan, accounts.get(0));
      assertWired(web3j, byJava, plan, accounts.get(0));
    }
  }

  @Test
  void theScriptSignsWithAnAwsKmsKey() throws Exception {
    try (AnvilNode anvil = AnvilNode.startWithoutIntervalMining(31337);
        MiniStackServer emulator = MiniStackServer.start(0);
        KmsClient kms =
            KmsClient.builder()
                .endpointOverride(URI.create(emulator.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
      Web3j web3j = anvil.web3j();
      List<String> accounts = LocalContracts.accounts(web3j);
      String keyId =
          kms.createKey(
                  request ->
                      request.keySpec(KeySpec.ECC_SECG_P256_K1).keyUsage(KeyUsageType.SIGN_VERIFY))
              .keyMetadata()
              .keyId();
      String deployer =
          evmAddress(kms.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray());
      new Transfer(web3j, LocalContracts.account(web3j, 0))
          .sendFunds(deployer, BigDecimal.ONE, Convert.Unit.ETHER)
          .send();
      List<String> tokens = List.copyOf(TokenDeployer.deployStablecoins(web3j).values());
      ContractSuite.Plan plan =
          new ContractSuite.Plan(
              accounts.get(9),
              accounts.get(8),
              accounts.get(7),
              tokens,
              accounts.subList(1, 4),
              2,
              null,
              accounts.subList(4, 7),
              2,
              List.of(31338L, 137L),
              DAILY_LIMIT);

      Map<String, String> deployed =
          runScript(
              anvil,
              plan,
              List.of("--aws"),
              Map.of(
                  "AWS_KMS_KEY_ID", keyId,
                  "AWS_ENDPOINT_URL", emulator.endpoint(),
                  "AWS_REGION", "us-east-1",
                  "AWS_ACCESS_KEY_ID", "test",
                  "AWS_SECRET_ACCESS_KEY", "test"));

      assertWired(web3j, deployed, plan, deployer);
      Map<String, String> expected = create2Addresses(plan, deployer);
      assertThat(deployed.keySet()).isEqualTo(expected.keySet());
      expected.forEach(
          (name, address) ->
              assertThat(deployed.get(name)).as(name).isEqualToIgnoringCase(address));
      assertThat(
              web3j
                  .ethGetTransactionCount(
                      deployer, org.web3j.protocol.core.DefaultBlockParameterName.LATEST)
                  .send()
                  .getTransactionCount())
          .as("every deployment transaction came from the KMS key's address")
          .isGreaterThan(BigInteger.TEN);
    }
  }

  /**
   * Where the ops command creates the suite for {@code deployer}: through the CREATE2 proxy, with
   * the salt keccak256("stablepay:<name>:1") and this build's init code and constructor arguments.
   */
  private static Map<String, String> create2Addresses(ContractSuite.Plan plan, String deployer) {
    Map<String, String> addresses = new LinkedHashMap<>();
    String treasury =
        create2(
            ContractSuite.TREASURY,
            "MultiSigWallet",
            new DynamicArray<>(
                Address.class, plan.treasuryOwners().stream().map(Address::new).toList()),
            new Uint256(plan.treasuryThreshold()));
    addresses.put(ContractSuite.TREASURY, treasury);
    addresses.put(
        ContractSuite.GATEWAY,
        create2(
            ContractSuite.GATEWAY, "PaymentGateway", new Address(deployer), new Address(treasury)));
    addresses.put(ContractSuite.ESCROW, create2(ContractSuite.ESCROW, "Escrow"));
    addresses.put(
        ContractSuite.SUBSCRIPTION,
        create2(ContractSuite.SUBSCRIPTION, "Subscription", new Address(deployer)));
    addresses.put(
        ContractSuite.BRIDGE, create2(ContractSuite.BRIDGE, "BridgeVault", new Address(deployer)));
    return addresses;
  }

  private static String create2(String name, String contract, Type<?>... arguments) {
    byte[] initCode =
        Numeric.hexStringToByteArray(
            ContractArtifact.load(contract).bytecode()
                + FunctionEncoder.encodeConstructor(List.of(arguments)));
    byte[] input = new byte[85];
    input[0] = (byte) 0xff;
    System.arraycopy(
        Numeric.hexStringToByteArray("0x4e59b44847b379578588920cA78FbF26c0B4956C"),
        0,
        input,
        1,
        20);
    System.arraycopy(
        Hash.sha3(("stablepay:" + name + ":1").getBytes(StandardCharsets.US_ASCII)),
        0,
        input,
        21,
        32);
    System.arraycopy(Hash.sha3(initCode), 0, input, 53, 32);
    return Keys.toChecksumAddress(
        Numeric.toHexString(Arrays.copyOfRange(Hash.sha3(input), 12, 32)));
  }

  /** The EVM address of a DER SubjectPublicKeyInfo: it ends with the 65-byte point 04||X||Y. */
  private static String evmAddress(byte[] subjectPublicKeyInfo) {
    byte[] xy =
        Arrays.copyOfRange(
            subjectPublicKeyInfo, subjectPublicKeyInfo.length - 64, subjectPublicKeyInfo.length);
    return Keys.toChecksumAddress(Keys.getAddress(new BigInteger(1, xy)));
  }

  private static void assertWired(
      Web3j web3j, Map<String, String> deployed, ContractSuite.Plan plan, String deployer)
      throws Exception {
    var reader = LocalContracts.account(web3j, 0);
    var gas = LocalContracts.GAS;
    MultiSigWallet treasury =
        MultiSigWallet.load(deployed.get(ContractSuite.TREASURY), web3j, reader, gas);
    PaymentGateway gateway =
        PaymentGateway.load(deployed.get(ContractSuite.GATEWAY), web3j, reader, gas);
    Subscription subscription =
        Subscription.load(deployed.get(ContractSuite.SUBSCRIPTION), web3j, reader, gas);
    BridgeVault bridge = BridgeVault.load(deployed.get(ContractSuite.BRIDGE), web3j, reader, gas);

    assertThat(lower(treasury.getOwners().send()))
        .containsExactlyElementsOf(lower(plan.treasuryOwners()));
    assertThat(treasury.threshold().send()).isEqualTo(BigInteger.TWO);

    assertThat(gateway.settlementVault().send())
        .isEqualToIgnoringCase(treasury.getContractAddress());
    for (String token : plan.tokens()) {
      assertThat(gateway.allowedTokens(token).send()).as("gateway allows " + token).isTrue();
      assertThat(bridge.dailyLimit(token).send()).isEqualTo(DAILY_LIMIT);
    }
    assertThat(gateway.hasRole(OPERATOR, plan.operator()).send()).isTrue();
    assertThat(subscription.hasRole(OPERATOR, plan.operator()).send()).isTrue();
    assertThat(gateway.hasRole(PAUSER, plan.pauser()).send()).isTrue();
    assertThat(subscription.hasRole(PAUSER, plan.pauser()).send()).isTrue();
    assertThat(bridge.hasRole(PAUSER, plan.pauser()).send()).isTrue();
    for (var contract :
        List.of(
            gateway.hasRole(ADMIN, plan.admin()),
            subscription.hasRole(ADMIN, plan.admin()),
            bridge.hasRole(ADMIN, plan.admin()))) {
      assertThat(contract.send()).as("the plan's admin holds the admin role").isTrue();
    }
    for (var contract :
        List.of(
            gateway.hasRole(ADMIN, deployer),
            subscription.hasRole(ADMIN, deployer),
            bridge.hasRole(ADMIN, deployer))) {
      assertThat(contract.send()).as("the deployer renounced the admin role").isFalse();
    }

    assertThat(bridge.isDestinationChain(BigInteger.valueOf(31338)).send()).isTrue();
    assertThat(bridge.isDestinationChain(BigInteger.valueOf(137)).send()).isTrue();
    assertThat(bridge.isDestinationChain(BigInteger.ONE).send()).isFalse();
    assertThat(lower(bridge.getRelayers().send()))
        .containsExactlyInAnyOrderElementsOf(lower(plan.relayers()));
    assertThat(bridge.threshold().send()).isEqualTo(BigInteger.TWO);
  }

  /** Runs the deployment script with {@code signer} (forge's wallet options). */
  private static Map<String, String> runScript(
      AnvilNode anvil, ContractSuite.Plan plan, List<String> signer, Map<String, String> signerEnv)
      throws IOException, InterruptedException {
    Path contracts = Tools.projectRoot().resolve("contracts");
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.forge().toString(),
                "script",
                "script/Deploy.s.sol",
                "--offline",
                "--use",
                "scripts/solc.js",
                "--rpc-url",
                anvil.rpcUrl(),
                "--broadcast",
                // one transaction at a time: sent together, a later nonce can reach the node first
                // and
                // wait in its queue for good
                "--slow"));
    command.addAll(signer);
    ProcessBuilder forge =
        new ProcessBuilder(command).directory(contracts.toFile()).redirectErrorStream(true);
    Map<String, String> env = forge.environment();
    env.putAll(signerEnv);
    env.put("STABLEPAY_ADMIN", plan.admin());
    env.put("STABLEPAY_OPERATOR", plan.operator());
    env.put("STABLEPAY_PAUSER", plan.pauser());
    env.put("STABLEPAY_TOKENS", String.join(",", plan.tokens()));
    env.put("STABLEPAY_TREASURY_OWNERS", String.join(",", plan.treasuryOwners()));
    env.put("STABLEPAY_TREASURY_THRESHOLD", Integer.toString(plan.treasuryThreshold()));
    env.put("STABLEPAY_RELAYERS", String.join(",", plan.relayers()));
    env.put("STABLEPAY_RELAYER_THRESHOLD", Integer.toString(plan.relayerThreshold()));
    env.put(
        "STABLEPAY_BRIDGE_DESTINATIONS",
        String.join(",", plan.bridgeDestinations().stream().map(String::valueOf).toList()));
    env.put("STABLEPAY_BRIDGE_DAILY_LIMIT", plan.bridgeDailyLimit().toString());
    Path log = Files.createTempFile("forge-script-", ".log");
    forge.redirectOutput(log.toFile());
    Process process = forge.start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(finished).as("forge script finished within 3 minutes:%n%s", output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("ONCHAIN EXECUTION COMPLETE & SUCCESSFUL");

    Map<String, String> deployed = new LinkedHashMap<>();
    Matcher matcher = DEPLOYED.matcher(output);
    while (matcher.find()) {
      deployed.put(matcher.group(1), matcher.group(2));
    }
    return deployed;
  }

  private static List<String> lower(List<?> addresses) {
    List<String> lower = new ArrayList<>();
    addresses.forEach(a -> lower.add(a.toString().toLowerCase(java.util.Locale.ROOT)));
    return lower;
  }
}
