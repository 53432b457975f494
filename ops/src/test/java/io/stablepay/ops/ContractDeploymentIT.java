package io.stablepay.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.contracts.ContractSuite;
import io.stablepay.contracts.wrappers.BridgeVault;
import io.stablepay.contracts.wrappers.MultiSigWallet;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.Subscription;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The ops command's deployment on two anvil chains of one stage, signed by a deployer key it
 * creates in the emulator's KMS: each contract at the same address on both, its code the build's,
 * the roles as the stage file's custody section plans them, the addresses written into the stage
 * file (and nothing else of it touched), and a second run sends nothing.
 */
class ContractDeploymentIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger DAILY_LIMIT = BigInteger.valueOf(5_000_000_000L);

  private static AnvilNode ethereum;
  private static AnvilNode polygon;
  private static MiniStackServer emulator;
  private static KmsClient kms;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    ethereum = AnvilNode.startWithoutIntervalMining(31337);
    polygon = AnvilNode.startWithoutIntervalMining(31338);
    emulator = MiniStackServer.start(0);
    kms = kms(emulator);
  }

  /** A KMS client of {@code emulator}'s, as the ops command's tests sign with. */
  static KmsClient kms(MiniStackServer emulator) {
    return KmsClient.builder()
        .endpointOverride(URI.create(emulator.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterAll
  static void stop() {
    kms.close();
    emulator.close();
    polygon.close();
    ethereum.close();
  }

  @Test
  void deploysTheSameSuiteAtTheSameAddressesOnBothChainsOnce() throws Exception {
    List<String> accounts = LocalContracts.accounts(ethereum.web3j());
    Map<String, String> ethereumTokens = TokenDeployer.deployStablecoins(ethereum.web3j());
    Map<String, String> polygonTokens = TokenDeployer.deployStablecoins(polygon.web3j());
    Path stageFile = dir.resolve("it.json");
    Files.writeString(stageFile, stageFile(accounts, ethereumTokens, polygonTokens));

    ContractDeployment ethereumDeployment = new ContractDeployment(ethereum.web3j(), kms, "it");
    ContractDeployment polygonDeployment = new ContractDeployment(polygon.web3j(), kms, "it");
    String deployer = ethereumDeployment.deployer();
    assertThat(polygonDeployment.deployer()).as("one key per stage").isEqualTo(deployer);
    assertThat(
            kms.describeKey(r -> r.keyId(DeployerKey.alias("it"))).keyMetadata().keySpecAsString())
        .isEqualTo("ECC_SECG_P256K1");
    fund(ethereum.web3j(), deployer);
    fund(polygon.web3j(), deployer);

    ContractDeployment.Result onEthereum = ethereumDeployment.deploy("ETHEREUM", stageFile);
    ContractDeployment.Result onPolygon = polygonDeployment.deploy("POLYGON", stageFile);
    System.out.printf(
        "full deployment: %d transactions, %s gas on ETHEREUM; %s gas on POLYGON%n",
        onEthereum.transactions().size(), onEthereum.gasUsed(), onPolygon.gasUsed());

    assertThat(onEthereum.contracts().keySet())
        .containsExactly(
            ContractSuite.TREASURY,
            ContractSuite.GATEWAY,
            ContractSuite.ESCROW,
            ContractSuite.SUBSCRIPTION,
            ContractSuite.BRIDGE);
    assertThat(onPolygon.contracts()).isEqualTo(onEthereum.contracts());
    assertThat(onEthereum.transactions()).allSatisfy(t -> assertThat(t.hash()).isNotBlank());
    for (String address : onEthereum.contracts().values()) {
      assertThat(Create2.hasCode(ethereum.web3j(), address)).isTrue();
      assertThat(Create2.hasCode(polygon.web3j(), address)).isTrue();
    }

    String bridge = onEthereum.contracts().get(ContractSuite.BRIDGE);
    String bridgeCode = Create2.code(ethereum.web3j(), bridge);
    assertThat(Create2.code(polygon.web3j(), bridge))
        .as("the chain id is among the bridge vault's immutables")
        .isNotEqualTo(bridgeCode);
    Create2.verify("BridgeVault", bridge, Create2.code(polygon.web3j(), bridge));
    String gateway = onEthereum.contracts().get(ContractSuite.GATEWAY);
    String gatewayCode = Create2.code(ethereum.web3j(), gateway);
    String tampered =
        gatewayCode.substring(0, 100)
            + (gatewayCode.charAt(100) == 'f' ? 'e' : 'f')
            + gatewayCode.substring(101);
    assertThatThrownBy(() -> Create2.verify("PaymentGateway", gateway, tampered))
        .hasMessageContaining("is not the code this build compiled");
    assertThatThrownBy(() -> Create2.verify("PaymentGateway", bridge, bridgeCode))
        .hasMessageContaining("bytes of code");

    assertWired(
        ethereum.web3j(), onEthereum.contracts(), accounts, deployer, ethereumTokens, 31338);
    assertWired(polygon.web3j(), onPolygon.contracts(), accounts, deployer, polygonTokens, 31337);

    JsonNode written = JSON.readTree(stageFile.toFile());
    assertThat(written.path("alarmEmail").asText()).isEqualTo("ops@example.com");
    assertThat(written.path("networks").path("ETHEREUM").path("confirmations").asInt())
        .isEqualTo(2);
    for (String network : List.of("ETHEREUM", "POLYGON")) {
      JsonNode contracts = written.path("networks").path(network).path("contracts");
      onEthereum
          .contracts()
          .forEach((name, address) -> assertThat(contracts.path(name).asText()).isEqualTo(address));
    }

    BigInteger ethereumNonce = nonce(ethereum.web3j(), deployer);
    BigInteger polygonNonce = nonce(polygon.web3j(), deployer);
    ContractDeployment.Result again = ethereumDeployment.deploy("ETHEREUM", stageFile);
    ContractDeployment.Result againOnPolygon = polygonDeployment.deploy("POLYGON", stageFile);
    assertThat(again.transactions()).as("a second run sends nothing").isEmpty();
    assertThat(againOnPolygon.transactions()).isEmpty();
    assertThat(again.contracts()).isEqualTo(onEthereum.contracts());
    assertThat(nonce(ethereum.web3j(), deployer)).isEqualTo(ethereumNonce);
    assertThat(nonce(polygon.web3j(), deployer)).isEqualTo(polygonNonce);
  }

  private static void assertWired(
      Web3j web3j,
      Map<String, String> deployed,
      List<String> accounts,
      String deployer,
      Map<String, String> tokens,
      long peerChainId)
      throws Exception {
    var reader = new org.web3j.tx.ReadonlyTransactionManager(web3j, deployer);
    var gas = LocalContracts.GAS;
    MultiSigWallet treasury =
        MultiSigWallet.load(deployed.get(ContractSuite.TREASURY), web3j, reader, gas);
    PaymentGateway gateway =
        PaymentGateway.load(deployed.get(ContractSuite.GATEWAY), web3j, reader, gas);
    Subscription subscription =
        Subscription.load(deployed.get(ContractSuite.SUBSCRIPTION), web3j, reader, gas);
    BridgeVault bridge = BridgeVault.load(deployed.get(ContractSuite.BRIDGE), web3j, reader, gas);
    String admin = accounts.get(9);
    String operator = accounts.get(8);
    String pauser = accounts.get(7);

    assertThat(lower(treasury.getOwners().send()))
        .containsExactlyElementsOf(lower(accounts.subList(1, 4)));
    assertThat(treasury.threshold().send()).isEqualTo(BigInteger.TWO);
    assertThat(gateway.settlementVault().send())
        .isEqualToIgnoringCase(treasury.getContractAddress());
    for (String token : tokens.values()) {
      assertThat(gateway.allowedTokens(token).send()).as("gateway allows " + token).isTrue();
      assertThat(bridge.dailyLimit(token).send()).isEqualTo(DAILY_LIMIT);
    }
    assertThat(gateway.hasRole(SuiteWiring.OPERATOR_ROLE, operator).send()).isTrue();
    assertThat(subscription.hasRole(SuiteWiring.OPERATOR_ROLE, operator).send()).isTrue();
    assertThat(gateway.hasRole(SuiteWiring.PAUSER_ROLE, pauser).send()).isTrue();
    assertThat(subscription.hasRole(SuiteWiring.PAUSER_ROLE, pauser).send()).isTrue();
    assertThat(bridge.hasRole(SuiteWiring.PAUSER_ROLE, pauser).send()).isTrue();
    assertThat(gateway.hasRole(SuiteWiring.OPERATOR_ROLE, deployer).send()).isFalse();
    byte[] adminRole = SuiteWiring.DEFAULT_ADMIN_ROLE;
    assertThat(gateway.hasRole(adminRole, admin).send()).isTrue();
    assertThat(subscription.hasRole(adminRole, admin).send()).isTrue();
    assertThat(bridge.hasRole(adminRole, admin).send()).isTrue();
    assertThat(gateway.hasRole(adminRole, deployer).send()).as("renounced").isFalse();
    assertThat(subscription.hasRole(adminRole, deployer).send()).as("renounced").isFalse();
    assertThat(bridge.hasRole(adminRole, deployer).send()).as("renounced").isFalse();
    assertThat(bridge.isDestinationChain(BigInteger.valueOf(peerChainId)).send()).isTrue();
    assertThat(bridge.isDestinationChain(BigInteger.ONE).send()).isFalse();
    assertThat(lower(bridge.getRelayers().send()))
        .containsExactlyInAnyOrderElementsOf(lower(accounts.subList(4, 7)));
    assertThat(bridge.threshold().send()).isEqualTo(BigInteger.TWO);
  }

  private static String stageFile(
      List<String> accounts, Map<String, String> ethereumTokens, Map<String, String> polygonTokens)
      throws Exception {
    Map<String, Object> custody =
        Map.of(
            "admin", accounts.get(9),
            "operator", accounts.get(8),
            "pauser", accounts.get(7),
            "treasuryOwners", accounts.subList(1, 4),
            "treasuryThreshold", 2,
            "relayers", accounts.subList(4, 7),
            "relayerThreshold", 2,
            "bridgeDailyLimit", DAILY_LIMIT.toString());
    return JSON.writeValueAsString(
        Map.of(
            "networkProfile",
            "local",
            "networks",
            Map.of(
                "ETHEREUM", Map.of("confirmations", 2, "tokens", ethereumTokens),
                "POLYGON", Map.of("confirmations", 2, "tokens", polygonTokens)),
            "custody",
            custody,
            "alarmEmail",
            "ops@example.com"));
  }

  private static void fund(Web3j web3j, String address) throws Exception {
    new Transfer(web3j, LocalContracts.account(web3j, 0))
        .sendFunds(address, BigDecimal.TEN, Convert.Unit.ETHER)
        .send();
  }

  private static BigInteger nonce(Web3j web3j, String address) throws Exception {
    return web3j
        .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount();
  }

  private static List<String> lower(List<?> addresses) {
    return addresses.stream().map(a -> a.toString().toLowerCase(Locale.ROOT)).toList();
  }
}
