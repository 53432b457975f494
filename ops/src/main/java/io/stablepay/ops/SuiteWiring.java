package io.stablepay.ops;

import io.stablepay.contracts.ContractSuite;
import io.stablepay.contracts.wrappers.BridgeVault;
import io.stablepay.contracts.wrappers.PaymentGateway;
import io.stablepay.contracts.wrappers.Subscription;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;

/**
 * Configures deployed contracts as a {@link ContractSuite.Plan} says, the way {@link ContractSuite}
 * does, but reading each setting from the chain first and sending only what differs: roles
 * (operator, pauser), the gateway's allowed tokens and settlement vault, the bridge vault's token
 * limits, destination chains, relayers and threshold; last, the admin role goes to the plan's admin
 * and the deployer renounces it. A second run finds everything in place and sends nothing.
 */
final class SuiteWiring {

  static final byte[] DEFAULT_ADMIN_ROLE = new byte[32];
  static final byte[] OPERATOR_ROLE = role("OPERATOR_ROLE");
  static final byte[] PAUSER_ROLE = role("PAUSER_ROLE");

  private final DeployerTransactions transactions;
  private final ContractSuite.Plan plan;

  SuiteWiring(DeployerTransactions transactions, ContractSuite.Plan plan) {
    this.transactions = transactions;
    this.plan = plan;
  }

  /** Wires the gateway, the subscription contract and the bridge vault, then hands admin over. */
  void wire(PaymentGateway gateway, Subscription subscription, BridgeVault bridge, String treasury)
      throws Exception {
    grant(gateway, "payment-gateway", OPERATOR_ROLE, "operator", plan.operator());
    grant(gateway, "payment-gateway", PAUSER_ROLE, "pauser", plan.pauser());
    for (String token : plan.tokens()) {
      if (!gateway.allowedTokens(token).send()) {
        send(
            gateway, "payment-gateway: allow token " + token, gateway.setTokenAllowed(token, true));
      }
    }
    String vault = plan.settlementVault() == null ? treasury : plan.settlementVault();
    if (!gateway.settlementVault().send().equalsIgnoreCase(vault)) {
      send(gateway, "payment-gateway: settle to " + vault, gateway.setSettlementVault(vault));
    }

    grant(subscription, "subscription", OPERATOR_ROLE, "operator", plan.operator());
    grant(subscription, "subscription", PAUSER_ROLE, "pauser", plan.pauser());

    grant(bridge, "bridge-vault", PAUSER_ROLE, "pauser", plan.pauser());
    for (String token : plan.tokens()) {
      if (!bridge.dailyLimit(token).send().equals(plan.bridgeDailyLimit())) {
        send(
            bridge,
            "bridge-vault: daily limit of " + token,
            bridge.setTokenLimit(token, plan.bridgeDailyLimit()));
      }
    }
    for (long chainId : plan.bridgeDestinations()) {
      BigInteger id = BigInteger.valueOf(chainId);
      if (!bridge.isDestinationChain(id).send()) {
        send(
            bridge, "bridge-vault: send to chain " + chainId, bridge.setDestinationChain(id, true));
      }
    }
    @SuppressWarnings("unchecked")
    List<Object> relayers = bridge.getRelayers().send();
    BigInteger threshold = BigInteger.valueOf(plan.relayerThreshold());
    if (!lower(relayers).equals(lower(plan.relayers()))
        || !bridge.threshold().send().equals(threshold)) {
      send(
          bridge,
          "bridge-vault: relayers " + plan.relayerThreshold() + " of " + plan.relayers().size(),
          bridge.setRelayers(plan.relayers(), threshold));
    }

    handOver(gateway, "payment-gateway");
    handOver(subscription, "subscription");
    handOver(bridge, "bridge-vault");
  }

  private void grant(Contract contract, String name, byte[] role, String roleName, String account)
      throws Exception {
    if (!hasRole(contract, role, account)) {
      send(
          contract,
          name + ": grant " + roleName + " to " + account,
          call(contract).grantRole().call(role, account));
    }
  }

  private void handOver(Contract contract, String name) throws Exception {
    String self = transactions.from();
    if (plan.admin().equalsIgnoreCase(self)) {
      return;
    }
    grant(contract, name, DEFAULT_ADMIN_ROLE, "admin", plan.admin());
    if (hasRole(contract, DEFAULT_ADMIN_ROLE, self)) {
      transactions.send(
          name + ": deployer renounces admin",
          contract.getContractAddress(),
          call(contract).renounceRole().call(DEFAULT_ADMIN_ROLE, self).encodeFunctionCall());
    }
  }

  /** Sends an admin's call, or says plainly that only the stage's admin can make it now. */
  private void send(Contract contract, String what, RemoteFunctionCall<?> call) throws Exception {
    if (!hasRole(contract, DEFAULT_ADMIN_ROLE, transactions.from())) {
      throw new IllegalStateException(
          what
              + " is still to do, but the deployer no longer holds the admin role of "
              + contract.getContractAddress()
              + ": the stage's admin ("
              + plan.admin()
              + ") has to send it");
    }
    transactions.send(what, contract.getContractAddress(), call.encodeFunctionCall());
  }

  private static boolean hasRole(Contract contract, byte[] role, String account) throws Exception {
    return call(contract).hasRole().call(role, account).send();
  }

  /** The role functions the three access-controlled contracts share. */
  private record Roles(
      RoleCall<Boolean> hasRole,
      RoleCall<TransactionReceipt> grantRole,
      RoleCall<TransactionReceipt> renounceRole) {}

  private interface RoleCall<T> {
    RemoteFunctionCall<T> call(byte[] role, String account);
  }

  private static Roles call(Contract contract) {
    return switch (contract) {
      case PaymentGateway c -> new Roles(c::hasRole, c::grantRole, c::renounceRole);
      case Subscription c -> new Roles(c::hasRole, c::grantRole, c::renounceRole);
      case BridgeVault c -> new Roles(c::hasRole, c::grantRole, c::renounceRole);
      default -> throw new IllegalArgumentException("no roles on " + contract);
    };
  }

  private static Set<String> lower(List<?> addresses) {
    return addresses.stream()
        .map(a -> a.toString().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
  }

  private static byte[] role(String name) {
    return Hash.sha3(name.getBytes(StandardCharsets.US_ASCII));
  }
}
