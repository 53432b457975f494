package io.stablepay.core.service;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.SecretToken;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Decision;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.port.in.FinishReviewCommand;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.DocumentStorage;
import io.stablepay.core.port.out.KycStore;
import io.stablepay.core.port.out.Mailer;
import io.stablepay.core.port.out.MerchantStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.Workflows;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * KYC and KYB reviews. The use case owns the rules; the review workflow ({@code
 * statemachines/kyc-review.asl.json}) owns the order and the waiting: it calls {@link #check}, then
 * {@link #awaitDecision} with its task token and waits (escalating once when nobody decides in
 * time), then {@link #finish} with the decision an administrator sent through {@link #decide}, or
 * with the checks' own rejection. The outcome and the user's status are written together ({@link
 * KycStore#updateReview}), a merchant's KYB outcome with its {@code kyb.approved} or {@code
 * kyb.rejected} webhook, and every submission, escalation and decision is in the audit log.
 */
public final class KycService implements KycReviews {

  /** Documents one review may cover. */
  static final int MAX_REVIEW_DOCUMENTS = 10;

  private static final int MAX_REASON = 500;

  private final KycStore store;
  private final KycUploads uploads;
  private final KycReviewSteps steps;
  private final Workflows workflows;
  private final UserStore users;
  private final MerchantStore merchants;
  private final AuditLog audit;
  private final Alerts alerts;
  private final Clock clock;

  public KycService(
      KycStore store,
      DocumentStorage documents,
      Workflows workflows,
      UserStore users,
      MerchantStore merchants,
      Mailer mailer,
      AuditLog audit,
      Alerts alerts,
      NameScreen sanctions,
      Clock clock) {
    this.store = store;
    this.uploads = new KycUploads(store, documents, clock);
    this.steps =
        new KycReviewSteps(
            store,
            new KycReviewUpdates(store),
            documents,
            users,
            merchants,
            mailer,
            audit,
            alerts,
            sanctions,
            clock);
    this.workflows = workflows;
    this.users = users;
    this.merchants = merchants;
    this.audit = audit;
    this.alerts = alerts;
    this.clock = clock;
  }

  @Override
  public UploadTicket requestUpload(Caller caller, String type, String contentType) {
    return uploads.requestUpload(caller, type, contentType);
  }

  @Override
  public KycReview submit(
      Caller caller, String kindName, List<String> documentIds, String nameOnDocument) {
    Kind kind = kind(kindName);
    User user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    if (kind == Kind.KYC && user.kycStatus() == KycStatus.VERIFIED) {
      throw new ConflictException("this account's identity is verified already");
    }
    if (kind == Kind.KYB) {
      Merchant merchant =
          merchants
              .find(caller.userId())
              .orElseThrow(
                  () -> new ConflictException("KYB is for merchants: register as one first"));
      if (merchant.kybStatus() == KycStatus.VERIFIED) {
        throw new ConflictException("this merchant's business is verified already");
      }
    }
    if (documentIds == null || documentIds.isEmpty() || documentIds.size() > MAX_REVIEW_DOCUMENTS) {
      throw new InvalidRequestException(
          "documentIds names 1 to " + MAX_REVIEW_DOCUMENTS + " uploaded documents");
    }
    String name = nameOnDocument == null ? "" : nameOnDocument.strip();
    if (name.isEmpty() || name.codePointCount(0, name.length()) > 200) {
      throw new InvalidRequestException(
          "nameOnDocument is the name the documents carry" + " (1-200 characters)");
    }
    Set<String> ids = new LinkedHashSet<>(documentIds);
    Optional<KycReview> open =
        store.latestReviews(caller.userId()).stream()
            .filter(r -> r.kind() == kind && r.status().open())
            .findFirst();
    if (open.isPresent()) {
      KycReview review = open.get();
      if (review.status() == KycReview.Status.CHECKING
          && review.documentIds().equals(List.copyOf(ids))) {
        start(review); // a retry after the first start failed: the same execution, once
        return review;
      }
      throw new ConflictException("a " + kind + " review is open already (" + review.id() + ")");
    }
    for (String id : ids) {
      KycDocument document =
          store
              .findDocument(caller.userId(), id)
              .orElseThrow(() -> new InvalidValueException("no document " + id + " of yours"));
      if (document.reviewId() != null) {
        throw new ConflictException("document " + id + " is in review " + document.reviewId());
      }
    }
    Instant now = clock.instant();
    KycReview review =
        new KycReview(
            "kyr_" + SecretToken.randomHex(12),
            caller.userId(),
            kind,
            KycReview.Status.CHECKING,
            List.copyOf(ids),
            name,
            List.of(),
            null,
            null,
            null,
            null,
            0,
            now,
            now);
    if (!store.createReview(review)) {
      throw new ConflictException(
          "a " + kind + " review is open already, or a document is in" + " another review");
    }
    audit.record(
        new AuditEntry(
            caller.userId(),
            "kyc.review.submitted",
            review.id(),
            Map.of("kind", kind.name(), "documents", String.join(",", ids)),
            now));
    start(review);
    return review;
  }

  private void start(KycReview review) {
    workflows.start(
        Workflows.Workflow.KYC_REVIEW,
        review.id(),
        Map.of("reviewId", review.id(), "kind", review.kind().name()));
  }

  @Override
  public Status status(Caller caller) {
    User user =
        users
            .findById(caller.userId())
            .orElseThrow(() -> new NotFoundException("the caller's account no longer exists"));
    KycStatus kyb = merchants.find(caller.userId()).map(Merchant::kybStatus).orElse(null);
    return new Status(user.kycStatus(), kyb, store.latestReviews(caller.userId()));
  }

  @Override
  public Page<KycReview> pending(Caller admin, PageRequest page) {
    admin.requireRole(Role.ADMIN);
    return store.awaitingDecision(page);
  }

  @Override
  public KycReview decide(Caller admin, String reviewId, String decisionName, String reason) {
    admin.requireRole(Role.ADMIN);
    Decision decision = decision(decisionName);
    String why = reason == null ? null : reason.strip();
    if (decision == Decision.REJECT && (why == null || why.isEmpty())) {
      throw new InvalidValueException("a rejection needs a reason the user will read");
    }
    if (why != null && why.codePointCount(0, why.length()) > MAX_REASON) {
      throw new InvalidRequestException("reason must be at most " + MAX_REASON + " characters");
    }
    KycReview review =
        store
            .findReview(reviewId)
            .orElseThrow(() -> new NotFoundException("no KYC review " + reviewId));
    if (!review.status().awaitingDecision() || review.taskToken() == null) {
      throw new ConflictException(
          "review "
              + reviewId
              + " is "
              + review.status()
              + (review.status().open() ? ", not waiting for a decision" : ": decided already"));
    }
    // the token is taken off the review first, so a second decision cannot use it too
    KycReview claimed = review.claimedBy(admin.userId(), clock.instant());
    if (!store.updateReview(claimed)) {
      throw new ConflictException("review " + reviewId + " changed meanwhile: read it again");
    }
    boolean running;
    boolean delivered = false;
    try {
      // an execution that has ended without a decision (stopped, failed, its engine restarted)
      // would never record one: the decision is recorded here, as its last step would
      running = workflows.running(Workflows.Workflow.KYC_REVIEW, reviewId);
      if (running) {
        delivered =
            workflows.succeed(
                review.taskToken(),
                Map.of(
                    "decision",
                    decision.name(),
                    "reason",
                    why == null ? "" : why,
                    "reviewerId",
                    admin.userId()));
        // not delivered: the wait timed out and the execution moved on (to the escalated wait,
        // which parks a new token on the review), or it ended
        running = delivered || workflows.running(Workflows.Workflow.KYC_REVIEW, reviewId);
      }
      if (!running) {
        return decidedWithoutWorkflow(admin, claimed, decision, why);
      }
    } catch (RuntimeException e) {
      unclaim(claimed, review.taskToken(), e);
      throw e;
    }
    if (!delivered) {
      throw new ConflictException(
          "review " + reviewId + " timed out waiting and was" + " escalated: decide again");
    }
    audit.record(
        new AuditEntry(
            admin.userId(),
            "kyc.review.decision-sent",
            reviewId,
            Map.of("decision", decision.name(), "reason", why == null ? "" : why),
            clock.instant()));
    return claimed;
  }

  /**
   * Puts {@code token} back on a review whose claimed decision failed on the way (the engine or the
   * store did not answer), so that it can be decided again; unless the review changed meanwhile
   * (decided, or waiting under a new token).
   */
  private void unclaim(KycReview claimed, String token, RuntimeException failure) {
    try {
      store.updateReview(claimed.unclaimed(token, clock.instant()));
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private KycReview decidedWithoutWorkflow(
      Caller admin, KycReview review, Decision decision, String why) {
    alerts.raise(
        "kyc-workflow-ended",
        "review "
            + review.id()
            + " of user "
            + review.userId()
            + " was decided after its workflow had ended; the decision was recorded without it");
    audit.record(
        new AuditEntry(
            admin.userId(),
            "kyc.review.decided-without-workflow",
            review.id(),
            Map.of("decision", decision.name()),
            clock.instant()));
    return finish(review.id(), new FinishReviewCommand(decision, why, admin.userId()));
  }

  @Override
  public List<AuditEntry> audit(Caller admin, String reviewId) {
    admin.requireRole(Role.ADMIN);
    store
        .findReview(reviewId)
        .orElseThrow(() -> new NotFoundException("no KYC review " + reviewId));
    return audit.about(reviewId);
  }

  @Override
  public CheckResult check(String reviewId) {
    return steps.check(reviewId);
  }

  @Override
  public void awaitDecision(String reviewId, String taskToken, boolean escalated) {
    steps.awaitDecision(reviewId, taskToken, escalated);
  }

  @Override
  public KycReview finish(String reviewId, FinishReviewCommand outcome) {
    return steps.finish(reviewId, outcome.decision(), outcome.reason(), outcome.reviewerId());
  }

  private static Kind kind(String name) {
    if (name == null) {
      return Kind.KYC;
    }
    try {
      return Kind.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("kind is KYC or KYB");
    }
  }

  private static Decision decision(String name) {
    try {
      return Decision.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("decision is APPROVE or REJECT");
    }
  }
}
