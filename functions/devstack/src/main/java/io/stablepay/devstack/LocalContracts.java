package io.stablepay.devstack;

import io.stablepay.contracts.ContractSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ClientTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The platform's contracts on a local anvil chain, deployed and wired by {@link ContractSuite} from
 * anvil's unlocked dev accounts (the node signs; no key is handled here). Local chains only.
 *
 * <p>Roles by dev account index: 0 deploys and is admin, operator and pauser; 1-3 own the treasury
 * multisig (2 of 3), which is also the gateway's settlement vault; 4-6 are the bridge relayers (2
 * of 3). Accounts 7-9 are left for payers and tests.
 */
public final class LocalContracts {

  /** Enough for any of the contracts' deployments; anvil's base fee stays far below the price. */
  public static final ContractGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(5_000_000_000L), BigInteger.valueOf(8_000_000));

  /** Per-token daily bridge release limit: one million of a 6-decimal token. */
  private static final BigInteger BRIDGE_DAILY_LIMIT = BigInteger.TEN.pow(12);

  private LocalContracts() {}

  /**
   * Deploys the suite accepting {@code tokens}, bridging to {@code bridgeDestinations}.
   *
   * @return contract addresses by registry name (see {@link ContractSuite.Deployed#byName()})
   */
  public static Map<String, String> deploy(
      Web3j web3j, Collection<String> tokens, List<Long> bridgeDestinations) {
    List<String> accounts = accounts(web3j);
    String admin = accounts.get(0);
    ContractSuite.Plan plan =
        new ContractSuite.Plan(
            admin,
            admin,
            admin,
            List.copyOf(tokens),
            accounts.subList(1, 4),
            2,
            null,
            accounts.subList(4, 7),
            2,
            bridgeDestinations,
            BRIDGE_DAILY_LIMIT);
    try {
      return new ContractSuite(web3j, account(web3j, 0), GAS).deploy(plan).byName();
    } catch (Exception e) {
      throw new IllegalStateException("could not deploy the contracts: " + e.getMessage(), e);
    }
  }

  /** A transaction manager sending from dev account {@code index}, polling every 100 ms. */
  public static TransactionManager account(Web3j web3j, int index) {
    return new ClientTransactionManager(web3j, accounts(web3j).get(index), 300, 100);
  }

  /** anvil's unlocked dev accounts, in order. */
  public static List<String> accounts(Web3j web3j) {
    try {
      return web3j.ethAccounts().send().getAccounts();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
