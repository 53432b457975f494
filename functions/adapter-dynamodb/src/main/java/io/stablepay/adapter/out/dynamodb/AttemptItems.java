package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;

import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A signed transaction as a nested document ({@link AttemptItem}: hash, raw bytes as hex, expiry,
 * signing time, fees), the same in withdrawals and sweeps; and a contract call with all its signed
 * versions ({@link CallItem}, for {@link OutgoingCall} in escrows). An item schema declares such an
 * attribute with {@link AttemptItem#TYPE} (or {@code EnhancedType.listOf(AttemptItem.TYPE)}) and
 * converts with {@link AttemptItem#of} / {@link AttemptItem#attempt}.
 */
final class AttemptItems {

  private AttemptItems() {}

  /**
   * One signed transaction: EIP-1559 fees (three numbers) or a Tron fee limit; a null is absent.
   */
  record AttemptItem(
      String hash,
      String raw,
      String expiresAt,
      String signedAt,
      BigInteger gasLimit,
      BigInteger maxFeePerGas,
      BigInteger maxPriorityFeePerGas,
      BigInteger feeLimitSun) {

    static final TableSchema<AttemptItem> SCHEMA =
        StaticImmutableTableSchema.builder(AttemptItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, attribute("hash", AttemptItem::hash, (b, v) -> b.hash = v))
            .addAttribute(String.class, attribute("raw", AttemptItem::raw, (b, v) -> b.raw = v))
            .addAttribute(
                String.class,
                attribute("expiresAt", AttemptItem::expiresAt, (b, v) -> b.expiresAt = v))
            .addAttribute(
                String.class,
                attribute("signedAt", AttemptItem::signedAt, (b, v) -> b.signedAt = v))
            .addAttribute(
                BigInteger.class,
                attribute("gasLimit", AttemptItem::gasLimit, (b, v) -> b.gasLimit = v))
            .addAttribute(
                BigInteger.class,
                attribute("maxFeePerGas", AttemptItem::maxFeePerGas, (b, v) -> b.maxFeePerGas = v))
            .addAttribute(
                BigInteger.class,
                attribute(
                    "maxPriorityFeePerGas",
                    AttemptItem::maxPriorityFeePerGas,
                    (b, v) -> b.maxPriorityFeePerGas = v))
            .addAttribute(
                BigInteger.class,
                attribute("feeLimitSun", AttemptItem::feeLimitSun, (b, v) -> b.feeLimitSun = v))
            .build();

    /** The attribute type of a nested attempt; absent fields stay absent (no NULL values). */
    static final EnhancedType<AttemptItem> TYPE =
        EnhancedType.documentOf(AttemptItem.class, SCHEMA, d -> d.ignoreNulls(true));

    /** The attempt as stored, or null for none. */
    static AttemptItem of(Attempt a) {
      if (a == null) {
        return null;
      }
      SignedTransfer transfer = a.transfer();
      String expiresAt = transfer.expiresAt() == null ? null : transfer.expiresAt().toString();
      String signedAt = a.signedAt().toString();
      return switch (a.fees()) {
        case TxFees.Eip1559 f ->
            new AttemptItem(
                a.hash().value(),
                transfer.rawHex(),
                expiresAt,
                signedAt,
                f.gasLimit(),
                f.maxFeePerGas(),
                f.maxPriorityFeePerGas(),
                null);
        case TxFees.Tron f ->
            new AttemptItem(
                a.hash().value(),
                transfer.rawHex(),
                expiresAt,
                signedAt,
                null,
                null,
                null,
                f.feeLimitSun());
      };
    }

    Attempt attempt() {
      TxFees fees =
          feeLimitSun != null
              ? new TxFees.Tron(feeLimitSun)
              : new TxFees.Eip1559(gasLimit, maxFeePerGas, maxPriorityFeePerGas);
      return new Attempt(
          new SignedTransfer(
              new TxHash(hash),
              HexFormat.of().parseHex(raw),
              expiresAt == null ? null : Instant.parse(expiresAt)),
          fees,
          Instant.parse(signedAt));
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String hash;
      private String raw;
      private String expiresAt;
      private String signedAt;
      private BigInteger gasLimit;
      private BigInteger maxFeePerGas;
      private BigInteger maxPriorityFeePerGas;
      private BigInteger feeLimitSun;

      AttemptItem build() {
        return new AttemptItem(
            hash,
            raw,
            expiresAt,
            signedAt,
            gasLimit,
            maxFeePerGas,
            maxPriorityFeePerGas,
            feeLimitSun);
      }
    }
  }

  /** A contract call and every signed version of it, oldest first. */
  record CallItem(
      String purpose,
      String keyId,
      String from,
      String to,
      String data,
      Long nonce,
      List<AttemptItem> attempts) {

    static final TableSchema<CallItem> SCHEMA =
        StaticImmutableTableSchema.builder(CallItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(
                String.class, attribute("purpose", CallItem::purpose, (b, v) -> b.purpose = v))
            .addAttribute(String.class, attribute("keyId", CallItem::keyId, (b, v) -> b.keyId = v))
            .addAttribute(String.class, attribute("from", CallItem::from, (b, v) -> b.from = v))
            .addAttribute(String.class, attribute("to", CallItem::to, (b, v) -> b.to = v))
            .addAttribute(String.class, attribute("data", CallItem::data, (b, v) -> b.data = v))
            .addAttribute(Long.class, attribute("nonce", CallItem::nonce, (b, v) -> b.nonce = v))
            .addAttribute(
                EnhancedType.listOf(AttemptItem.TYPE),
                attribute("attempts", CallItem::attempts, (b, v) -> b.attempts = v))
            .build();

    /** The attribute type of a nested call. */
    static final EnhancedType<CallItem> TYPE =
        EnhancedType.documentOf(CallItem.class, SCHEMA, d -> d.ignoreNulls(true));

    static CallItem of(OutgoingCall call) {
      return new CallItem(
          call.purpose(),
          call.keyId(),
          call.from(),
          call.to(),
          call.data(),
          call.nonce(),
          call.attempts().stream().map(AttemptItem::of).toList());
    }

    OutgoingCall call() {
      return new OutgoingCall(
          purpose,
          keyId,
          from,
          to,
          data,
          nonce,
          attempts.stream().map(AttemptItem::attempt).toList());
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String purpose;
      private String keyId;
      private String from;
      private String to;
      private String data;
      private Long nonce;
      private List<AttemptItem> attempts;

      CallItem build() {
        return new CallItem(purpose, keyId, from, to, data, nonce, attempts);
      }
    }
  }
}
