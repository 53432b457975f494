package io.stablepay.adapter.in.http.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.payment.PayOption;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.port.in.Payments;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A payment request as the merchant API answers it (PaymentController) and as a refund answers it
 * (RefundController, in the signer's function): its own file, so the signer's jar carries the view
 * without the merchant's controller.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
record PaymentView(
    String id,
    String paymentId,
    @Schema(
            description =
                "PENDING, CONFIRMING, UNDERPAID, PAID, OVERPAID, REFUNDING,"
                    + " EXPIRED, CANCELLED or REFUNDED")
        String status,
    String amount,
    String currency,
    @Nullable String network,
    @Schema(description = "the platform's fee, once paid") @Nullable String fee,
    String paymentRef,
    String expiresAt,
    @Nullable String paidAt,
    @Nullable String customerEmail,
    Map<String, String> metadata,
    List<PayOptionView> payOptions,
    String createdAt) {

  static PaymentView of(Payments.View view) {
    PaymentRequest r = view.request();
    // a balance payment in flight is PENDING to everyone outside
    String status = r.status() == PaymentRequest.Status.PAYING ? "PENDING" : r.status().name();
    return new PaymentView(
        r.id(),
        r.paymentId(),
        status,
        r.amount().format(),
        r.asset().name(),
        r.network() == null ? null : r.network().name(),
        r.fee() == null ? null : r.fee().format(),
        r.paymentRef(),
        r.expiresAt().toString(),
        r.paidAt() == null ? null : r.paidAt().toString(),
        r.customerEmail(),
        r.metadata(),
        view.payOptions().stream().map(PayOptionView::of).toList(),
        r.createdAt().toString());
  }

  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PayOptionView(
      @Schema(description = "onchain (the gateway contract) or balance (a platform balance)")
          String type,
      @Nullable String network,
      @Nullable String gatewayAddress,
      @Nullable String tokenAddress,
      @Nullable String amountBaseUnits,
      @Nullable String paymentRef,
      @Nullable String approveCalldata,
      @Nullable String payCalldata,
      @Nullable String uri) {

    static PayOptionView of(PayOption option) {
      return switch (option) {
        case PayOption.Onchain o ->
            new PayOptionView(
                "onchain",
                o.network().name(),
                o.gatewayAddress(),
                o.tokenAddress(),
                o.amountBaseUnits().toString(),
                o.paymentRef(),
                o.approveCalldata(),
                o.payCalldata(),
                o.uri());
        case PayOption.Balance b ->
            new PayOptionView("balance", null, null, null, null, null, null, null, null);
      };
    }
  }
}
