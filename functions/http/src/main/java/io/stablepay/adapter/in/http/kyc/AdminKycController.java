package io.stablepay.adapter.in.http.kyc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.AuditView;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/** Administrators decide KYC and KYB reviews: the human step of the review workflow. */
@DocumentedProblems
@Controller("/api/admin/kyc")
@Requires(env = Functions.KYC_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
class AdminKycController {

  private final KycReviews reviews;

  AdminKycController(KycReviews reviews) {
    this.reviews = reviews;
  }

  @Get("/pending")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Reviews waiting for a decision (AWAITING_REVIEW or ESCALATED), oldest"
              + " first, with the automated checks' findings; cursor-paginated",
      security = @SecurityRequirement(name = "bearer"))
  PendingPage pending(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Page<KycReview> page = reviews.pending(caller, PageRequest.of(limit, cursor));
    return new PendingPage(page.data().stream().map(PendingReview::of).toList(), page.nextCursor());
  }

  @Post("/review")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Decide a waiting review: APPROVE, or REJECT with a reason the user"
              + " reads. Completes the workflow's task, which records the decision with the reviewer and"
              + " sets the user's status (at once, with an alert, when the review's execution had"
              + " ended without one); deciding twice, or after the wait timed out, is 409",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "202",
      description = "the decided review",
      content = @Content(schema = @Schema(implementation = PendingReview.class)))
  HttpResponse<PendingReview> review(
      @Parameter(hidden = true) Caller caller, @Valid @Body DecisionRequest body) {
    KycReview review = reviews.decide(caller, body.reviewId(), body.decision(), body.reason());
    return HttpResponse.accepted().body(PendingReview.of(review));
  }

  @Get("/reviews/{id}/audit")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "What the audit log holds about a review: submission, escalation,"
              + " decision, with who and when",
      security = @SecurityRequirement(name = "bearer"))
  List<AuditView> audit(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return reviews.audit(caller, id).stream().map(AuditView::of).toList();
  }

  @Serdeable
  record DecisionRequest(
      @Schema(pattern = ApiFormats.TEXT) @NotBlank String reviewId,
      @Schema(allowableValues = {"APPROVE", "REJECT"}) @NotBlank String decision,
      @Schema(description = "what the user reads; a rejection needs one", maxLength = 500) @Nullable
          String reason) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PendingPage(List<PendingReview> data, @Nullable String nextCursor) {}

  /** A review as an administrator sees it: findings included, never the task token. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PendingReview(
      String id,
      String userId,
      String kind,
      String status,
      List<String> documentIds,
      String nameOnDocument,
      List<String> findings,
      String reason,
      String reviewerId,
      String decidedAt,
      String createdAt) {

    static PendingReview of(KycReview r) {
      return new PendingReview(
          r.id(),
          r.userId(),
          r.kind().name(),
          r.status().name(),
          r.documentIds(),
          r.nameOnDocument(),
          r.findings(),
          r.reason(),
          r.reviewerId(),
          r.decidedAt() == null ? null : r.decidedAt().toString(),
          r.createdAt().toString());
    }
  }
}
