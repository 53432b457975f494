package io.stablepay.core.port.in;

/**
 * Settings to change; a null field stays as it is, an empty webhookUrl removes it.
 *
 * @param autoSettleThreshold a decimal amount (10 to 10,000,000): any asset's balance at or above
 *     it is settled to the settlement address on the schedule; "0" turns that off
 * @param rotateWebhookSecret issue a new signing secret; the current one keeps signing for 24 h
 * @param rotateApiKey issue a new API key (shown once) and revoke every other key at once
 */
public record MerchantSettingsCommand(
    String webhookUrl,
    String settlementAddress,
    String settlementNetwork,
    String autoSettleThreshold,
    boolean rotateWebhookSecret,
    boolean rotateApiKey) {}
