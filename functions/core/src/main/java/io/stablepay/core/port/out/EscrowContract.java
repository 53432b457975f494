package io.stablepay.core.port.out;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.escrow.OnchainDeal;
import java.math.BigInteger;

/**
 * The platform's Escrow contract ({@code contracts/src/Escrow.sol}) and the ERC-20 approval it
 * needs, for on-chain escrows: the call data of its functions, which the core signs and sends as
 * {@link io.stablepay.core.domain.withdrawal.CallOrder}s, and what the chain says of it. EVM only.
 *
 * <p>An escrow's id on-chain is {@code keccak256} of the UTF-8 bytes of {@code "stablepay:escrow:"
 * + escrowId}, so the contract's ids never collide with another deployment's use of the same
 * contract and are derived from the platform's id alone.
 */
public interface EscrowContract extends PerFamily {

  /** The on-chain id of {@code escrowId}, 0x-prefixed hex of 32 bytes. */
  String onchainId(String escrowId);

  /** Call data of ERC-20 {@code approve(spender, amount)}. */
  String approveCall(String spender, BigInteger amount);

  /**
   * Call data of {@code createEscrow(onchainId(escrowId), token, beneficiary, amount, 0, arbiter)}:
   * no automatic release on-chain (the platform's workflow keeps the deadline).
   */
  String createCall(
      String escrowId, String token, String beneficiary, BigInteger amount, String arbiter);

  /** Call data of {@code release(onchainId(escrowId))}. */
  String releaseCall(String escrowId);

  /** Call data of {@code refund(onchainId(escrowId))}. */
  String refundCall(String escrowId);

  /** ERC-20 {@code allowance(owner, spender)} of {@code token}, in the token's base units. */
  BigInteger allowance(Network network, Token token, String owner, String spender);

  /** Escrow {@code escrowId} as {@code contract} stores it at the latest block. */
  OnchainDeal deal(Network network, String contract, String escrowId);

  /**
   * The gas {@code data} sent from {@code from} to {@code to} would use now ({@code
   * eth_estimateGas}).
   *
   * @throws io.stablepay.core.domain.TransferWouldFailException if the node says it would revert
   * @throws io.stablepay.core.domain.ChainUnavailableException if the node cannot be reached
   */
  BigInteger estimateGas(Network network, String from, String to, String data);
}
