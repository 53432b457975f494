package io.stablepay.adapter.in.http.merchant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.auth.Roles;
import io.stablepay.adapter.in.http.conventions.ApiFormats;
import io.stablepay.adapter.in.http.conventions.Instants;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.port.in.MerchantReports;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the merchant was paid: its payment movements and day-by-day figures. */
@DocumentedProblems
@Controller("/api/merchant")
@Requires(env = Functions.MERCHANT_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Merchant")
class MerchantReportsController {

  private final MerchantReports reports;

  MerchantReportsController(MerchantReports reports) {
    this.reports = reports;
  }

  @Get("/transactions")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "The merchant's payment movements (credits with their fee, refunds),"
              + " newest first, cursor-paginated",
      security = @SecurityRequirement(name = "bearer"))
  TransactionPage transactions(
      @Parameter(hidden = true) Caller caller,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit,
      @Parameter(schema = @Schema(pattern = ApiFormats.CURSOR)) @Nullable @QueryValue
          String cursor) {
    Page<Movement> page = reports.transactions(caller, PageRequest.of(limit, cursor));
    return new TransactionPage(
        page.data().stream()
            .map(
                m ->
                    new TransactionView(
                        m.id(),
                        m.direction().name(),
                        m.status().name(),
                        m.asset().name(),
                        m.amount().format(),
                        m.fee().format(),
                        m.network() == null ? null : m.network().name(),
                        m.txHash(),
                        m.counterparty(),
                        m.createdAt().toString()))
            .toList(),
        page.nextCursor());
  }

  @Get("/analytics")
  @Roles(Role.MERCHANT)
  @Operation(
      summary =
          "Paid volume and fees per UTC day, network (BALANCE for platform"
              + " balances) and asset, and requests by status, between from (inclusive) and to"
              + " (exclusive), ISO-8601 instants at most 366 days apart; granularity day",
      security = @SecurityRequirement(name = "bearer"))
  AnalyticsView analytics(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(pattern = ApiFormats.DATE_TIME)) @QueryValue String from,
      @Parameter(schema = @Schema(pattern = ApiFormats.DATE_TIME)) @QueryValue String to,
      @Parameter(schema = @Schema(allowableValues = "day")) @Nullable @QueryValue
          String granularity) {
    if (granularity != null && !granularity.equals("day")) {
      throw new InvalidRequestException("granularity must be day");
    }
    MerchantReports.Analytics analytics =
        reports.analytics(caller, Instants.required("from", from), Instants.required("to", to));
    Map<String, Integer> counts = new TreeMap<>();
    analytics.counts().forEach((status, count) -> counts.put(status.name(), count));
    return new AnalyticsView(
        analytics.from().toString(),
        analytics.to().toString(),
        "day",
        analytics.buckets().stream()
            .map(
                b ->
                    new BucketView(
                        b.day().toString(),
                        b.network(),
                        b.asset().name(),
                        b.volume().format(),
                        b.fees().format(),
                        b.payments()))
            .toList(),
        counts);
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TransactionView(
      String id,
      String direction,
      String status,
      String asset,
      String amount,
      String fee,
      String network,
      String txHash,
      String counterparty,
      String createdAt) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record TransactionPage(List<TransactionView> data, @Nullable String nextCursor) {}

  @Serdeable
  record BucketView(
      String day, String network, String asset, String volume, String fees, int payments) {}

  @Serdeable
  record AnalyticsView(
      String from,
      String to,
      String granularity,
      List<BucketView> buckets,
      Map<String, Integer> counts) {}
}
