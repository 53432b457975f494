package io.stablepay.contracts;

import io.stablepay.contracts.wrappers.BridgeVault;
import io.stablepay.contracts.wrappers.Escrow;
import io.stablepay.contracts.wrappers.MultiSigWallet;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.Subscription;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys and wires the platform's contracts on one EVM network, through the generated web3j
 * wrappers, with whatever {@link TransactionManager} signs for the deployer: the local chains use
 * an unlocked anvil account, so no key passes through this code.
 *
 * <p>Order: the treasury multisig first, because it is the gateway's settlement vault unless the
 * plan names another; then gateway, escrow, subscription and bridge vault, each configured (roles,
 * allowed tokens, limits, relayers). The deployer holds the admin role only while it configures:
 * when the plan's admin is another address, the role is handed over and renounced.
 */
public final class ContractSuite {

  /** Names under which the addresses are recorded ({@code stablepay.chains.<net>.contracts.*}). */
  public static final String TREASURY = "treasury-multisig";

  public static final String GATEWAY = "payment-gateway";
  public static final String ESCROW = "escrow";
  public static final String SUBSCRIPTION = "subscription";
  public static final String BRIDGE = "bridge-vault";

  private static final byte[] DEFAULT_ADMIN_ROLE = new byte[32];
  private static final byte[] OPERATOR_ROLE = role("OPERATOR_ROLE");
  private static final byte[] PAUSER_ROLE = role("PAUSER_ROLE");

  /**
   * What to deploy on one network.
   *
   * @param admin gets the admin role of every contract (may be the deployer itself)
   * @param operator refunds gateway payments and charges subscriptions
   * @param pauser may pause the gateway, subscriptions and bridge
   * @param tokens the stablecoin contracts the gateway accepts and the bridge carries
   * @param treasuryOwners owners of the treasury multisig
   * @param treasuryThreshold confirmations it needs
   * @param settlementVault where gateway payments go; null means the treasury multisig
   * @param relayers bridge relayers whose signatures release transfers here
   * @param relayerThreshold signatures a release needs
   * @param bridgeDestinations chain ids the bridge may send to
   * @param bridgeDailyLimit per-token daily release limit, in the token's base units
   */
  public record Plan(
      String admin,
      String operator,
      String pauser,
      List<String> tokens,
      List<String> treasuryOwners,
      int treasuryThreshold,
      String settlementVault,
      List<String> relayers,
      int relayerThreshold,
      List<Long> bridgeDestinations,
      BigInteger bridgeDailyLimit) {

    public Plan {
      Objects.requireNonNull(admin, "admin");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(pauser, "pauser");
      tokens = List.copyOf(tokens);
      treasuryOwners = List.copyOf(treasuryOwners);
      relayers = List.copyOf(relayers);
      bridgeDestinations = List.copyOf(bridgeDestinations);
      Objects.requireNonNull(bridgeDailyLimit, "bridgeDailyLimit");
    }
  }

  /** Addresses of one deployment, EIP-55. */
  public record Deployed(
      String treasury, String gateway, String escrow, String subscription, String bridge) {

    /** The addresses by the names the network registry uses. */
    public Map<String, String> byName() {
      Map<String, String> names = new LinkedHashMap<>();
      names.put(TREASURY, treasury);
      names.put(GATEWAY, gateway);
      names.put(ESCROW, escrow);
      names.put(SUBSCRIPTION, subscription);
      names.put(BRIDGE, bridge);
      return names;
    }
  }

  private final Web3j web3j;
  private final TransactionManager deployer;
  private final ContractGasProvider gas;

  public ContractSuite(Web3j web3j, TransactionManager deployer, ContractGasProvider gas) {
    this.web3j = web3j;
    this.deployer = deployer;
    this.gas = gas;
  }

  /**
   * Deploys and configures everything in {@code plan}, waiting for each transaction.
   *
   * @throws Exception when the node refuses a transaction or one reverts
   */
  public Deployed deploy(Plan plan) throws Exception {
    String self = deployer.getFromAddress();

    MultiSigWallet treasury =
        MultiSigWallet.deploy(
                web3j,
                deployer,
                gas,
                plan.treasuryOwners(),
                BigInteger.valueOf(plan.treasuryThreshold()))
            .send();
    String vault =
        plan.settlementVault() == null ? treasury.getContractAddress() : plan.settlementVault();

    PaymentGateway gateway = PaymentGateway.deploy(web3j, deployer, gas, self, vault).send();
    gateway.grantRole(OPERATOR_ROLE, plan.operator()).send();
    gateway.grantRole(PAUSER_ROLE, plan.pauser()).send();
    for (String token : plan.tokens()) {
      gateway.setTokenAllowed(token, true).send();
    }

    Escrow escrow = Escrow.deploy(web3j, deployer, gas).send();

    Subscription subscription = Subscription.deploy(web3j, deployer, gas, self).send();
    subscription.grantRole(OPERATOR_ROLE, plan.operator()).send();
    subscription.grantRole(PAUSER_ROLE, plan.pauser()).send();

    BridgeVault bridge = BridgeVault.deploy(web3j, deployer, gas, self).send();
    bridge.grantRole(PAUSER_ROLE, plan.pauser()).send();
    for (String token : plan.tokens()) {
      bridge.setTokenLimit(token, plan.bridgeDailyLimit()).send();
    }
    for (long chainId : plan.bridgeDestinations()) {
      bridge.setDestinationChain(BigInteger.valueOf(chainId), true).send();
    }
    bridge.setRelayers(plan.relayers(), BigInteger.valueOf(plan.relayerThreshold())).send();

    if (!plan.admin().equalsIgnoreCase(self)) {
      gateway.grantRole(DEFAULT_ADMIN_ROLE, plan.admin()).send();
      gateway.renounceRole(DEFAULT_ADMIN_ROLE, self).send();
      subscription.grantRole(DEFAULT_ADMIN_ROLE, plan.admin()).send();
      subscription.renounceRole(DEFAULT_ADMIN_ROLE, self).send();
      bridge.grantRole(DEFAULT_ADMIN_ROLE, plan.admin()).send();
      bridge.renounceRole(DEFAULT_ADMIN_ROLE, self).send();
    }

    return new Deployed(
        checksum(treasury),
        checksum(gateway),
        checksum(escrow),
        checksum(subscription),
        checksum(bridge));
  }

  private static String checksum(org.web3j.tx.Contract contract) {
    return Keys.toChecksumAddress(contract.getContractAddress());
  }

  private static byte[] role(String name) {
    return Hash.sha3(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
