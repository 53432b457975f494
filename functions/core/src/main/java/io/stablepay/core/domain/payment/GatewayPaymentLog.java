package io.stablepay.core.domain.payment;

import java.math.BigInteger;

/**
 * A {@code PaymentCompleted(paymentRef, payer, token, amount)} event of a network's payment gateway
 * as the node reported it. Addresses are normalised (EIP-55); {@code amount} is in the token's base
 * units.
 */
public record GatewayPaymentLog(
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    String paymentRef,
    String payer,
    String token,
    BigInteger amount) {}
