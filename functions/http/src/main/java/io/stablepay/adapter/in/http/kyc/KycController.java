package io.stablepay.adapter.in.http.kyc;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.kyc.DocumentType;
import io.stablepay.core.domain.kyc.KycReview;
import io.stablepay.core.port.in.KycReviews;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;

/**
 * Identity (KYC) and business (KYB) verification for the caller: upload documents straight to
 * storage, submit them for review, follow the status.
 */
@DocumentedProblems
@Controller("/api/kyc")
@Requires(env = Functions.KYC_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "KYC")
class KycController {

  private final KycReviews reviews;

  KycController(KycReviews reviews) {
    this.reviews = reviews;
  }

  @Post("/documents")
  @Operation(
      summary =
          "Register a document (PASSPORT, NATIONAL_ID, DRIVER_LICENSE,"
              + " PROOF_OF_ADDRESS, or BUSINESS_REGISTRATION for KYB) and get a presigned URL: PUT the"
              + " file there within 15 minutes with the given headers (PDF, JPEG or PNG, at most 10"
              + " MiB)",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "the document's id and where to upload it",
      content = @Content(schema = @Schema(implementation = UploadView.class)))
  HttpResponse<UploadView> upload(
      @Parameter(hidden = true) Caller caller, @Valid @Body UploadRequest body) {
    KycReviews.UploadTicket ticket = reviews.requestUpload(caller, body.type(), body.contentType());
    return HttpResponse.created(
        new UploadView(
            ticket.documentId(),
            ticket.type(),
            ticket.uploadUrl(),
            ticket.headers(),
            ticket.expiresAt().toString()));
  }

  @Post("/submit")
  @Operation(
      summary =
          "Submit uploaded documents for review (kind KYC, the default, or KYB for"
              + " a merchant): automated checks run first, then an administrator decides; the status"
              + " moves to PENDING at once",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "202",
      description = "the review, PENDING",
      content = @Content(schema = @Schema(implementation = ReviewView.class)))
  HttpResponse<ReviewView> submit(
      @Parameter(hidden = true) Caller caller, @Valid @Body SubmitRequest body) {
    KycReview review =
        reviews.submit(caller, body.kind(), body.documentIds(), body.nameOnDocument());
    return HttpResponse.accepted().body(ReviewView.of(review));
  }

  @Get("/status")
  @Operation(
      summary =
          "The caller's KYC status (and KYB status, for a merchant) with its latest" + " reviews",
      security = @SecurityRequirement(name = "bearer"))
  StatusView status(@Parameter(hidden = true) Caller caller) {
    KycReviews.Status status = reviews.status(caller);
    return new StatusView(
        status.kyc().name(),
        status.kyb() == null ? null : status.kyb().name(),
        status.reviews().stream().map(ReviewView::of).toList());
  }

  @Serdeable
  record UploadRequest(
      @Schema(implementation = DocumentType.class) @NotBlank String type,
      @Schema(allowableValues = {"application/pdf", "image/jpeg", "image/png"}) @NotBlank
          String contentType) {}

  @Serdeable
  record SubmitRequest(
      @Nullable @Schema(implementation = KycReview.Kind.class) String kind,
      @ArraySchema(
              minItems = 1,
              maxItems = 10,
              arraySchema = @Schema(description = "1 to 10 of the caller's uploaded documents"))
          List<String> documentIds,
      @NotBlank
          @Schema(
              description = "the name the documents carry (the business name, KYB)",
              maxLength = 200,
              pattern = ApiFormats.TEXT)
          String nameOnDocument) {}

  @Serdeable
  record UploadView(
      String documentId,
      String type,
      String uploadUrl,
      @Schema(description = "headers the PUT must carry") Map<String, String> headers,
      String expiresAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record StatusView(
      String kycStatus,
      @Schema(description = "for merchants only") String kybStatus,
      List<ReviewView> reviews) {}

  /** A review as its user sees it: never the task token. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ReviewView(
      String id,
      String kind,
      @Schema(description = "CHECKING, AWAITING_REVIEW, ESCALATED, APPROVED or REJECTED")
          String status,
      List<String> documentIds,
      String reason,
      String decidedAt,
      String createdAt) {

    static ReviewView of(KycReview r) {
      return new ReviewView(
          r.id(),
          r.kind().name(),
          r.status().name(),
          r.documentIds(),
          r.reason(),
          r.decidedAt() == null ? null : r.decidedAt().toString(),
          r.createdAt().toString());
    }
  }
}
