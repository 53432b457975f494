package io.stablepay.ops;

import io.stablepay.adapter.out.evm.EvmTransactionSigner;
import io.stablepay.adapter.out.kms.KmsDigestSigner;
import io.stablepay.contracts.ContractArtifact;
import io.stablepay.contracts.ContractSuite;
import io.stablepay.contracts.wrappers.BridgeVault;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.Subscription;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The contracts' deployment on one EVM network of a stage, signed by the stage's deployer key in
 * KMS ({@link DeployerKey}): the treasury multisig, payment gateway, escrow, subscription contract
 * and bridge vault, each created through the CREATE2 proxy with a fixed salt ({@link Create2#salt})
 * and constructor arguments that are the same on every network (the deployer as admin while it
 * wires, the multisig's own address as the gateway's vault), so each lands at the same address on
 * every EVM network of the stage. Each contract's code is verified against the build's, the suite
 * is wired from the stage file's {@code custody} section ({@link SuiteWiring}), and the addresses
 * are written to the stage file's {@code networks.<NET>.contracts}. Every step reads the chain
 * first: a deployment that is complete sends nothing.
 */
public final class ContractDeployment {

  /**
   * What a run found and did.
   *
   * @param contracts addresses by registry name ({@link ContractSuite.Deployed#byName()} order)
   * @param transactions what the deployer sent in this run (none when all was in place)
   */
  public record Result(
      String network,
      long chainId,
      String deployer,
      Map<String, String> contracts,
      List<DeployerTransactions.Sent> transactions) {

    /** Gas the deployer's transactions of this run used. */
    public BigInteger gasUsed() {
      return transactions.stream()
          .map(DeployerTransactions.Sent::gasUsed)
          .reduce(BigInteger.ZERO, BigInteger::add);
    }
  }

  private final Web3j web3j;
  private final KmsClient kms;
  private final String stage;

  public ContractDeployment(Web3j web3j, KmsClient kms, String stage) {
    this.web3j = web3j;
    this.kms = kms;
    this.stage = stage;
  }

  /**
   * Writes a copy of the stage file {@code source} to {@code target} with {@code tokens} (by
   * network, then asset) as the networks' {@code tokens}: what a stage whose token contracts are
   * deployed with the chains (the local one) deploys its suite from.
   */
  public static void copyStageFile(
      Path source, Path target, Map<String, Map<String, String>> tokens) {
    StageFile file = StageFile.read(source);
    tokens.forEach(file::setTokens);
    file.write(target);
  }

  /** The stage's deployer address; the key is created in KMS when the stage has none yet. */
  public String deployer() {
    return DeployerKey.findOrCreate(kms, stage).address();
  }

  /**
   * Deploys and wires the suite on {@code network} as {@code stageFile} plans it and records the
   * addresses there.
   *
   * @throws IllegalStateException when the chain lacks the CREATE2 proxy, a transaction fails, or
   *     code at a contract's address is not the build's
   */
  public Result deploy(String network, Path stageFile) throws Exception {
    StageFile stagePlan = StageFile.read(stageFile);
    NetworkProfile profile = NetworkProfile.load(stagePlan.networkProfile());
    DeployerKey key = DeployerKey.findOrCreate(kms, stage);
    DeployerTransactions transactions =
        new DeployerTransactions(web3j, new EvmTransactionSigner(new KmsDigestSigner(kms)), key);
    if (!Create2.hasCode(web3j, Create2.PROXY)) {
      throw new IllegalStateException(
          "chain " + transactions.chainId() + " has no CREATE2 proxy at " + Create2.PROXY);
    }
    ContractSuite.Plan plan = plan(stagePlan, profile, network);
    String self = key.address();

    String treasury =
        deployed(
            transactions,
            ContractSuite.TREASURY,
            "MultiSigWallet",
            new DynamicArray<>(
                Address.class, plan.treasuryOwners().stream().map(Address::new).toList()),
            new Uint256(plan.treasuryThreshold()));
    String gateway =
        deployed(
            transactions,
            ContractSuite.GATEWAY,
            "PaymentGateway",
            new Address(self),
            new Address(treasury));
    String escrow = deployed(transactions, ContractSuite.ESCROW, "Escrow");
    String subscription =
        deployed(transactions, ContractSuite.SUBSCRIPTION, "Subscription", new Address(self));
    String bridge = deployed(transactions, ContractSuite.BRIDGE, "BridgeVault", new Address(self));

    ReadonlyTransactionManager reader = new ReadonlyTransactionManager(web3j, self);
    DefaultGasProvider unused = new DefaultGasProvider();
    new SuiteWiring(transactions, plan)
        .wire(
            PaymentGateway.load(gateway, web3j, reader, unused),
            Subscription.load(subscription, web3j, reader, unused),
            BridgeVault.load(bridge, web3j, reader, unused),
            treasury);

    Map<String, String> contracts =
        new ContractSuite.Deployed(treasury, gateway, escrow, subscription, bridge).byName();
    StageFile.recordContracts(stageFile, network, contracts);
    return new Result(network, transactions.chainId(), self, contracts, transactions.sent());
  }

  /** The plan for {@code network}: custody from the stage file, tokens, bridge destinations. */
  static ContractSuite.Plan plan(StageFile stagePlan, NetworkProfile profile, String network) {
    if (!profile.isEvm(network)) {
      throw new IllegalArgumentException(network + " is not an EVM network");
    }
    StageFile.Custody custody = stagePlan.custody();
    Map<String, String> tokens = stagePlan.tokens(network);
    if (tokens.isEmpty()) {
      tokens = profile.tokens(network);
    }
    long self = profile.chainId(network);
    List<Long> destinations = new ArrayList<>();
    for (String other : stagePlan.networks()) {
      if (!other.equals(network) && profile.isEvm(other) && profile.chainId(other) != self) {
        destinations.add(profile.chainId(other));
      }
    }
    return new ContractSuite.Plan(
        custody.admin(),
        custody.operator(),
        custody.pauser(),
        List.copyOf(new LinkedHashMap<>(tokens).values()),
        custody.treasuryOwners(),
        custody.treasuryThreshold(),
        custody.settlementVault(),
        custody.relayers(),
        custody.relayerThreshold(),
        destinations,
        custody.bridgeDailyLimit());
  }

  /**
   * The address of {@code contract} created from its build and {@code arguments} with {@code
   * name}'s salt: created through the proxy when nothing is there yet, then verified.
   */
  private String deployed(
      DeployerTransactions transactions, String name, String contract, Type<?>... arguments) {
    String initCode =
        ContractArtifact.load(contract).bytecode()
            + FunctionEncoder.encodeConstructor(List.of(arguments));
    byte[] salt = Create2.salt(name);
    String address = Create2.address(salt, initCode);
    if (!Create2.hasCode(web3j, address)) {
      transactions.send(
          name + ": create " + contract + " at " + address,
          Create2.PROXY,
          Create2.proxyCall(salt, initCode));
    }
    String code = Create2.code(web3j, address);
    if (Numeric.cleanHexPrefix(code).isEmpty()) {
      throw new IllegalStateException(name + ": the proxy created nothing at " + address);
    }
    Create2.verify(contract, address, code);
    return address;
  }
}
