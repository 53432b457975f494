package io.stablepay.core.port.in;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.wallet.AddressType;
import java.math.BigInteger;
import java.util.List;

/** What the caller's addresses hold on-chain, read from the nodes (not the ledger). */
public interface OnchainBalances {

  /** One token's balance in its base units on that network. */
  record TokenBalance(Token token, BigInteger amount) {}

  /**
   * One address on one network: its balances of each deployed token, or, when the network's node
   * failed, no balances and the reason in {@code error}.
   */
  record Holding(
      NetworkId network,
      String address,
      AddressType type,
      List<TokenBalance> balances,
      String error) {

    public Holding {
      balances = List.copyOf(balances);
    }
  }

  /**
   * Every address of the caller (the custodial one on each served network, and the watch-only ones)
   * on each served network that has a node configured. A failing node fails only its network's
   * entries.
   */
  List<Holding> holdings(Caller caller);
}
