package io.stablepay.adapter.in.http.wallet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.swagger.v3.oas.annotations.media.Schema;

/** An on-chain withdrawal as its owner sees it: every field always present. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WithdrawalView(
    String id,
    String type,
    @Schema(description = "CREATED, PENDING, COMPLETED or FAILED") String status,
    String network,
    String asset,
    String amount,
    @Schema(description = "the network fee charged to the user") String fee,
    @Schema(description = "amount plus fee: what left (or is held from) the balance") String total,
    String from,
    String to,
    @Schema(description = "the newest signed transaction's hash") String txHash,
    @Schema(description = "signed versions so far (a stuck one is replaced with higher fees)")
        int attempts,
    String failureReason,
    String createdAt,
    String updatedAt) {

  public static WithdrawalView of(Withdrawal w) {
    return new WithdrawalView(
        w.id(),
        "WITHDRAWAL",
        w.status().name(),
        w.network().name(),
        w.asset().name(),
        w.amount().format(),
        w.fee().format(),
        w.total().format(),
        w.from(),
        w.to(),
        w.latest().map(a -> a.hash().value()).orElse(null),
        w.attempts().size(),
        w.failureReason(),
        w.createdAt().toString(),
        w.updatedAt().toString());
  }
}
