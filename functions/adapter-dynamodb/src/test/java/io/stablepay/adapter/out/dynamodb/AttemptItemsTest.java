package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.RawItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.adapter.out.dynamodb.AttemptItems.AttemptItem;
import io.stablepay.adapter.out.dynamodb.AttemptItems.CallItem;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.OutgoingCall;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.domain.withdrawal.Withdrawal.Attempt;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Signed transactions and contract calls as nested documents: the attributes the raw-map code wrote
 * before (no NULL values for what a fee kind lacks), and back to the same domain values.
 */
class AttemptItemsTest {

  private static final Instant SIGNED = Instant.parse("2026-12-07T10:00:00Z");
  private static final String HASH = "0x" + "ab".repeat(32);

  @Test
  void anEvmAttemptIsStoredWithItsThreeFeesAndNoExpiry() {
    Attempt attempt =
        new Attempt(
            new SignedTransfer(new TxHash(HASH), new byte[] {1, 2, (byte) 0xff}, null),
            new TxFees.Eip1559(
                BigInteger.valueOf(21_000), BigInteger.valueOf(30), BigInteger.valueOf(2)),
            SIGNED);

    AttributeValue stored = stored(attempt);

    assertThat(stored.m())
        .isEqualTo(
            Map.of(
                "hash", s(HASH),
                "raw", s("0102ff"),
                "signedAt", s(SIGNED.toString()),
                "gasLimit", n("21000"),
                "maxFeePerGas", n("30"),
                "maxPriorityFeePerGas", n("2")));
    Attempt read = attempt(stored);
    assertThat(read.hash()).isEqualTo(attempt.hash());
    assertThat(read.transfer().rawHex()).isEqualTo("0102ff");
    assertThat(read.fees()).isEqualTo(attempt.fees());
    assertThat(read.signedAt()).isEqualTo(SIGNED);
    assertThat(read.transfer().expiresAt()).isNull();
  }

  @Test
  void aTronAttemptIsStoredWithItsFeeLimitAndExpiry() {
    Instant expires = SIGNED.plusSeconds(60);
    Attempt attempt =
        new Attempt(
            new SignedTransfer(new TxHash("cd".repeat(32)), new byte[] {7}, expires),
            new TxFees.Tron(BigInteger.valueOf(30_000_000)),
            SIGNED);

    AttributeValue stored = stored(attempt);

    assertThat(stored.m())
        .isEqualTo(
            Map.of(
                "hash", s("cd".repeat(32)),
                "raw", s("07"),
                "expiresAt", s(expires.toString()),
                "signedAt", s(SIGNED.toString()),
                "feeLimitSun", n("30000000")));
    assertThat(attempt(stored).fees()).isEqualTo(attempt.fees());
    assertThat(attempt(stored).transfer().expiresAt()).isEqualTo(expires);
    assertThat(AttemptItem.of(null)).isNull();
  }

  @Test
  void aCallKeepsEverySignedVersionInOrder() {
    Attempt first =
        new Attempt(
            new SignedTransfer(new TxHash(HASH), new byte[] {1}, null),
            new TxFees.Eip1559(BigInteger.ONE, BigInteger.TWO, BigInteger.ONE),
            SIGNED);
    Attempt replacement =
        new Attempt(
            new SignedTransfer(new TxHash("0x" + "ef".repeat(32)), new byte[] {2}, null),
            new TxFees.Eip1559(BigInteger.ONE, BigInteger.TEN, BigInteger.TWO),
            SIGNED.plusSeconds(30));
    OutgoingCall call =
        new OutgoingCall(
            "approve", "key-1", "0xfrom", "0xto", "0x095ea7b3", 7, List.of(first, replacement));

    AttributeValue stored = stored(call);

    assertThat(stored.m().keySet())
        .containsExactlyInAnyOrder("purpose", "keyId", "from", "to", "data", "nonce", "attempts");
    assertThat(stored.m().get("nonce")).isEqualTo(n("7"));
    assertThat(stored.m().get("attempts").l()).containsExactly(stored(first), stored(replacement));
    OutgoingCall read = CallItem.SCHEMA.mapToItem(stored.m()).call();
    assertThat(read.nonce()).isEqualTo(7);
    assertThat(read.attempts())
        .extracting(Attempt::hash)
        .containsExactly(first.hash(), replacement.hash());
    assertThat(read.data()).isEqualTo("0x095ea7b3");
  }

  /** The attempt as a nested document in an item, through its attribute type. */
  private static AttributeValue stored(Attempt attempt) {
    return AttemptItem.TYPE
        .tableSchema()
        .map(schema -> AttributeValue.fromM(schema.itemToMap(AttemptItem.of(attempt), true)))
        .orElseThrow();
  }

  private static AttributeValue stored(OutgoingCall call) {
    return AttributeValue.fromM(CallItem.SCHEMA.itemToMap(CallItem.of(call), true));
  }

  private static Attempt attempt(AttributeValue stored) {
    return AttemptItem.SCHEMA.mapToItem(stored.m()).attempt();
  }

  private static AttributeValue n(String value) {
    return AttributeValue.fromN(value);
  }
}
