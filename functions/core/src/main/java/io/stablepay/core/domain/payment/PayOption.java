package io.stablepay.core.domain.payment;

import io.stablepay.core.domain.NetworkId;
import java.math.BigInteger;

/** One way to pay a request: on-chain through a network's gateway, or from a balance. */
public sealed interface PayOption permits PayOption.Onchain, PayOption.Balance {

  /**
   * Everything a wallet needs to pay through the gateway without knowing its ABI: approve the
   * gateway for the amount, then call {@code pay}; {@code uri} is the EIP-681 form of the call.
   *
   * @param amountBaseUnits the amount in the token's own base units on that network
   */
  record Onchain(
      NetworkId network,
      String gatewayAddress,
      String tokenAddress,
      BigInteger amountBaseUnits,
      String paymentRef,
      String approveCalldata,
      String payCalldata,
      String uri)
      implements PayOption {}

  /** Pay from a platform balance: {@code POST /api/payments/{id}/pay}. */
  record Balance() implements PayOption {}
}
