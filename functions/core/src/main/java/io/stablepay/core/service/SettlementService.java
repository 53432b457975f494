package io.stablepay.core.service;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Decimals;
import io.stablepay.core.domain.DomainException;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.in.Settlements;
import io.stablepay.core.port.in.WithdrawCommand;
import io.stablepay.core.port.in.Withdrawals;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.MerchantStore;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settles a merchant's balance on-chain: a withdrawal like any user's (held, signed by the
 * treasury, tracked) to the settlement address, of the available balance less the network fee
 * quoted now plus {@value #FEE_MARGIN_PERCENT}%; that is the withdrawal's {@code maxFee}, so a fee
 * that rises further refuses the settlement instead of overdrawing, and whatever the margin does
 * not spend stays in the merchant's balance. Settlements count against the daily withdrawal limit
 * of the merchant's KYB status (not its owner's KYC status), so a business settles more than an
 * unverified one's limit a day only once its KYB review is approved.
 *
 * <p>Merchants with a threshold are also settled on a schedule ({@link #settleDue}), once a day per
 * asset at most, under an idempotency key of the merchant, asset and UTC day.
 */
public final class SettlementService implements Settlements {

  /** How much the fee may rise between the quote and the withdrawal. */
  static final int FEE_MARGIN_PERCENT = 25;

  private final MerchantStore merchants;
  private final LedgerStore ledger;
  private final Withdrawals withdrawals;
  private final Clock clock;

  public SettlementService(
      MerchantStore merchants, LedgerStore ledger, Withdrawals withdrawals, Clock clock) {
    this.merchants = merchants;
    this.ledger = ledger;
    this.withdrawals = withdrawals;
    this.clock = clock;
  }

  @Override
  public DueReport settleDue() {
    Instant started = clock.instant();
    LocalDate day = started.atZone(ZoneOffset.UTC).toLocalDate();
    List<String> ids = merchants.autoSettling();
    int settled = 0;
    List<String> failures = new ArrayList<>();
    for (String id : ids) {
      Optional<Merchant> merchant = merchants.find(id);
      if (merchant.isEmpty() || merchant.get().autoSettleThreshold() == null) {
        continue; // the index is read eventually: the threshold was just turned off
      }
      for (Asset asset : Asset.values()) {
        TokenAmount threshold = merchant.get().autoSettleThreshold(asset);
        if (new TokenAmount(asset, ledger.balance(AccountId.user(id, asset))).compareTo(threshold)
            < 0) {
          continue;
        }
        try {
          Withdrawal withdrawal =
              settle(new Caller(id, Role.MERCHANT), asset, "auto-settle-" + asset + "-" + day);
          if (!withdrawal.createdAt().isBefore(started)) {
            settled++;
          }
        } catch (IdempotencyMismatchException e) {
          // settled once today already; the rest waits for tomorrow
        } catch (DomainException e) {
          failures.add(id + " " + asset + ": " + e.getMessage());
        }
      }
    }
    return new DueReport(ids.size(), settled, failures);
  }

  @Override
  public Withdrawal settle(Caller caller, Asset asset, String idempotencyKey) {
    Merchant merchant =
        MerchantCallers.merchant(merchants, caller, "settlement is for merchants (role MERCHANT)");
    if (merchant.settlementAddress() == null) {
      throw new InvalidValueException(
          "set a settlement address and network first" + " (POST /api/merchant/settings)");
    }
    BigInteger balance = ledger.balance(AccountId.user(merchant.userId(), asset));
    if (balance.signum() <= 0) {
      throw new InvalidValueException("there is no " + asset + " to settle");
    }
    String network = merchant.settlementNetwork().name();
    BigInteger quoted =
        withdrawals
            .quote(network, new TokenAmount(asset, balance), merchant.settlementAddress())
            .fee()
            .units();
    // the base fee moves block by block: what the margin does not spend stays in the balance
    BigInteger maxFee =
        quoted
            .multiply(BigInteger.valueOf(100 + FEE_MARGIN_PERCENT))
            .add(BigInteger.valueOf(99))
            .divide(BigInteger.valueOf(100));
    BigInteger amount = balance.subtract(maxFee);
    if (amount.signum() <= 0) {
      throw new InvalidValueException(
          "the "
              + asset
              + " balance, "
              + Decimals.format(balance, asset.decimals())
              + ", does not cover the network fee of "
              + Decimals.format(maxFee, asset.decimals()));
    }
    // the business settles under its KYB status's daily limit: large sums need KYB VERIFIED
    return withdrawals.withdraw(
        caller,
        idempotencyKey,
        new WithdrawCommand(
            merchant.settlementAddress(),
            network,
            new TokenAmount(asset, amount),
            new TokenAmount(asset, maxFee),
            "settlement",
            merchant.kybStatus()));
  }
}
