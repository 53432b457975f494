package io.stablepay.core.port.in;

/**
 * Settings to change; a null field stays as it is, an empty webhookUrl removes it.
 *
 * @param rotateWebhookSecret issue a new signing secret; the current one keeps signing for 24 h
 */
public record MerchantSettingsCommand(String webhookUrl, String settlementAddress,
    String settlementNetwork, boolean rotateWebhookSecret) {}
