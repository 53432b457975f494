package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.treasury.TreasuryRole;
import java.math.BigInteger;
import java.util.List;

/**
 * What the platform holds in its own wallets, on-chain and by the ledger, per network (ADMIN).
 * Amounts in the asset's ledger units (on-chain balances converted from the token's decimals).
 */
public interface TreasuryOverview {

  /**
   * One asset in one wallet, every amount in the ledger's units of that asset.
   *
   * @param onchain the token balance at the latest block, or null when the node did not answer
   * @param ledger what the ledger says the wallet holds
   * @param pendingOut open withdrawals of the asset from the wallet: sent or about to be, not yet
   *     settled in the ledger, so on-chain may be lower than the ledger by up to this much
   * @param mismatch on-chain and ledger differ beyond the pending withdrawals (or the chain could
   *     not be read)
   */
  record Position(
      TokenAmount onchain, TokenAmount ledger, TokenAmount pendingOut, boolean mismatch) {

    public Asset asset() {
      return ledger.asset();
    }
  }

  /** One wallet: its address, its native coin (base units, e.g. wei) and its token positions. */
  record Wallet(
      TreasuryRole role, String address, BigInteger nativeBalance, List<Position> positions) {}

  /** One network; {@code error} says why it could not be read completely (null when it could). */
  record NetworkTreasury(
      NetworkId network,
      String nativeSymbol,
      int nativeDecimals,
      List<Wallet> wallets,
      String error) {}

  List<NetworkTreasury> overview();

  /**
   * Records that {@code amount} was put into the treasury of {@code network} by the operator: the
   * float withdrawals are paid from. Idempotent by {@code reference} (the funding transaction's
   * hash, say).
   */
  void recordFunding(NetworkId network, TokenAmount amount, String reference);

  /** One asset a funding transaction brought into the treasury, in ledger units. */
  record Funding(NetworkId network, TokenAmount amount, String txHash) {

    public Asset asset() {
      return amount.asset();
    }
  }

  /**
   * Records what the final transaction {@code txHash} on {@code network} moved into that network's
   * treasury: the amounts come from the chain (every token transfer to the treasury address), never
   * from the caller, so only what really arrived becomes capital. ADMIN only; idempotent by
   * transaction.
   *
   * @throws io.stablepay.core.domain.ConflictException while the transaction is not final yet
   * @throws io.stablepay.core.domain.InvalidRequestException if it moved no known stablecoin into
   *     the treasury, failed, or the network has no treasury
   */
  List<Funding> recordFundingTransaction(Caller caller, String network, String txHash);
}
