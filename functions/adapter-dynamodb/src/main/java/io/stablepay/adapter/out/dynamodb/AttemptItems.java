package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
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
 * A signed transaction as a DynamoDB map (hash, raw bytes as hex, expiry, signing time, fees), the
 * same in withdrawals and sweeps; and a contract call with all its signed versions ({@link
 * OutgoingCall}, in escrows).
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
    TxFees fees =
        m.containsKey("feeLimitSun")
            ? new TxFees.Tron(new BigInteger(m.get("feeLimitSun").n()))
            : new TxFees.Eip1559(
                new BigInteger(m.get("gasLimit").n()),
                new BigInteger(m.get("maxFeePerGas").n()),
                new BigInteger(m.get("maxPriorityFeePerGas").n()));
    Instant expiresAt = m.containsKey("expiresAt") ? Instant.parse(m.get("expiresAt").s()) : null;
    return new Attempt(
        new SignedTransfer(
            new TxHash(m.get("hash").s()), HexFormat.of().parseHex(m.get("raw").s()), expiresAt),
        fees,
        Instant.parse(m.get("signedAt").s()));
  }

  static AttributeValue of(OutgoingCall call) {
    return AttributeValue.fromM(
        Map.of(
            "purpose", AttributeValue.fromS(call.purpose()),
            "keyId", AttributeValue.fromS(call.keyId()),
            "from", AttributeValue.fromS(call.from()),
            "to", AttributeValue.fromS(call.to()),
            "data", AttributeValue.fromS(call.data()),
            "nonce", AttributeValue.fromN(Long.toString(call.nonce())),
            "attempts",
                AttributeValue.fromL(call.attempts().stream().map(AttemptItems::of).toList())));
  }

  static OutgoingCall call(AttributeValue value) {
    Map<String, AttributeValue> m = value.m();
    return new OutgoingCall(
        m.get("purpose").s(),
        m.get("keyId").s(),
        m.get("from").s(),
        m.get("to").s(),
        m.get("data").s(),
        Long.parseLong(m.get("nonce").n()),
        m.get("attempts").l().stream().map(AttemptItems::attempt).toList());
  }
}
