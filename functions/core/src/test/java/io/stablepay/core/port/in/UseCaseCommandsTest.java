package io.stablepay.core.port.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.escrow.Escrow.Decision;
import io.stablepay.core.domain.subscription.Interval;
import org.junit.jupiter.api.Test;

/**
 * The commands of the use cases check what needs no stored state, field by field in the order the
 * API reports them, and carry amounts with their asset.
 */
class UseCaseCommandsTest {

  @Test
  void anEscrowCarriesItsAmountWithTheAssetAndChecksTheFieldsInTheirOrder() {
    CreateEscrowCommand command =
        CreateEscrowCommand.of(" bob@example.com ", "usdt", "12.5", "  ", null, null);

    assertThat(command.amount()).isEqualTo(TokenAmount.parse(Asset.USDT, "12.5"));
    assertThat(command.beneficiary()).isEqualTo("bob@example.com");
    assertThat(command.description()).isNull();
    assertThatThrownBy(
            () -> CreateEscrowCommand.of("bob", "USDT", "0", "x".repeat(141), null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("amount must be greater than zero");
    assertThatThrownBy(
            () -> CreateEscrowCommand.of("bob", "USDT", "1", "x".repeat(141), null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("description is at most 140 characters");
    assertThatThrownBy(() -> CreateEscrowCommand.of("bob", "USDT", "1.0000001", null, null, null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aResolutionNamesAShareForASplitOnlyAndAlwaysAReason() {
    assertThat(ResolveEscrowCommand.of(" split ", "1.5", " partly ").reason()).isEqualTo("partly");
    assertThat(ResolveEscrowCommand.of("release", null, "r").decision())
        .isEqualTo(Decision.RELEASE);
    assertThatThrownBy(() -> ResolveEscrowCommand.of("halve", null, " "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("decision is RELEASE, REFUND or SPLIT");
    assertThatThrownBy(() -> ResolveEscrowCommand.of("SPLIT", null, " "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("a resolution needs a reason");
    assertThatThrownBy(() -> ResolveEscrowCommand.of("SPLIT", "r".repeat(501), "r".repeat(501)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("a reason is at most 500 characters");
    assertThatThrownBy(() -> ResolveEscrowCommand.of("SPLIT", " ", "r"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("a SPLIT names toBeneficiary");
    assertThatThrownBy(() -> ResolveEscrowCommand.of("REFUND", "1", "r"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("toBeneficiary is only for a SPLIT");
  }

  @Test
  void aSubscriptionRefusesANonPositiveAmountBeforeReadingTheInterval() {
    CreateSubscriptionCommand command =
        CreateSubscriptionCommand.of(" shop ", "DAI", "3", "weekly", null);

    assertThat(command.amount()).isEqualTo(TokenAmount.parse(Asset.DAI, "3"));
    assertThat(command.interval()).isEqualTo(Interval.WEEKLY);
    assertThat(command.merchantId()).isEqualTo("shop");
    assertThatThrownBy(() -> CreateSubscriptionCommand.of("shop", "DAI", "0", "fortnightly", null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("amount must be greater than zero");
    assertThatThrownBy(() -> CreateSubscriptionCommand.of("shop", "DAI", "1", "fortnightly", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("interval is DAILY, WEEKLY, MONTHLY or YEARLY");
  }

  @Test
  void aWithdrawalsFeeLimitIsInTheAssetOfItsAmount() {
    WithdrawCommand command = WithdrawCommand.of(" 0xabc ", "ETHEREUM", "USDC", "10", "0.3", null);

    assertThat(command.amount()).isEqualTo(TokenAmount.parse(Asset.USDC, "10"));
    assertThat(command.maxFee()).isEqualTo(TokenAmount.parse(Asset.USDC, "0.3"));
    assertThat(command.to()).isEqualTo("0xabc");
    assertThatThrownBy(
            () ->
                new WithdrawCommand(
                    "0xabc",
                    "ETHEREUM",
                    TokenAmount.parse(Asset.USDC, "10"),
                    TokenAmount.parse(Asset.USDT, "0.3"),
                    null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WithdrawCommand.of("0xabc", "ETHEREUM", "USDC", "0", null, null))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("amount must be greater than zero");
  }

  @Test
  void anOnchainRefundNeedsAnAddressAndAReviewOutcomeADecision() {
    assertThatThrownBy(() -> new OnchainRefundCommand(null, " ", "BASE"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("toAddress is required for an on-chain refund");
    assertThatThrownBy(() -> FinishReviewCommand.of("REVIEW", null, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("decision is APPROVE or REJECT");
  }
}
