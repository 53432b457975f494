package io.stablepay.core.domain.escrow;

import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The on-chain side of an escrow the depositor chose to hold on a network: the tokens sit in the
 * platform's Escrow contract there, deposited by the network's treasury, until the contract
 * releases them to the beneficiary's address or refunds them to the treasury. The platform's
 * gas-tank key is the contract's arbiter and sends the release or refund; the workflow keeps the
 * deadline (the contract's own automatic release is off).
 *
 * <p>REQUESTED (nothing sent yet) -> APPROVING (the treasury lets the contract pull its tokens;
 * skipped while an earlier approval still covers the amount) -> FUNDING ({@code createEscrow}) ->
 * LOCKED (confirmed: the tokens are in the contract) -> SETTLING (the outcome's release or refund)
 * -> SETTLED. A funding call that reverts or is dropped ends in FAILED: nothing left the treasury,
 * and the escrow goes on as one held in the ledger only. So does a confirmed {@code createEscrow}
 * whose deal the contract holds otherwise than asked: the tokens left the treasury, and an operator
 * (alerted) reconciles the contract.
 *
 * @param contract the Escrow contract, EIP-55 (null until the first call is prepared)
 * @param token the token's contract
 * @param beneficiary the beneficiary's deposit address on the network
 * @param depositor the treasury's address (the depositor on-chain)
 * @param arbiter the gas tank's address (the arbiter on-chain)
 * @param calls every call sent for the escrow, oldest first; the newest is the one in flight
 * @param failure why the funding failed, when FAILED
 */
public record OnchainEscrow(
    NetworkId network,
    Phase phase,
    String contract,
    String token,
    String beneficiary,
    String depositor,
    String arbiter,
    List<OutgoingCall> calls,
    String failure) {

  public enum Phase {
    REQUESTED,
    APPROVING,
    FUNDING,
    LOCKED,
    SETTLING,
    SETTLED,
    FAILED;

    /** Whether the tokens are on their way into the contract (or about to be). */
    public boolean funding() {
      return this == REQUESTED || this == APPROVING || this == FUNDING;
    }
  }

  /** How many release or refund calls may revert before the escrow is left to an operator. */
  public static final int MAX_SETTLE_CALLS = 3;

  public OnchainEscrow {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(phase, "phase");
    calls = List.copyOf(calls);
    if ((phase == Phase.APPROVING || phase == Phase.FUNDING || phase == Phase.SETTLING)
        && calls.isEmpty()) {
      throw new IllegalArgumentException(phase + " has a call in flight");
    }
  }

  /** An escrow to be held on {@code network}, before anything is sent. */
  public static OnchainEscrow requested(NetworkId network) {
    return new OnchainEscrow(
        network, Phase.REQUESTED, null, null, null, null, null, List.of(), null);
  }

  /** The addresses the calls use, read when the first call is prepared. */
  public OnchainEscrow prepared(
      String nextContract,
      String nextToken,
      String nextBeneficiary,
      String nextDepositor,
      String nextArbiter) {
    return new OnchainEscrow(
        network,
        phase,
        nextContract,
        nextToken,
        nextBeneficiary,
        nextDepositor,
        nextArbiter,
        calls,
        failure);
  }

  /** {@code call} was signed for {@code next} (stored before it is sent). */
  public OnchainEscrow sent(Phase next, OutgoingCall call) {
    List<OutgoingCall> all = new ArrayList<>(calls);
    all.add(call);
    return new OnchainEscrow(
        network, next, contract, token, beneficiary, depositor, arbiter, all, failure);
  }

  /** The call in flight got a new version. */
  public OnchainEscrow replaced(OutgoingCall call) {
    List<OutgoingCall> all = new ArrayList<>(calls);
    all.set(all.size() - 1, call);
    return new OnchainEscrow(
        network, phase, contract, token, beneficiary, depositor, arbiter, all, failure);
  }

  public OnchainEscrow in(Phase next) {
    return new OnchainEscrow(
        network, next, contract, token, beneficiary, depositor, arbiter, calls, failure);
  }

  public OnchainEscrow failed(String reason) {
    return new OnchainEscrow(
        network, Phase.FAILED, contract, token, beneficiary, depositor, arbiter, calls, reason);
  }

  /** The newest call, the one in flight while APPROVING, FUNDING or SETTLING. */
  public OutgoingCall current() {
    return calls.isEmpty() ? null : calls.getLast();
  }

  /** Whether the tokens are in the contract, so the outcome moves on-chain. */
  public boolean locked() {
    return phase == Phase.LOCKED || phase == Phase.SETTLING || phase == Phase.SETTLED;
  }

  /** The release and refund calls sent so far. */
  public long settleCalls() {
    return calls.stream()
        .filter(c -> c.purpose().equals("release") || c.purpose().equals("refund"))
        .count();
  }
}
