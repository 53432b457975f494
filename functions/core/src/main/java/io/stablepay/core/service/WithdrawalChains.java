package io.stablepay.core.service;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.PerFamily;
import io.stablepay.core.port.out.TransactionSender;
import io.stablepay.core.port.out.TreasuryKeys;
import java.util.List;

/**
 * What withdrawals reach the chains through: the networks, the rail and the transaction sender of
 * each family this function serves, the treasury keys that sign and the nonces of the sending
 * addresses. Both the requests ({@link WithdrawalService}) and the tracking ({@link
 * WithdrawalTracker}) use it.
 */
public record WithdrawalChains(
    NetworkRegistry registry,
    List<ChainRail> rails,
    List<TransactionSender> senders,
    TreasuryKeys treasuryKeys,
    NonceAllocator nonces) {

  public WithdrawalChains {
    rails = List.copyOf(rails);
    senders = List.copyOf(senders);
  }

  /** Whether withdrawals on {@code network} can be sent from this function. */
  boolean sends(Network network) {
    return PerFamily.find(senders, network.family()).isPresent();
  }

  ChainRail rail(Network network) {
    return PerFamily.find(rails, network.family())
        .orElseThrow(
            () -> new WithdrawalUnavailableException("this function cannot reach " + network.id()));
  }

  TransactionSender sender(Network network) {
    return PerFamily.find(senders, network.family())
        .orElseThrow(
            () ->
                new WithdrawalUnavailableException(
                    "withdrawals on " + network.id() + " are not available from this function"));
  }

  /** Signs a version of {@code w}'s transfer of {@code token} with {@code nonce} and fees. */
  SignedTransfer sign(Network network, Withdrawal w, Token token, long nonce, TxFees fees) {
    return sender(network)
        .sign(
            network,
            new TransferOrder(
                w.keyId(),
                w.from(),
                token,
                w.to(),
                token.toOnchainUnits(w.amount().units()),
                nonce,
                fees));
  }
}
