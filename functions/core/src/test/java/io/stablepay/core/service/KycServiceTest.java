package io.stablepay.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.ConflictException;
import io.stablepay.core.domain.ForbiddenException;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.kyc.KycDocument;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.domain.kyc.KycReview.Kind;
import io.stablepay.core.domain.kyc.KycReview.Status;
import io.stablepay.core.domain.kyc.NameScreen;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookEventType;
import io.stablepay.core.port.in.FinishReviewCommand;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.core.port.in.KycReviews.CheckResult;
import io.stablepay.core.port.in.KycReviews.UploadTicket;
import io.stablepay.core.port.out.Workflows.Workflow;
import io.stablepay.core.testing.MemoryAuditLog;
import io.stablepay.core.testing.MemoryDocumentStorage;
import io.stablepay.core.testing.MemoryKycStore;
import io.stablepay.core.testing.MemoryMerchantStore;
import io.stablepay.core.testing.MemoryUserStore;
import io.stablepay.core.testing.MemoryWorkflows;
import io.stablepay.core.testing.MutableClock;
import io.stablepay.core.testing.RecordingAlerts;
import io.stablepay.core.testing.RecordingMailer;
import io.stablepay.core.testing.RecordingMailer.Mail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KYC and KYB reviews: submissions, the workflow's steps and admins' decisions, in memory. */
class KycServiceTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final byte[] PDF = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0};
  private static final PageRequest FIRST_PAGE = PageRequest.of(null, null);

  private final MutableClock clock = new MutableClock(NOW);
  private final MemoryUserStore users = new MemoryUserStore();
  private final MemoryMerchantStore merchants = new MemoryMerchantStore();
  private final MemoryKycStore store = new MemoryKycStore(users, merchants);
  private final MemoryDocumentStorage storage = new MemoryDocumentStorage(clock);
  private final MemoryWorkflows workflows = new MemoryWorkflows();
  private final RecordingMailer mailer = new RecordingMailer();
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final RecordingAlerts alerts = new RecordingAlerts();
  private final KycReviewSteps steps =
      new KycReviewSteps(store, users, mailer, audit, alerts, clock);
  private final KycService service =
      new KycService(
          new KycUploads(store, storage, clock),
          new KycSubmissions(store, workflows, users, merchants, audit, clock),
          new KycDecisions(store, workflows, steps, audit, alerts, clock),
          new KycReviewChecks(
              store,
              storage,
              users,
              merchants,
              new NameScreen(List.of("# sanctioned", "Ivan Embargovich")),
              clock),
          steps);

  private final Caller ada = new Caller("ada", Role.USER);
  private final Caller root = new Caller("root", Role.ADMIN);
  private final Caller eve = new Caller("eve", Role.ADMIN);

  @BeforeEach
  void accounts() {
    user("ada", "Ada", "Lovelace");
  }

  @Test
  void anUploadIsAFifteenMinutePutOfAKnownFormatAndAtMostTwentyDocumentsWaitForAReview() {
    UploadTicket ticket = service.requestUpload(ada, " passport ", "Image/PNG; charset=x");

    KycDocument document = store.findDocument("ada", ticket.documentId()).orElseThrow();
    assertThat(ticket)
        .isEqualTo(
            new UploadTicket(
                document.id(),
                "PASSPORT",
                ticket.uploadUrl(),
                Map.of("Content-Type", "image/png"),
                NOW.plus(Duration.ofMinutes(15))));
    assertThat(ticket.uploadUrl()).contains("kyc/ada/" + document.id());
    assertThat(document.contentType()).isEqualTo("image/png");
    assertThatThrownBy(() -> service.requestUpload(ada, "SELFIE", "image/png"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("type must be one of");
    assertThatThrownBy(() -> service.requestUpload(ada, "PASSPORT", "image/gif"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("contentType must be");
    assertThatThrownBy(() -> service.requestUpload(ada, "PASSPORT", null))
        .isInstanceOf(InvalidRequestException.class);
    List<String> waiting = new ArrayList<>(List.of(document.id()));
    for (int i = 1; i < 20; i++) {
      waiting.add(uploaded(ada, "PROOF_OF_ADDRESS"));
    }

    assertThatThrownBy(() -> service.requestUpload(ada, "PASSPORT", "application/pdf"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("at most 20");
    assertThat(store.unusedDocuments("ada")).hasSize(20);
    // submitted documents wait no more: there is room again
    service.submit(ada, "KYC", waiting.subList(0, 10), "Ada Lovelace");
    service.requestUpload(ada, "PASSPORT", "application/pdf");
    assertThat(store.unusedDocuments("ada")).hasSize(11);
  }

  @Test
  void aSubmissionOpensAPendingReviewOfEachDocumentOnceAuditsItAndStartsItsWorkflow() {
    String passport = uploaded(ada, "PASSPORT");
    String bill = uploaded(ada, "PROOF_OF_ADDRESS");

    KycReview review =
        service.submit(ada, null, List.of(passport, bill, passport), "  LOVELACE Ada ");

    assertThat(review.id()).matches("kyr_[0-9a-f]{24}");
    assertThat(review)
        .isEqualTo(
            new KycReview(
                review.id(),
                "ada",
                Kind.KYC,
                Status.CHECKING,
                List.of(passport, bill),
                "LOVELACE Ada",
                List.of(),
                null,
                null,
                null,
                null,
                0,
                NOW,
                NOW));
    assertThat(store.findReview(review.id())).contains(review);
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(store.findDocument("ada", bill).orElseThrow().reviewId()).isEqualTo(review.id());
    assertThat(store.unusedDocuments("ada")).isEmpty();
    assertThat(audit.entries)
        .containsExactly(
            new AuditEntry(
                "ada",
                "kyc.review.submitted",
                review.id(),
                Map.of("kind", "KYC", "documents", passport + "," + bill),
                NOW));
    assertThat(workflows.started)
        .containsExactly(Map.entry(review.id(), Map.of("reviewId", review.id(), "kind", "KYC")));
    assertThat(workflows.running(Workflow.KYC_REVIEW, review.id())).isTrue();
  }

  @Test
  void aReviewWhoseWorkflowDidNotStartIsStartedBySubmittingTheSameDocumentsAgainOnly() {
    String passport = uploaded(ada, "PASSPORT");
    String licence = uploaded(ada, "DRIVER_LICENSE");
    IllegalStateException unreachable = new IllegalStateException("states unreachable");
    workflows.failure = unreachable;

    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(passport), "Ada Lovelace"))
        .isSameAs(unreachable);
    KycReview open = service.status(ada).reviews().get(0);
    workflows.failure = null;

    assertThat(open.status()).isEqualTo(Status.CHECKING);
    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(licence), "Ada Lovelace"))
        .isInstanceOf(ConflictException.class)
        .hasMessage("a KYC review is open already (" + open.id() + ")");
    assertThat(service.submit(ada, "kyc", List.of(passport), "Ada Lovelace")).isEqualTo(open);
    assertThat(workflows.started)
        .containsExactly(Map.entry(open.id(), Map.of("reviewId", open.id(), "kind", "KYC")));
    assertThat(audit.actions()).containsExactly("kyc.review.submitted");
    assertThat(store.unusedDocuments("ada")).extracting(KycDocument::id).containsExactly(licence);
    // once the checks have handed it on, the same submission is refused as well
    waiting(open.id(), "token-1");
    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(passport), "Ada Lovelace"))
        .isInstanceOf(ConflictException.class);
    assertThat(workflows.started).hasSize(1);
  }

  @Test
  void whatCannotBeSubmittedOpensNoReview() {
    user("bob", "Bob", "Stone");
    String passport = uploaded(ada, "PASSPORT");
    String bobs = uploaded(new Caller("bob", Role.USER), "PASSPORT");
    List<String> one = List.of(passport);

    assertThatThrownBy(() -> service.submit(ada, "AML", one, "Ada Lovelace"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("kind is KYC or KYB");
    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(), "Ada Lovelace"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1 to 10");
    assertThatThrownBy(
            () -> service.submit(ada, "KYC", Collections.nCopies(11, passport), "Ada Lovelace"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1 to 10");
    assertThatThrownBy(() -> service.submit(ada, "KYC", one, " "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("nameOnDocument");
    assertThatThrownBy(() -> service.submit(ada, "KYC", one, "A".repeat(201)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("1-200");
    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(passport, bobs), "Ada Lovelace"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("no document " + bobs + " of yours");
    assertThatThrownBy(() -> service.submit(ada, "KYB", one, "Ada Ltd"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("register as one first");
    assertThatThrownBy(() -> service.submit(new Caller("gone", Role.USER), "KYC", one, "Ada"))
        .isInstanceOf(NotFoundException.class);

    assertThat(store.latestReviews("ada")).isEmpty();
    assertThat(store.unusedDocuments("ada")).hasSize(1);
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.NOT_STARTED);
    assertThat(audit.entries).isEmpty();
    assertThat(workflows.started).isEmpty();
  }

  @Test
  void readableDocumentsInTheProfilesNameGoToAnAdminWithTheFindingsKept() {
    KycReview review = submitted(ada, "KYC", "LOVELACE, Ada", uploaded(ada, "PASSPORT"));

    CheckResult result = service.check(review.id());

    assertThat(result)
        .isEqualTo(
            new CheckResult(
                "REVIEW",
                "1 document(s) present and readable;"
                    + " the name on the documents matches the profile;"
                    + " no sanctions list match (1 entries screened)"));
    assertThat(String.join("; ", stored(review.id()).findings())).isEqualTo(result.reason());
    assertThatThrownBy(() -> service.awaitDecision(review.id(), " ", false))
        .isInstanceOf(IllegalArgumentException.class);

    service.awaitDecision(review.id(), "token-1", false);

    KycReview waiting = stored(review.id());
    assertThat(waiting.status()).isEqualTo(Status.AWAITING_REVIEW);
    assertThat(waiting.taskToken()).isEqualTo("token-1");
    assertThat(service.pending(root, FIRST_PAGE).data()).containsExactly(waiting);
    assertThatThrownBy(() -> service.pending(ada, FIRST_PAGE))
        .isInstanceOf(ForbiddenException.class);
    // the check task retried after the workflow moved on: the same answer
    assertThat(service.check(review.id())).isEqualTo(result);
    assertThat(alerts.raised).isEmpty();
  }

  @Test
  void failedChecksRejectWithEveryFindingAsTheUsersStatusAndMail() {
    UploadTicket late = service.requestUpload(ada, "PASSPORT", "application/pdf");
    UploadTicket png = service.requestUpload(ada, "NATIONAL_ID", "application/pdf");
    storage.put(png.uploadUrl(), png.headers(), PNG);
    clock.advance(Duration.ofMinutes(16)); // too late for the passport's upload
    KycReview review =
        service.submit(ada, "KYC", List.of(late.documentId(), png.documentId()), "Ada Byron");

    CheckResult result = service.check(review.id());
    // the workflow's RejectedByChecks step records the checks' reason
    KycReview rejected =
        service.finish(
            review.id(), FinishReviewCommand.of("REJECT", result.reason(), "automated-checks"));

    assertThat(result.verdict()).isEqualTo("REJECT");
    assertThat(result.reason())
        .contains("PASSPORT " + late.documentId() + " was never uploaded")
        .contains("NATIONAL_ID " + png.documentId() + " is not a readable application/pdf file")
        .contains("a readable identity document (PASSPORT, NATIONAL_ID or DRIVER_LICENSE)")
        .contains("the name on the documents does not match the profile");
    assertThat(rejected.status()).isEqualTo(Status.REJECTED);
    assertThat(rejected.reason()).isEqualTo(result.reason());
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.REJECTED);
    assertThat(store.findDocument("ada", png.documentId()).orElseThrow().reviewerId())
        .isEqualTo("automated-checks");
    assertThat(audit.entries)
        .last()
        .isEqualTo(
            new AuditEntry(
                "automated-checks",
                "kyc.review.decided",
                review.id(),
                Map.of("decision", "REJECT", "reason", result.reason(), "kind", "KYC"),
                clock.instant()));
    assertThat(mailer.sent)
        .containsExactly(
            new Mail(
                new Email("ada@example.com"),
                "Your identity verification",
                "Your KYC review "
                    + review.id()
                    + " was not approved: "
                    + result.reason()
                    + "\nYou may upload new documents and submit again."));
    assertThat(service.check(review.id())).isEqualTo(result);
    // a new review needs new documents
    clock.advance(Duration.ofMinutes(1));
    assertThatThrownBy(() -> service.submit(ada, "KYC", List.of(png.documentId()), "Ada"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is in review " + review.id());
    KycReview again = submitted(ada, "KYC", "Ada Lovelace", uploaded(ada, "PASSPORT"));
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.PENDING);
    assertThat(service.status(ada))
        .isEqualTo(new KycReviews.Status(KycStatus.PENDING, null, List.of(again)));
  }

  @Test
  void aNameOnTheSanctionsListIsRejectedByTheChecksWithoutAnAdmin() {
    user("ivan", "Ivan", "Smith");
    Caller ivan = new Caller("ivan", Role.USER);
    // the profile's name is clean; the documents carry all of it, and a listed name too
    KycReview review = submitted(ivan, "KYC", "Ivan Embargovich Smith", uploaded(ivan, "PASSPORT"));

    CheckResult result = service.check(review.id());
    service.finish(
        review.id(), FinishReviewCommand.of(result.verdict(), result.reason(), "automated-checks"));

    assertThat(result)
        .isEqualTo(
            new CheckResult(
                "REJECT",
                "the name matches a sanctions list entry (embargovich ivan);"
                    + " 1 document(s) present and readable;"
                    + " the name on the documents matches the profile"));
    assertThat(account("ivan").kycStatus()).isEqualTo(KycStatus.REJECTED);
    assertThat(stored(review.id()).reviewerId()).isEqualTo("automated-checks");
    assertThat(service.pending(root, FIRST_PAGE).data()).isEmpty();
    assertThat(workflows.succeeded).isEmpty();
  }

  @Test
  void anAdminsApprovalGoesThroughTheWorkflowWhichRecordsItOnceAndTellsTheUser() {
    String passport = uploaded(ada, "PASSPORT");
    String id = waiting(submitted(ada, "KYC", "Ada Lovelace", passport).id(), "token-1").id();
    clock.advance(Duration.ofHours(2));

    KycReview claimed = service.decide(root, id, " approve ", null);

    assertThat(claimed.status()).isEqualTo(Status.AWAITING_REVIEW);
    assertThat(stored(id).taskToken()).isNull();
    assertThat(workflows.succeeded)
        .isEqualTo(
            Map.of("token-1", Map.of("decision", "APPROVE", "reason", "", "reviewerId", "root")));
    assertThatThrownBy(() -> service.decide(eve, id, "REJECT", "blurred"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not waiting for a decision");

    KycReview approved = finishAsWorkflow(id, "token-1");
    KycReview retried = finishAsWorkflow(id, "token-1");

    assertThat(approved.status()).isEqualTo(Status.APPROVED);
    assertThat(retried).isEqualTo(approved);
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.VERIFIED);
    KycDocument document = store.findDocument("ada", passport).orElseThrow();
    assertThat(document.reviewerId()).isEqualTo("root");
    assertThat(document.reviewedAt()).isEqualTo(clock.instant());
    assertThat(mailer.sent)
        .extracting(Mail::text)
        .containsExactly("Your KYC review " + id + " was approved.");
    assertThat(audit.actions())
        .containsExactly("kyc.review.submitted", "kyc.review.decision-sent", "kyc.review.decided");
    assertThat(audit.entries).extracting(AuditEntry::actor).containsExactly("ada", "root", "root");
    assertThatThrownBy(() -> service.decide(eve, id, "REJECT", "blurred"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("APPROVED: decided already");
    assertThatThrownBy(() -> submitted(ada, "KYC", "Ada Lovelace", uploaded(ada, "PASSPORT")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("verified already");
  }

  @Test
  void onlyAnAdminDecidesAWaitingReviewAndARejectionNeedsAReasonTheUserCanRead() {
    String id = submitted(ada, "KYC", "Ada Lovelace", uploaded(ada, "PASSPORT")).id();

    assertThatThrownBy(() -> service.decide(ada, id, "APPROVE", null))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.decide(root, id, "MAYBE", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("decision is APPROVE or REJECT");
    assertThatThrownBy(() -> service.decide(root, "kyr_none", "APPROVE", null))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.decide(root, id, "APPROVE", null))
        .isInstanceOf(ConflictException.class)
        .hasMessage("review " + id + " is CHECKING, not waiting for a decision");
    waiting(id, "token-1");
    assertThatThrownBy(() -> service.decide(root, id, "REJECT", "  "))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> service.decide(root, id, "REJECT", "x".repeat(501)))
        .isExactlyInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 500");
    assertThatThrownBy(() -> service.audit(ada, id)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> service.audit(root, "kyr_none")).isInstanceOf(NotFoundException.class);

    assertThat(stored(id).taskToken()).isEqualTo("token-1");
    assertThat(stored(id).reviewerId()).isNull();
    assertThat(workflows.succeeded).isEmpty();
    assertThat(audit.actions()).containsExactly("kyc.review.submitted");
  }

  @Test
  void ofTwoAdminsDecidingAtOnceOnlyTheFirstDecisionIsSent() {
    String id = adaWaiting();
    store.beforeNextUpdate(() -> service.decide(eve, id, "REJECT", "not the holder's photo"));

    assertThatThrownBy(() -> service.decide(root, id, "APPROVE", null))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("changed meanwhile");

    assertThat(workflows.succeeded)
        .isEqualTo(
            Map.of(
                "token-1",
                Map.of(
                    "decision",
                    "REJECT",
                    "reason",
                    "not the holder's photo",
                    "reviewerId",
                    "eve")));
    assertThat(audit.entries)
        .filteredOn(e -> e.action().equals("kyc.review.decision-sent"))
        .extracting(AuditEntry::actor)
        .containsExactly("eve");
    KycReview rejected = finishAsWorkflow(id, "token-1");
    assertThat(rejected.status()).isEqualTo(Status.REJECTED);
    assertThat(rejected.reviewerId()).isEqualTo("eve");
    assertThat(mailer.sent)
        .singleElement()
        .extracting(Mail::text)
        .asString()
        .contains("was not approved: not the holder's photo");
  }

  @Test
  void ofTwoOutcomesRecordedAtOnceOnlyTheOneWrittenIsAuditedAndMailed() {
    String id = adaWaiting();
    // the workflow's last step records eve's rejection just before root's decision is written
    store.beforeNextUpdate(
        () ->
            service.finish(id, FinishReviewCommand.of("REJECT", "not the holder's photo", "eve")));

    KycReview outcome = service.finish(id, FinishReviewCommand.of("APPROVE", null, "root"));

    assertThat(outcome).isEqualTo(stored(id));
    assertThat(outcome.status()).isEqualTo(Status.REJECTED);
    assertThat(outcome.reviewerId()).isEqualTo("eve");
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.REJECTED);
    assertThat(audit.entries)
        .filteredOn(e -> e.action().equals("kyc.review.decided"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("eve");
              assertThat(e.detail()).containsEntry("decision", "REJECT");
            });
    assertThat(mailer.sent)
        .singleElement()
        .extracting(Mail::text)
        .asString()
        .contains("was not approved: not the holder's photo");
  }

  @Test
  void aDecisionTheEngineDidNotTakeLeavesTheReviewWaitingToBeDecidedAgain() {
    String id = adaWaiting();
    IllegalStateException unreachable = new IllegalStateException("states unreachable");
    workflows.failure = unreachable;

    assertThatThrownBy(() -> service.decide(root, id, "APPROVE", null)).isSameAs(unreachable);

    KycReview waiting = stored(id);
    assertThat(waiting.status()).isEqualTo(Status.AWAITING_REVIEW);
    assertThat(waiting.taskToken()).isEqualTo("token-1");
    assertThat(waiting.reviewerId()).isNull();
    assertThat(service.pending(root, FIRST_PAGE).data()).containsExactly(waiting);
    assertThat(audit.actions()).containsExactly("kyc.review.submitted");
    workflows.failure = null;

    service.decide(eve, id, "REJECT", "blurred");

    assertThat(workflows.succeeded)
        .isEqualTo(
            Map.of(
                "token-1", Map.of("decision", "REJECT", "reason", "blurred", "reviewerId", "eve")));
    assertThat(stored(id).taskToken()).isNull();
    assertThat(finishAsWorkflow(id, "token-1").status()).isEqualTo(Status.REJECTED);
  }

  @Test
  void aWaitThatRanOutIsEscalatedWithAnAlertAndADecisionOnItsOldTaskIsAskedForAgain() {
    String id = adaWaiting();
    // the first wait runs out as an admin decides: the engine takes that token no more
    workflows.timeOut("token-1");

    assertThatThrownBy(() -> service.decide(root, id, "APPROVE", null))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("escalated: decide again");
    service.awaitDecision(id, "token-2", true);

    KycReview escalated = stored(id);
    assertThat(escalated.status()).isEqualTo(Status.ESCALATED);
    assertThat(escalated.taskToken()).isEqualTo("token-2");
    assertThat(alerts.kinds()).containsExactly("kyc-review-escalated");
    assertThat(service.pending(root, FIRST_PAGE).data()).containsExactly(escalated);
    service.decide(root, id, "APPROVE", null);
    assertThat(workflows.succeeded).containsOnlyKeys("token-2");
    assertThat(finishAsWorkflow(id, "token-2").status()).isEqualTo(Status.APPROVED);
    // a late wait on a decided review changes nothing and raises nothing
    service.awaitDecision(id, "token-3", true);
    assertThat(stored(id).taskToken()).isNull();
    assertThat(alerts.kinds()).containsExactly("kyc-review-escalated");
    assertThat(service.audit(root, id))
        .extracting(AuditEntry::action)
        .containsExactly(
            "kyc.review.submitted",
            "kyc.review.escalated",
            "kyc.review.decision-sent",
            "kyc.review.decided");
  }

  @Test
  void aDecisionOnAReviewWhoseWorkflowEndedIsRecordedAtOnceWithAnAlert() {
    String id = adaWaiting();
    workflows.end(Workflow.KYC_REVIEW, id);

    KycReview rejected = service.decide(root, id, "REJECT", "  the passport has expired ");

    assertThat(stored(id)).isEqualTo(rejected);
    assertThat(rejected.status()).isEqualTo(Status.REJECTED);
    assertThat(rejected.reviewerId()).isEqualTo("root");
    assertThat(workflows.succeeded).isEmpty();
    assertThat(alerts.kinds()).containsExactly("kyc-workflow-ended");
    assertThat(audit.actions())
        .containsExactly(
            "kyc.review.submitted", "kyc.review.decided-without-workflow", "kyc.review.decided");
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.REJECTED);
    assertThat(mailer.sent)
        .singleElement()
        .extracting(Mail::text)
        .asString()
        .contains("was not approved: the passport has expired");
  }

  @Test
  void aMerchantsKybOutcomeSetsItsStatusAndGoesOutAsItsWebhook() {
    user("shop", "Charles", "Babbage");
    merchants.create(
        new Merchant(
            "shop",
            "Analytical Engines Ltd",
            "software",
            null,
            null,
            null,
            null,
            250,
            KycStatus.NOT_STARTED,
            "sealed",
            null,
            null,
            0,
            NOW,
            NOW));
    Caller shop = new Caller("shop", Role.MERCHANT);
    // an identity document is no business registration: the checks reject
    KycReview first = submitted(shop, "kyb", "ANALYTICAL ENGINES LTD", uploaded(shop, "PASSPORT"));
    assertThat(merchants.find("shop").orElseThrow().kybStatus()).isEqualTo(KycStatus.PENDING);
    CheckResult checks = service.check(first.id());
    service.finish(
        first.id(), FinishReviewCommand.of("REJECT", checks.reason(), "automated-checks"));
    clock.advance(Duration.ofDays(1));

    KycReview second =
        submitted(shop, "KYB", "Analytical Engines Ltd", uploaded(shop, "BUSINESS_REGISTRATION"));
    waiting(second.id(), "token-1");
    service.decide(root, second.id(), "APPROVE", null);
    KycReview approved = finishAsWorkflow(second.id(), "token-1");

    assertThat(checks.reason())
        .contains("a readable BUSINESS_REGISTRATION is required")
        .contains("matches the business name");
    assertThat(merchants.find("shop").orElseThrow().kybStatus()).isEqualTo(KycStatus.VERIFIED);
    assertThat(store.events)
        .extracting(WebhookEvent::type)
        .containsExactly(WebhookEventType.KYB_REJECTED, WebhookEventType.KYB_APPROVED);
    assertThat(store.events.get(0).data())
        .isEqualTo(
            Map.of("reviewId", first.id(), "kybStatus", "REJECTED", "reason", checks.reason()));
    assertThat(store.events.get(1))
        .satisfies(
            event -> {
              assertThat(event.merchantId()).isEqualTo("shop");
              assertThat(event.occurredAt()).isEqualTo(approved.decidedAt());
              assertThat(event.data())
                  .isEqualTo(Map.of("reviewId", second.id(), "kybStatus", "VERIFIED"));
            });
    assertThat(mailer.sent)
        .extracting(Mail::subject)
        .containsExactly("Your business verification", "Your business verification");
    assertThat(service.status(shop))
        .isEqualTo(
            new KycReviews.Status(KycStatus.NOT_STARTED, KycStatus.VERIFIED, List.of(approved)));
    assertThatThrownBy(
            () ->
                submitted(
                    shop, "KYB", "Analytical Engines Ltd", uploaded(shop, "BUSINESS_REGISTRATION")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("business is verified already");
  }

  @Test
  void anOutcomeTheUserCouldNotBeToldOfStandsWithAnAlertAndIsNotMailedTwice() {
    String id = adaWaiting();
    service.decide(root, id, "APPROVE", null);
    mailer.failure = new IllegalStateException("mail service throttled");

    KycReview approved = finishAsWorkflow(id, "token-1");
    mailer.failure = null;
    finishAsWorkflow(id, "token-1");

    assertThat(approved.status()).isEqualTo(Status.APPROVED);
    assertThat(account("ada").kycStatus()).isEqualTo(KycStatus.VERIFIED);
    assertThat(alerts.raised)
        .containsExactly(
            "kyc-notification-failed: review "
                + id
                + " was decided but its user was not told: IllegalStateException");
    assertThat(mailer.attempts).isEqualTo(1);
    assertThat(mailer.sent).isEmpty();
    assertThat(audit.actions()).containsOnlyOnce("kyc.review.decided");
  }

  private void user(String id, String first, String last) {
    users.create(
        new User(
            id,
            new Email(id + "@example.com"),
            first,
            last,
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            NOW),
        "hash");
  }

  private User account(String id) {
    return users.findById(id).orElseThrow();
  }

  /** A document of {@code type} requested and put as a PDF through its ticket. */
  private String uploaded(Caller who, String type) {
    UploadTicket ticket = service.requestUpload(who, type, "application/pdf");
    storage.put(ticket.uploadUrl(), ticket.headers(), PDF);
    return ticket.documentId();
  }

  private KycReview submitted(Caller who, String kind, String name, String... documentIds) {
    return service.submit(who, kind, List.of(documentIds), name);
  }

  /** The workflow's first steps: the checks pass it on, and it waits under {@code token}. */
  private KycReview waiting(String id, String token) {
    assertThat(service.check(id).verdict()).isEqualTo("REVIEW");
    service.awaitDecision(id, token, false);
    return stored(id);
  }

  /** The workflow's last step, with what the admin's decision sent through {@code token}. */
  private KycReview finishAsWorkflow(String id, String token) {
    Map<String, String> sent = workflows.succeeded.get(token);
    return service.finish(
        id,
        FinishReviewCommand.of(sent.get("decision"), sent.get("reason"), sent.get("reviewerId")));
  }

  /** Ada's passport in her name, in review and waiting for a decision under "token-1". */
  private String adaWaiting() {
    return waiting(submitted(ada, "KYC", "Ada Lovelace", uploaded(ada, "PASSPORT")).id(), "token-1")
        .id();
  }

  private KycReview stored(String id) {
    return store.findReview(id).orElseThrow();
  }
}
