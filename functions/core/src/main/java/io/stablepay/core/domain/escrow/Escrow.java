package io.stablepay.core.domain.escrow;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.ledger.AccountId;
import java.time.Instant;
import java.util.Objects;

/**
 * Money a depositor has put aside for a beneficiary, held in a ledger account of its own ({@link
 * AccountId#escrow}) until it ends exactly once: released to the beneficiary, refunded to the
 * depositor, or split between them by an administrator.
 *
 * <p>FUNDING (the record exists, the hold is being posted) -> HELD (the money is in escrow) ->
 * DISPUTED (a party disputed: no automatic release, an administrator decides) -> SETTLING (an
 * outcome is decided and being posted) -> RELEASED, REFUNDED or SPLIT. A FUNDING escrow whose hold
 * was never posted ends VOID, having moved nothing.
 *
 * <p>Who may decide while HELD or DISPUTED: the depositor releases, the beneficiary refunds (either
 * may give in during a dispute); the deadline {@code releaseAfter}, if set, releases a HELD escrow
 * nobody disputed; an administrator resolves a DISPUTED one. The outcome is claimed on the record
 * (a versioned write: one claim wins) before the ledger moves, and the ledger posting has an id of
 * the escrow alone ({@link #endTransferId}), so even two outcomes racing past the record could not
 * both move money.
 *
 * <p>An escrow held on-chain ({@link #onchain}) is also deposited in the network's Escrow contract
 * once HELD; while that funding is under way, and once decided until the contract's release or
 * refund is confirmed, the workflow waits for the chain ({@link #awaitsChain}), and the outcome is
 * posted only after the confirmation.
 *
 * @param releaseAfter when a HELD escrow nobody disputed is released, or null (never by itself)
 * @param onchain where the depositor chose a network: the escrow's tokens in the Escrow contract
 *     there ({@link OnchainEscrow}); null for an escrow held in the ledger only
 * @param generation which workflow execution drives it ({@link #executionName()})
 * @param taskToken the token of the workflow's task waiting on this escrow, never shown to users
 */
public record Escrow(
    String id,
    String depositorId,
    String beneficiaryId,
    TokenAmount amount,
    String description,
    Instant releaseAfter,
    Status status,
    Dispute dispute,
    Outcome outcome,
    OnchainEscrow onchain,
    int generation,
    String taskToken,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  public enum Status {
    FUNDING,
    HELD,
    DISPUTED,
    SETTLING,
    RELEASED,
    REFUNDED,
    SPLIT,
    VOID;

    /** Whether the escrow has ended (money moved, or never held). */
    public boolean ended() {
      return this == RELEASED || this == REFUNDED || this == SPLIT || this == VOID;
    }

    /** Whether an outcome may still be decided. */
    public boolean decidable() {
      return this == HELD || this == DISPUTED;
    }
  }

  /** How an escrow ends. */
  public enum Decision {
    RELEASE,
    REFUND,
    SPLIT;

    Status status() {
      return switch (this) {
        case RELEASE -> Status.RELEASED;
        case REFUND -> Status.REFUNDED;
        case SPLIT -> Status.SPLIT;
      };
    }
  }

  /** Who disputed, why, and when. */
  public record Dispute(String by, String reason, Instant at) {
    public Dispute {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The decided outcome: what each side receives, who decided (a user id, or {@code deadline}), why
   * (for an administrator's resolution), when, and when the ledger posted it (null while SETTLING).
   */
  public record Outcome(
      Decision decision,
      TokenAmount toBeneficiary,
      TokenAmount toDepositor,
      String by,
      String reason,
      Instant decidedAt,
      Instant endedAt) {
    public Outcome {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(decidedAt, "decidedAt");
      if (toBeneficiary == null
          || toDepositor == null
          || toBeneficiary.units().signum() < 0
          || toDepositor.units().signum() < 0) {
        throw new IllegalArgumentException("an outcome pays non-negative amounts");
      }
    }
  }

  /** Who decided when the deadline released it. */
  public static final String DEADLINE = "deadline";

  public Escrow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(depositorId, "depositorId");
    Objects.requireNonNull(beneficiaryId, "beneficiaryId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (amount == null || !amount.isPositive()) {
      throw new IllegalArgumentException("an escrow holds a positive amount");
    }
    if (depositorId.equals(beneficiaryId)) {
      throw new IllegalArgumentException("the depositor cannot be the beneficiary");
    }
    if (outcome != null && !outcome.toBeneficiary().plus(outcome.toDepositor()).equals(amount)) {
      throw new IllegalArgumentException("an outcome pays out exactly the amount held");
    }
    if ((status == Status.SETTLING || status.ended() && status != Status.VOID) && outcome == null) {
      throw new IllegalArgumentException(status + " needs an outcome");
    }
  }

  /** A new escrow, FUNDING until its hold is posted. */
  public static Escrow funding(
      String id,
      String depositorId,
      String beneficiaryId,
      TokenAmount amount,
      String description,
      Instant releaseAfter,
      Instant now) {
    return new Escrow(
        id,
        depositorId,
        beneficiaryId,
        amount,
        description,
        releaseAfter,
        Status.FUNDING,
        null,
        null,
        null,
        0,
        null,
        0,
        now,
        now);
  }

  /** A new escrow to be held on-chain on {@code network}, FUNDING until its hold is posted. */
  public Escrow heldOn(NetworkId network) {
    return new Escrow(
        id,
        depositorId,
        beneficiaryId,
        amount,
        description,
        releaseAfter,
        status,
        dispute,
        outcome,
        OnchainEscrow.requested(network),
        generation,
        taskToken,
        version,
        createdAt,
        updatedAt);
  }

  /** The ledger id of the tokens' move from the treasury into the Escrow contract. */
  public String fundTransferId() {
    return "escrow-" + id + "-fund";
  }

  /**
   * Whether the workflow waits for the chain now: the funding is under way, or the outcome is
   * decided and the tokens, locked in the contract, must be released or refunded there first.
   */
  public boolean awaitsChain() {
    if (onchain == null || status.ended() || status == Status.FUNDING) {
      return false;
    }
    return onchain.phase().funding()
        || status == Status.SETTLING
            && (onchain.phase() == OnchainEscrow.Phase.LOCKED
                || onchain.phase() == OnchainEscrow.Phase.SETTLING);
  }

  /** With the on-chain side moved on. */
  public Escrow withOnchain(OnchainEscrow next, Instant at) {
    return new Escrow(
        id,
        depositorId,
        beneficiaryId,
        amount,
        description,
        releaseAfter,
        status,
        dispute,
        outcome,
        next,
        generation,
        taskToken,
        version + 1,
        createdAt,
        at);
  }

  /** The ledger id of the hold: the depositor's money into escrow, once. */
  public String holdTransferId() {
    return "escrow-" + id + "-hold";
  }

  /** The ledger id of the outcome: one posting per escrow, whatever it pays. */
  public String endTransferId() {
    return "escrow-" + id + "-end";
  }

  /** The asset held. */
  public Asset asset() {
    return amount.asset();
  }

  /** The ledger account holding the money. */
  public AccountId account() {
    return AccountId.escrow(id, asset());
  }

  public static String executionName(String id, int generation) {
    return id + "-g" + generation;
  }

  public String executionName() {
    return executionName(id, generation);
  }

  public boolean isParty(String userId) {
    return depositorId.equals(userId) || beneficiaryId.equals(userId);
  }

  /** Whether the workflow waits on a person now (a task token), rather than on the deadline. */
  public boolean awaitsPerson() {
    return status == Status.DISPUTED || status == Status.HELD && releaseAfter == null;
  }

  public Escrow held(Instant at) {
    return with(Status.HELD, dispute, outcome, generation, taskToken, at);
  }

  public Escrow voided(Instant at) {
    return with(Status.VOID, dispute, outcome, generation, null, at);
  }

  /** Disputed by a party: the deadline no longer releases it; the waiting task is woken. */
  public Escrow disputed(String by, String reason, Instant at) {
    return with(Status.DISPUTED, new Dispute(by, reason, at), outcome, generation, null, at);
  }

  /** The outcome is claimed: nobody else can decide any more; the waiting task is woken. */
  public Escrow settling(
      Decision decision, TokenAmount toBeneficiary, String by, String reason, Instant at) {
    return with(
        Status.SETTLING,
        dispute,
        new Outcome(decision, toBeneficiary, amount.minus(toBeneficiary), by, reason, at, null),
        generation,
        null,
        at);
  }

  /** The ledger posted the outcome. */
  public Escrow settled(Instant at) {
    if (status != Status.SETTLING) {
      throw new IllegalStateException("escrow " + id + " is " + status + ", not SETTLING");
    }
    return with(
        outcome.decision().status(),
        dispute,
        new Outcome(
            outcome.decision(),
            outcome.toBeneficiary(),
            outcome.toDepositor(),
            outcome.by(),
            outcome.reason(),
            outcome.decidedAt(),
            at),
        generation,
        null,
        at);
  }

  public Escrow parked(String token, Instant at) {
    return with(status, dispute, outcome, generation, token, at);
  }

  /** Driven by the next execution from now on. */
  public Escrow nextGeneration(Instant at) {
    return with(status, dispute, outcome, generation + 1, null, at);
  }

  private Escrow with(
      Status nextStatus,
      Dispute nextDispute,
      Outcome nextOutcome,
      int nextGeneration,
      String nextToken,
      Instant at) {
    return new Escrow(
        id,
        depositorId,
        beneficiaryId,
        amount,
        description,
        releaseAfter,
        nextStatus,
        nextDispute,
        nextOutcome,
        onchain,
        nextGeneration,
        nextToken,
        version + 1,
        createdAt,
        at);
  }
}
