package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.payment.PayOption;
import io.stablepay.core.port.out.PaymentInstructions;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * How to pay through the {@code PaymentGateway} contract (registry name {@code payment-gateway}):
 * ERC-20 {@code approve(gateway, amount)}, then {@code pay(paymentRef, token, amount)}, which moves
 * the tokens from the payer to the settlement vault and emits {@code PaymentCompleted(paymentRef,
 * payer, token, amount)}. The EIP-681 URI names the same {@code pay} call.
 */
@Singleton
final class EvmPaymentInstructions implements PaymentInstructions {

  /** The registry's name of the gateway contract on a network. */
  static final String GATEWAY = "payment-gateway";

  @Override
  public ChainFamily family() {
    return ChainFamily.EVM;
  }

  @Override
  public Optional<PayOption.Onchain> onchain(
      Network network, Token token, BigInteger amountBaseUnits, String paymentRef) {
    String gateway = network.contracts().get(GATEWAY);
    if (gateway == null || !token.deployed()) {
      return Optional.empty();
    }
    String approve =
        FunctionEncoder.encode(
            new Function(
                "approve", List.of(new Address(gateway), new Uint256(amountBaseUnits)), List.of()));
    String pay =
        FunctionEncoder.encode(
            new Function(
                "pay",
                List.of(
                    new Bytes32(Numeric.hexStringToByteArray(paymentRef)),
                    new Address(token.address()),
                    new Uint256(amountBaseUnits)),
                List.of()));
    String uri =
        "ethereum:"
            + gateway
            + "@"
            + network.chainId()
            + "/pay?bytes32="
            + paymentRef
            + "&address="
            + token.address()
            + "&uint256="
            + amountBaseUnits;
    return Optional.of(
        new PayOption.Onchain(
            network.id(),
            gateway,
            token.address(),
            amountBaseUnits,
            paymentRef,
            approve,
            pay,
            uri));
  }
}
