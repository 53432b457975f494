package io.stablepay.core.port.in;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.payment.PaymentRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What a merchant took: its payment analytics and its payment movements. */
public interface MerchantReports {

  /**
   * What the merchant took between {@code from} (inclusive) and {@code to} (exclusive), by UTC day,
   * network and asset, from its stored requests: paid volume and fees, and requests by status.
   * Networks are where a request was paid ({@code BALANCE} for platform balances).
   */
  record Analytics(
      Instant from, Instant to, List<Bucket> buckets, Map<PaymentRequest.Status, Integer> counts) {}

  /** Paid volume and fees of one (day, network, asset): both of the same asset. */
  record Bucket(LocalDate day, String network, TokenAmount volume, TokenAmount fees, int payments) {

    public Asset asset() {
      return volume.asset();
    }
  }

  /**
   * @throws io.stablepay.core.domain.InvalidRequestException for a range over 366 days
   */
  Analytics analytics(Caller merchant, Instant from, Instant to);

  /** The merchant's payment movements (credits less fees, refunds), newest first. */
  Page<Movement> transactions(Caller merchant, PageRequest page);
}
