package io.stablepay.core.service;

import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.payment.PayOption;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.port.out.PaymentInstructions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ways a payment request can be paid, for {@link PaymentService}'s views: an on-chain option
 * per network (the request's one, or every network) where its asset is deployed and an instructions
 * adapter serves the network's family, then paying from a platform balance. None once the request
 * is no longer payable.
 */
final class PayOptions {

  private final NetworkRegistry registry;
  private final List<PaymentInstructions> instructions;

  PayOptions(NetworkRegistry registry, List<PaymentInstructions> instructions) {
    this.registry = registry;
    this.instructions = instructions;
  }

  List<PayOption> of(PaymentRequest request) {
    List<PayOption> options = new ArrayList<>();
    if (request.status().payable()) {
      for (Network network : registry.all()) {
        if (request.network() != null && request.network() != network.id()) {
          continue;
        }
        Optional<Token> token = network.token(request.asset()).filter(Token::deployed);
        if (token.isEmpty()) {
          continue;
        }
        instructions.stream()
            .filter(i -> i.family() == network.family())
            .findFirst()
            .flatMap(
                i ->
                    i.onchain(
                        network,
                        token.get(),
                        token.get().toOnchainUnits(request.amount().units()),
                        request.paymentRef()))
            .ifPresent(options::add);
      }
      options.add(new PayOption.Balance());
    }
    return options;
  }
}
