package io.stablepay.core.domain.wallet;

import java.time.Instant;

/**
 * A user's custodial wallet: one KMS key, whose single public key gives one EVM address (the same
 * on every EVM network) and one Tron address. The private key never leaves KMS.
 */
public record Wallet(
    String id,
    String userId,
    String keyId,
    String evmAddress,
    String tronAddress,
    Instant createdAt) {}
