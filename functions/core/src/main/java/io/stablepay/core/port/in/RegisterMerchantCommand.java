package io.stablepay.core.port.in;

/**
 * What a user gives to become a merchant.
 *
 * @param webhookUrl where events are delivered (https), or null
 * @param settlementAddress where the balance settles on-chain, with its network, or both null
 */
public record RegisterMerchantCommand(
    String businessName,
    String businessType,
    String webhookUrl,
    String settlementAddress,
    String settlementNetwork) {}
