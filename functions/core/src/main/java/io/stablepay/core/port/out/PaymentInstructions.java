package io.stablepay.core.port.out;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.payment.PayOption;
import java.math.BigInteger;
import java.util.Optional;

/** How to pay through a network's payment gateway contract, per chain family. */
public interface PaymentInstructions {

  ChainFamily family();

  /**
   * The on-chain option for paying {@code amountBaseUnits} of {@code token} under {@code
   * paymentRef}, or empty when the network has no gateway deployed.
   */
  Optional<PayOption.Onchain> onchain(
      Network network, Token token, BigInteger amountBaseUnits, String paymentRef);
}
