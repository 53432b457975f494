package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A signed transaction as a DynamoDB map (hash, raw bytes as hex, expiry, signing time, fees),
 * the same in withdrawals and sweeps.
 */
final class AttemptItems {

  private AttemptItems() {}

  static AttributeValue of(Attempt a) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("hash", AttributeValue.fromS(a.hash().value()));
    m.put("raw", AttributeValue.fromS(a.transfer().rawHex()));
    if (a.transfer().expiresAt() != null) {
      m.put("expiresAt", AttributeValue.fromS(a.transfer().expiresAt().toString()));
    }
    m.put("signedAt", AttributeValue.fromS(a.signedAt().toString()));
    switch (a.fees()) {
      case TxFees.Eip1559 f -> {
        m.put("gasLimit", AttributeValue.fromN(f.gasLimit().toString()));
        m.put("maxFeePerGas", AttributeValue.fromN(f.maxFeePerGas().toString()));
        m.put("maxPriorityFeePerGas", AttributeValue.fromN(f.maxPriorityFeePerGas().toString()));
      }
      case TxFees.Tron f -> m.put("feeLimitSun", AttributeValue.fromN(f.feeLimitSun().toString()));
    }
    return AttributeValue.fromM(m);
  }

  /** The attempt in {@code value}, or null when there is none. */
  static Attempt attempt(AttributeValue value) {
    if (value == null) {
      return null;
    }
    Map<String, AttributeValue> m = value.m();
    TxFees fees = m.containsKey("feeLimitSun")
        ? new TxFees.Tron(new BigInteger(m.get("feeLimitSun").n()))
        : new TxFees.Eip1559(new BigInteger(m.get("gasLimit").n()),
            new BigInteger(m.get("maxFeePerGas").n()),
            new BigInteger(m.get("maxPriorityFeePerGas").n()));
    Instant expiresAt = m.containsKey("expiresAt") ? Instant.parse(m.get("expiresAt").s()) : null;
    return new Attempt(new SignedTransfer(new TxHash(m.get("hash").s()),
        HexFormat.of().parseHex(m.get("raw").s()), expiresAt), fees,
        Instant.parse(m.get("signedAt").s()));
  }
}
