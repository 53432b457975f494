package io.stablepay.adapter.in.http.escrow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.AuditView;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.IdempotentResponses;
import io.stablepay.adapter.in.http.conventions.Instants;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.port.in.CreateEscrowCommand;
import io.stablepay.core.port.in.EscrowRecovery;
import io.stablepay.core.port.in.Escrows;
import io.stablepay.core.port.in.ResolveEscrowCommand;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Escrow between platform users, each run by a workflow until it ends exactly once. */
@DocumentedProblems
@Controller("/api/escrow")
@Requires(env = Functions.ESCROW_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Escrow")
class EscrowController {

  private final Escrows escrows;
  private final EscrowRecovery recovery;
  private final IdempotentResponses idempotent;

  EscrowController(Escrows escrows, EscrowRecovery recovery, IdempotentResponses idempotent) {
    this.escrows = escrows;
    this.recovery = recovery;
    this.idempotent = idempotent;
  }

  @Post
  @Operation(
      summary =
          "Put amount of currency aside for a beneficiary (an email or a platform"
              + " address): it leaves the caller's balance for an escrow account at once. It is released"
              + " by the depositor, refunded by the beneficiary, released by itself at releaseAfter"
              + " (if given) unless a party disputes it, or, disputed, decided by an administrator."
              + " With network, the money is held on that network in the platform's Escrow contract:"
              + " the treasury deposits it there, the workflow sends the release (to the beneficiary's"
              + " address, credited as a deposit) or the refund and waits for its confirmation; until"
              + " then a decided escrow stays SETTLING."
              + " Counts against both parties' daily P2P limits; requires Idempotency-Key",
      security = @SecurityRequirement(name = "bearer"))
  @ApiResponse(
      responseCode = "201",
      description = "held",
      content = @Content(schema = @Schema(implementation = EscrowView.class)))
  HttpResponse<String> create(
      @Parameter(hidden = true) Caller caller,
      @Valid @Body CreateRequest body,
      @Parameter(
              description = IdempotentResponses.HEADER_DESCRIPTION,
              required = true,
              schema = @Schema(pattern = IdempotentResponses.HEADER_PATTERN))
          @Header(IdempotentResponses.HEADER)
          String idempotencyKey,
      HttpRequest<?> http) {
    Instant releaseAfter = Instants.optional("releaseAfter", body.releaseAfter());
    return idempotent.respond(
        http,
        caller.userId(),
        HttpStatus.CREATED,
        body,
        () ->
            EscrowView.of(
                escrows.create(
                    caller,
                    idempotencyKey,
                    CreateEscrowCommand.of(
                        body.beneficiary(),
                        body.currency(),
                        body.amount(),
                        body.description(),
                        releaseAfter,
                        body.network()))));
  }

  @Get
  @Operation(
      summary =
          "The caller's escrows, as depositor or beneficiary, newest first," + " cursor-paginated",
      security = @SecurityRequirement(name = "bearer"))
  EscrowPage list(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    return EscrowPage.of(escrows.list(caller, PageRequest.of(limit, cursor)));
  }

  @Get("/disputed")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Disputed escrows waiting for an administrator, oldest dispute first,"
              + " cursor-paginated (admin)",
      security = @SecurityRequirement(name = "bearer"))
  EscrowPage disputed(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    return EscrowPage.of(escrows.disputed(caller, PageRequest.of(limit, cursor)));
  }

  @Get("/{id}")
  @Operation(
      summary = "One escrow, to its parties and administrators",
      security = @SecurityRequirement(name = "bearer"))
  EscrowView get(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return EscrowView.of(escrows.get(caller, id));
  }

  @Get("/{id}/history")
  @Operation(
      summary =
          "What the audit log holds about an escrow: creation, dispute, decision,"
              + " with who and when; to its parties and administrators",
      security = @SecurityRequirement(name = "bearer"))
  List<AuditView> history(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return escrows.history(caller, id).stream().map(AuditView::of).toList();
  }

  @Post("/{id}/release")
  @Operation(
      summary =
          "The depositor pays the beneficiary everything held (also while"
              + " disputed); again: the same answer; after another outcome: 409",
      security = @SecurityRequirement(name = "bearer"))
  EscrowView release(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return EscrowView.of(escrows.release(caller, id));
  }

  @Post("/{id}/refund")
  @Operation(
      summary =
          "The beneficiary gives everything held back to the depositor (also"
              + " while disputed); again: the same answer; after another outcome: 409",
      security = @SecurityRequirement(name = "bearer"))
  EscrowView refund(@Parameter(hidden = true) Caller caller, @PathVariable String id) {
    return EscrowView.of(escrows.refund(caller, id));
  }

  @Post("/{id}/dispute")
  @Operation(
      summary =
          "A party disputes a HELD escrow: it is no longer released by itself and"
              + " waits for an administrator's decision; a second dispute is 409",
      security = @SecurityRequirement(name = "bearer"))
  EscrowView dispute(
      @Parameter(hidden = true) Caller caller,
      @PathVariable String id,
      @Valid @Body DisputeRequest body) {
    return EscrowView.of(escrows.dispute(caller, id, body.reason()));
  }

  @Post("/{id}/resolve")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "An administrator (not a party) ends a disputed escrow: RELEASE,"
              + " REFUND, or SPLIT with toBeneficiary to the beneficiary and the rest to the depositor;"
              + " the reason is kept in the audit log; an escrow not disputed, or already ended"
              + " otherwise, is 409",
      security = @SecurityRequirement(name = "bearer"))
  EscrowView resolve(
      @Parameter(hidden = true) Caller caller,
      @PathVariable String id,
      @Valid @Body ResolveRequest body) {
    return EscrowView.of(
        escrows.resolve(
            caller,
            id,
            ResolveEscrowCommand.of(body.decision(), body.toBeneficiary(), body.reason())));
  }

  @Post("/process")
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "Catch-up (admin): finishes escrows a crash left half-way and starts a"
              + " new workflow execution for every open escrow whose execution is gone",
      security = @SecurityRequirement(name = "bearer"))
  Map<String, Integer> process(@Parameter(hidden = true) Caller caller) {
    return Map.of("moved", recovery.process(caller));
  }

  @Serdeable
  record CreateRequest(
      @NotBlank
          @Schema(
              description = "the beneficiary's email or platform address",
              pattern = ApiFormats.EMAIL_OR_ADDRESS)
          String beneficiary,
      @Schema(implementation = Asset.class) @NotBlank String currency,
      @Schema(pattern = ApiFormats.AMOUNT) @NotBlank String amount,
      @Nullable @Schema(maxLength = 140) String description,
      @Nullable
          @Schema(
              description =
                  "at most 300 days away: released by itself then unless"
                      + " disputed; absent: only by a decision",
              pattern = ApiFormats.DATE_TIME)
          String releaseAfter,
      @Schema(implementation = NetworkId.class) @Nullable String network) {}

  @Serdeable
  record DisputeRequest(
      @NotBlank @Schema(maxLength = 500, pattern = ApiFormats.TEXT) String reason) {}

  @Serdeable
  record ResolveRequest(
      @NotBlank @Schema(allowableValues = {"RELEASE", "REFUND", "SPLIT"}) String decision,
      @Nullable
          @Schema(
              description =
                  "for a SPLIT: the beneficiary's part, more than zero and"
                      + " less than the amount",
              pattern = ApiFormats.AMOUNT)
          String toBeneficiary,
      @NotBlank @Schema(maxLength = 500, pattern = ApiFormats.TEXT) String reason) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record EscrowPage(List<EscrowView> data, @Nullable String nextCursor) {
    static EscrowPage of(Page<Escrow> page) {
      return new EscrowPage(page.data().stream().map(EscrowView::of).toList(), page.nextCursor());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record DisputeView(String by, String reason, String at) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record OutcomeView(
      @Schema(description = "RELEASE, REFUND or SPLIT") String decision,
      String toBeneficiary,
      String toDepositor,
      @Schema(description = "a user id, or deadline") String decidedBy,
      String reason,
      String decidedAt,
      @Schema(description = "when the ledger moved the money; null while SETTLING")
          String endedAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record EscrowView(
      String id,
      String depositorId,
      String beneficiaryId,
      String currency,
      String amount,
      String description,
      String releaseAfter,
      @Schema(
              description =
                  "FUNDING, HELD, DISPUTED, SETTLING, RELEASED, REFUNDED, SPLIT or" + " VOID")
          String status,
      DisputeView dispute,
      OutcomeView outcome,
      @Schema(description = "null unless held on-chain") OnchainView onchain,
      String createdAt,
      String updatedAt) {

    static EscrowView of(Escrow e) {
      Escrow.Outcome o = e.outcome();
      return new EscrowView(
          e.id(),
          e.depositorId(),
          e.beneficiaryId(),
          e.asset().name(),
          e.amount().format(),
          e.description(),
          e.releaseAfter() == null ? null : e.releaseAfter().toString(),
          e.status().name(),
          e.dispute() == null
              ? null
              : new DisputeView(
                  e.dispute().by(), e.dispute().reason(), e.dispute().at().toString()),
          o == null
              ? null
              : new OutcomeView(
                  o.decision().name(),
                  o.toBeneficiary().format(),
                  o.toDepositor().format(),
                  o.by(),
                  o.reason(),
                  o.decidedAt().toString(),
                  o.endedAt() == null ? null : o.endedAt().toString()),
          OnchainView.of(e.onchain()),
          e.createdAt().toString(),
          e.updatedAt().toString());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record OnchainView(
      String network,
      @Schema(
              description =
                  "REQUESTED, APPROVING, FUNDING, LOCKED, SETTLING, SETTLED or FAILED"
                      + " (the funding did not happen: held in the ledger instead)")
          String phase,
      @Schema(description = "the Escrow contract") String contract,
      @Schema(description = "the beneficiary's address, paid by a release") String beneficiary,
      @Schema(description = "the treasury, the depositor on-chain") String depositor,
      @Schema(description = "the platform's arbiter key, which sends the release or refund")
          String arbiter,
      List<CallView> transactions,
      String failure) {

    static OnchainView of(OnchainEscrow chain) {
      return chain == null
          ? null
          : new OnchainView(
              chain.network().name(),
              chain.phase().name(),
              chain.contract(),
              chain.beneficiary(),
              chain.depositor(),
              chain.arbiter(),
              chain.calls().stream()
                  .map(
                      c ->
                          new CallView(
                              c.purpose(),
                              c.from(),
                              c.nonce(),
                              c.latest().hash().value(),
                              c.attempts().size()))
                  .toList(),
              chain.failure());
    }
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record CallView(
      @Schema(description = "approve, create, release or refund") String purpose,
      String from,
      long nonce,
      @Schema(description = "the newest signed version's hash") String hash,
      @Schema(description = "signed versions (a replacement raises the fees)") int versions) {}
}
