package io.stablepay.core.domain.kyc;

import io.stablepay.core.domain.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One run of the review workflow over a user's documents: KYC for a person, KYB for a merchant's
 * business. {@code CHECKING} (automated checks) -> {@code AWAITING_REVIEW} (a human decides through
 * the admin API) -> {@code ESCALATED} (nobody decided in time; still waiting) -> {@code APPROVED}
 * or {@code REJECTED}, each once. The workflow's task token is kept here for the admin's decision
 * and never leaves the platform: it is not in {@link #toString()} and no view shows it.
 *
 * @param nameOnDocument the name the user says the documents carry (the business name for KYB)
 * @param findings what the automated checks found, one line each
 * @param taskToken the waiting task's token while AWAITING_REVIEW or ESCALATED, else null
 * @param reviewerId the admin who decided, or the automated step that did
 */
public record KycReview(
    String id,
    String userId,
    Kind kind,
    Status status,
    List<String> documentIds,
    String nameOnDocument,
    List<String> findings,
    String taskToken,
    String reason,
    String reviewerId,
    Instant decidedAt,
    int version,
    Instant createdAt,
    Instant updatedAt) {

  /** Whose verification: a person's identity, or a merchant's business. */
  public enum Kind {
    KYC,
    KYB
  }

  public enum Status {
    CHECKING,
    AWAITING_REVIEW,
    ESCALATED,
    APPROVED,
    REJECTED;

    public boolean open() {
      return this == CHECKING || this == AWAITING_REVIEW || this == ESCALATED;
    }

    /** Waiting for an admin's decision. */
    public boolean awaitingDecision() {
      return this == AWAITING_REVIEW || this == ESCALATED;
    }
  }

  /** What a reviewer decides. */
  public enum Decision {
    APPROVE,
    REJECT;

    /**
     * The decision named {@code name}, in any case.
     *
     * @throws InvalidRequestException when it names neither
     */
    public static Decision parse(String name) {
      try {
        return valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("decision is APPROVE or REJECT");
      }
    }
  }

  public KycReview {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    documentIds = List.copyOf(documentIds);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  public KycReview checked(List<String> found, Instant at) {
    return new KycReview(
        id,
        userId,
        kind,
        status,
        documentIds,
        nameOnDocument,
        found,
        taskToken,
        reason,
        reviewerId,
        decidedAt,
        version + 1,
        createdAt,
        at);
  }

  /** Waiting for a decision under {@code token}; escalated when the first wait ran out. */
  public KycReview awaiting(String token, boolean escalated, Instant at) {
    return new KycReview(
        id,
        userId,
        kind,
        escalated ? Status.ESCALATED : Status.AWAITING_REVIEW,
        documentIds,
        nameOnDocument,
        findings,
        token,
        reason,
        reviewerId,
        decidedAt,
        version + 1,
        createdAt,
        at);
  }

  /**
   * Still waiting, with the token taken off by {@code reviewer}'s decision: a second decision finds
   * none to use.
   */
  public KycReview claimedBy(String reviewer, Instant at) {
    return new KycReview(
        id,
        userId,
        kind,
        status,
        documentIds,
        nameOnDocument,
        findings,
        null,
        reason,
        reviewer,
        decidedAt,
        version + 1,
        createdAt,
        at);
  }

  /**
   * Waiting under {@code token} again, with no reviewer: a claim whose decision did not reach the
   * workflow, undone so that it can be decided again.
   */
  public KycReview unclaimed(String token, Instant at) {
    return new KycReview(
        id,
        userId,
        kind,
        status,
        documentIds,
        nameOnDocument,
        findings,
        token,
        reason,
        null,
        decidedAt,
        version + 1,
        createdAt,
        at);
  }

  public KycReview decided(Decision decision, String why, String reviewer, Instant at) {
    return new KycReview(
        id,
        userId,
        kind,
        decision == Decision.APPROVE ? Status.APPROVED : Status.REJECTED,
        documentIds,
        nameOnDocument,
        findings,
        null,
        why,
        reviewer,
        at,
        version + 1,
        createdAt,
        at);
  }

  @Override
  public String toString() {
    return "KycReview[id="
        + id
        + ", userId="
        + userId
        + ", kind="
        + kind
        + ", status="
        + status
        + ", version="
        + version
        + "]";
  }
}
