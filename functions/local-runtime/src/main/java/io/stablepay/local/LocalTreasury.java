package io.stablepay.local;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.in.TreasuryOverview;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.TokenDeployer;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

/**
 * Funds the platform's own wallets on the local chains, so withdrawals work from the first
 * minute: 100 of the native coin to the treasury and the gas tank (from anvil's first dev
 * account), a million of each test stablecoin to the treasury (minted), and each token funding
 * recorded in the ledger against the operator's capital, so the treasury reconciles
 * ({@code GET /api/admin/treasury}). The keys are the ones the stack created in the emulator's KMS.
 */
final class LocalTreasury {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTreasury.class);
  private static final BigDecimal NATIVE_COINS = BigDecimal.valueOf(100);
  private static final BigInteger WHOLE_TOKENS = BigInteger.valueOf(1_000_000);

  private LocalTreasury() {}

  static void fund(Iterable<LocalChain> chains, ApplicationContext app) {
    TreasuryKeys keys = app.getBean(TreasuryKeys.class);
    TreasuryOverview treasury = app.getBean(TreasuryOverview.class);
    NetworkRegistry registry = app.getBean(NetworkRegistry.class);
    ChainRail evm = app.getBeansOfType(ChainRail.class).stream()
        .filter(rail -> rail.family() == ChainFamily.EVM).findFirst().orElseThrow();
    for (LocalChain chain : chains) {
      Network network = registry.require(chain.network());
      // each funding transaction is mined at once, then the chain goes back to a block a second
      chain.node().mineInstantly();
      try {
        for (TreasuryRole role : TreasuryRole.values()) {
          var key = keys.find(network.id(), role);
          if (key.isEmpty()) {
            LOG.warn("no {} key for {} in the emulator's KMS: not funded", role, network.id());
            continue;
          }
          String address = evm.addressOf(key.get().publicKey());
          fund(chain.node().web3j(), network, role, address, treasury);
        }
      } finally {
        chain.node().mineEvery(1);
      }
    }
  }

  private static void fund(Web3j web3j, Network network, TreasuryRole role, String address,
      TreasuryOverview treasury) {
    try {
      new Transfer(web3j, LocalContracts.account(web3j, 0))
          .sendFunds(address, NATIVE_COINS, Convert.Unit.ETHER).send();
    } catch (Exception e) {
      throw new IllegalStateException("could not fund the " + role + " of " + network.id(), e);
    }
    if (role != TreasuryRole.TREASURY) {
      return;
    }
    for (Token token : network.tokens()) {
      BigInteger units = WHOLE_TOKENS.multiply(BigInteger.TEN.pow(token.decimals()));
      TransactionReceipt minted = TokenDeployer.mint(web3j, token.address(), address, units);
      treasury.recordFunding(network.id(), token.asset(), token.toLedgerUnits(units),
          minted.getTransactionHash());
    }
    LOG.info("{} treasury {} funded: {} {} and a million of each stablecoin", network.id(),
        address, NATIVE_COINS, network.nativeSymbol());
  }
}
