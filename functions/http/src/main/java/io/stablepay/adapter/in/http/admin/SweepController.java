package io.stablepay.adapter.in.http.admin;

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
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.WithdrawalUnavailableException;
import io.stablepay.core.domain.sweep.Sweep;
import io.stablepay.core.port.in.Sweeps;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** What the sweeps of deposit addresses into the treasury did and cost (ADMIN). */
@DocumentedProblems
@Controller("/api/admin/sweeps")
@Requires(env = Functions.SIGNER_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Admin")
class SweepController {

  private final Optional<Sweeps> sweeps;

  /**
   * @param sweeps absent where the deployment has no treasury networks
   */
  SweepController(Optional<Sweeps> sweeps) {
    this.sweeps = sweeps;
  }

  @Get
  @Roles(Role.ADMIN)
  @Operation(
      summary =
          "The newest sweeps of a network (deposit address -> treasury), with the"
              + " gas top-up and the fees each cost",
      security = @SecurityRequirement(name = "bearer"))
  SweepPage list(
      @Parameter(hidden = true) Caller caller,
      @Parameter(schema = @Schema(implementation = NetworkId.class)) @QueryValue String network,
      @Nullable @Min(1) @Max(100) @QueryValue Integer limit) {
    return new SweepPage(
        sweeps
            .orElseThrow(WithdrawalUnavailableException::disabled)
            .recent(network, limit == null ? 20 : limit)
            .stream()
            .map(SweepView::of)
            .toList());
  }

  @Serdeable
  record SweepPage(List<SweepView> data) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record SweepView(
      String id,
      String network,
      String asset,
      String address,
      String treasury,
      String amount,
      @Schema(description = "FUNDING_GAS, SWEEPING, COMPLETED or FAILED") String status,
      @Schema(description = "native coin the gas tank sent the address first") String gasTopUp,
      String gasTopUpTxHash,
      @Schema(description = "fee of the top-up transaction, once mined") String gasTopUpFee,
      String sweepTxHash,
      @Schema(description = "fee of the sweep transaction, once mined") String sweepFee,
      @Schema(description = "both fees: what the sweep cost, in the native coin") String cost,
      String failureReason,
      String createdAt,
      String updatedAt) {

    static SweepView of(Sweep s) {
      int nativeDecimals = ChainFamily.EVM.nativeDecimals();
      return new SweepView(
          s.id(),
          s.network().name(),
          s.asset().name(),
          s.address(),
          s.treasury(),
          s.ledgerAmount().format(),
          s.status().name(),
          Decimals.format(s.gasTopUp(), nativeDecimals),
          s.gas() == null ? null : s.gas().hash().value(),
          coin(s.gasFee(), nativeDecimals),
          s.sweep() == null ? null : s.sweep().hash().value(),
          coin(s.sweepFee(), nativeDecimals),
          Decimals.format(s.cost(), nativeDecimals),
          s.failureReason(),
          s.createdAt().toString(),
          s.updatedAt().toString());
    }

    private static String coin(BigInteger value, int decimals) {
      return value == null ? null : Decimals.format(value, decimals);
    }
  }
}
