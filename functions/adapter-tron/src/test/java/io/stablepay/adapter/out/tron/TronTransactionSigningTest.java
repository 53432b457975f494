package io.stablepay.adapter.out.tron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tron.trident.core.ApiWrapper;
import org.tron.trident.core.key.KeyPair;
import org.tron.trident.core.transaction.BlockId;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.core.utils.Utils;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;
import org.tron.trident.utils.Base58Check;

/**
 * Builds and signs TRC-20 transfers offline against a recorded Nile block: no node is involved, and
 * the key is {@link TestKeySigner}'s, which only this test holds.
 */
class TronTransactionSigningTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Response.BlockExtention REFERENCE =
      TronFixtures.read("now-block", Response.BlockExtention.getDefaultInstance());
  private static final long BLOCK_TIME = REFERENCE.getBlockHeader().getRawData().getTimestamp();
  private static final Token USDT = new Token(Asset.USDT, "TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf", 6);
  private static final String RECIPIENT = "THGb41mLdft1nvi27vcijfZPLN5ZL7yXoN";
  private static final String KEY_ID = "alias/stablepay-tron-hot";

  private final TestKeySigner signer = new TestKeySigner();
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(BLOCK_TIME + 1_500), ZoneOffset.UTC);
  private final TronSettings settings = new TronSettings();
  private final TronTransactionSender sender =
      new TronTransactionSender(new TronNodes(settings), signer, settings, clock);

  private TransferOrder order(String from, BigInteger amount, long feeLimitSun) {
    return new TransferOrder(
        KEY_ID, from, USDT, RECIPIENT, amount, 0, new TxFees.Tron(BigInteger.valueOf(feeLimitSun)));
  }

  private TransferOrder order(BigInteger amount) {
    return order(signer.address(), amount, 30_000_000);
  }

  private static Chain.Transaction parse(SignedTransfer signed) throws Exception {
    return Chain.Transaction.parseFrom(signed.raw());
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  private static TriggerSmartContract call(Chain.Transaction transaction) throws Exception {
    return transaction
        .getRawData()
        .getContract(0)
        .getParameter()
        .unpack(TriggerSmartContract.class);
  }

  @Test
  void theIdIsTheSha256OfTheRawDataAndIsExactlyWhatTheKeySigned() throws Exception {
    SignedTransfer signed = sender.signAgainst(REFERENCE, order(BigInteger.valueOf(25_000_000)));

    byte[] txid = sha256(parse(signed).getRawData().toByteArray());
    assertThat(signed.hash().value()).isEqualTo(HEX.formatHex(txid)).doesNotStartWith("0x");
    assertThat(signer.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.keyId()).isEqualTo(KEY_ID);
              assertThat(request.digest()).isEqualTo(txid);
            });
  }

  @Test
  void tridentVerifiesTheSignatureAgainstTheSendersAddress() throws Exception {
    SignedTransfer signed = sender.signAgainst(REFERENCE, order(BigInteger.valueOf(25_000_000)));

    Chain.Transaction transaction = parse(signed);
    byte[] txid = sha256(transaction.getRawData().toByteArray());
    assertThat(transaction.getSignatureList()).hasSize(1);
    byte[] signature = transaction.getSignature(0).toByteArray();
    assertThat(signature).hasSize(65);
    assertThat(signature[64]).isIn((byte) 0, (byte) 1);
    assertThat(new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)))
        .isPositive()
        .isLessThanOrEqualTo(Secp256k1Signature.HALF_N);
    assertThat(
            SignatureValidator.verify(txid, signature, Base58Check.base58ToBytes(signer.address())))
        .isTrue();
    assertThat(SignatureValidator.verify(txid, signature, Base58Check.base58ToBytes(RECIPIENT)))
        .isFalse();
  }

  @Test
  void itCallsTransferToTheRecipientOnTheTokenFromTheSender() throws Exception {
    SignedTransfer signed = sender.signAgainst(REFERENCE, order(BigInteger.valueOf(25_000_000)));

    Chain.Transaction transaction = parse(signed);
    assertThat(transaction.getRawData().getContractList())
        .singleElement()
        .satisfies(
            contract -> {
              assertThat(contract.getType())
                  .isEqualTo(Chain.Transaction.Contract.ContractType.TriggerSmartContract);
              assertThat(contract.getParameter().getTypeUrl())
                  .isEqualTo("type.googleapis.com/protocol.TriggerSmartContract");
            });
    TriggerSmartContract call = call(transaction);
    assertThat(call.getOwnerAddress().toByteArray())
        .isEqualTo(Base58Check.base58ToBytes(signer.address()));
    assertThat(call.getContractAddress().toByteArray())
        .isEqualTo(Base58Check.base58ToBytes(USDT.address()));
    assertThat(call.getCallValue()).isZero();
    // transfer(address,uint256): selector, then the recipient's 20 bytes and the amount, each
    // left-padded to 32 bytes (THGb41... is 0x41 50125bea...7a)
    assertThat(HEX.formatHex(call.getData().toByteArray()))
        .isEqualTo(
            "a9059cbb"
                + "00000000000000000000000050125bea243a640bf85348873b6c4f3c517aee7a"
                + "00000000000000000000000000000000000000000000000000000000017d7840");
  }

  @Test
  void anAmountBeyondSixtyFourBitsIsEncodedExactly() throws Exception {
    BigInteger amount = BigInteger.TWO.pow(70).add(BigInteger.ONE);

    SignedTransfer signed = sender.signAgainst(REFERENCE, order(amount));

    byte[] data = call(parse(signed)).getData().toByteArray();
    assertThat(new BigInteger(1, Arrays.copyOfRange(data, 36, 68))).isEqualTo(amount);
  }

  @Test
  void itRefersToTheReferenceBlockAndExpiresAMinuteAfterIt() throws Exception {
    SignedTransfer signed = sender.signAgainst(REFERENCE, order(BigInteger.valueOf(25_000_000)));

    Chain.Transaction.raw raw = parse(signed).getRawData();
    // block 66987565 = 0x3fe262d: its last two bytes; then bytes 8-15 of the recorded block id
    assertThat(HEX.formatHex(raw.getRefBlockBytes().toByteArray())).isEqualTo("262d");
    assertThat(HEX.formatHex(raw.getRefBlockHash().toByteArray())).isEqualTo("52bfa4b2814f816f");
    assertThat(raw.getRefBlockHash().toByteArray())
        .isEqualTo(REFERENCE.getBlockid().substring(8, 16).toByteArray());
    assertThat(raw.getExpiration()).isEqualTo(BLOCK_TIME + 60_000).isGreaterThan(BLOCK_TIME);
    assertThat(signed.expiresAt()).isEqualTo(Instant.ofEpochMilli(raw.getExpiration()));
    assertThat(raw.getTimestamp()).isEqualTo(clock.millis());
  }

  @Test
  void theFeeLimitIsTheOrders() throws Exception {
    SignedTransfer capped = sender.signAgainst(REFERENCE, order(BigInteger.TEN));
    SignedTransfer lower =
        sender.signAgainst(REFERENCE, order(signer.address(), BigInteger.TEN, 12_000_000));

    assertThat(parse(capped).getRawData().getFeeLimit()).isEqualTo(30_000_000);
    assertThat(parse(lower).getRawData().getFeeLimit()).isEqualTo(12_000_000);
  }

  @Test
  void itBuildsWhatTridentsOfflineModeBuilds() throws Exception {
    TransferOrder order = order(BigInteger.valueOf(25_000_000));
    Chain.Transaction.raw ours = parse(sender.signAgainst(REFERENCE, order)).getRawData();

    // trident's own local creation, from the same block; it never connects to these endpoints
    // and its key (a throwaway of this test) signs nothing
    ApiWrapper trident =
        new ApiWrapper("127.0.0.1:1", "127.0.0.1:1", KeyPair.generate().toPrivateKey());
    try {
      trident.enableLocalCreate(
          new BlockId(REFERENCE.getBlockid(), REFERENCE.getBlockHeader().getRawData().getNumber()),
          BLOCK_TIME + 60_000);
      String data =
          HEX.formatHex(
              call(Chain.Transaction.newBuilder().setRawData(ours).build())
                  .getData()
                  .toByteArray());
      Chain.Transaction.raw theirs =
          trident
              .triggerContract(signer.address(), USDT.address(), data, 0, 0, null, 30_000_000)
              .getTransaction()
              .getRawData();

      assertThat(ours.toBuilder().clearTimestamp().build())
          .isEqualTo(theirs.toBuilder().clearTimestamp().build());
    } finally {
      trident.close();
    }
  }

  /**
   * The recorded Nile block, and a made-up one whose number uses more than two bytes (70000123 =
   * 0x42c1dfb) and whose header hashes to something else.
   */
  static Stream<Arguments> referencesAndOrders() {
    Response.BlockExtention madeUp =
        Response.BlockExtention.newBuilder()
            .setBlockHeader(
                REFERENCE.getBlockHeader().toBuilder()
                    .setRawData(
                        REFERENCE.getBlockHeader().getRawData().toBuilder()
                            .setNumber(70_000_123L)
                            .setTimestamp(BLOCK_TIME - 3_000)))
            .build();
    BigInteger beyondSixtyFourBits = BigInteger.TWO.pow(70).add(BigInteger.ONE);
    return Stream.of(
        Arguments.of("recorded", REFERENCE, BigInteger.valueOf(25_000_000), 30_000_000L),
        Arguments.of("recorded", REFERENCE, BigInteger.ONE, 1L),
        Arguments.of("recorded", REFERENCE, beyondSixtyFourBits, 12_000_000L),
        Arguments.of("made-up", madeUp, BigInteger.valueOf(25_000_000), 30_000_000L));
  }

  @ParameterizedTest(name = "{0} block, {2} units, fee limit {3}")
  @MethodSource("referencesAndOrders")
  void theTransactionIsByteForByteWhatTridentsApiWrapperBuildsOffline(
      String name, Response.BlockExtention reference, BigInteger amount, long feeLimit)
      throws Exception {
    TransferOrder order = order(signer.address(), amount, feeLimit);
    String data = HEX.formatHex(TronTransactionSender.transferCall(order).getData().toByteArray());

    // trident's own local creation from the same block, its id as trident derives it from the
    // header; it never connects to these endpoints and its key (this test's throwaway) signs
    // nothing
    Response.TransactionExtention theirs;
    ApiWrapper trident =
        new ApiWrapper("127.0.0.1:1", "127.0.0.1:1", KeyPair.generate().toPrivateKey());
    try {
      trident.enableLocalCreate(
          Utils.getBlockId(reference),
          reference.getBlockHeader().getRawData().getTimestamp() + 60_000);
      theirs =
          trident.triggerContract(signer.address(), USDT.address(), data, 0, 0, null, feeLimit);
    } finally {
      trident.close();
    }
    // ours, built at the instant trident stamped its transaction with
    Clock then =
        Clock.fixed(
            Instant.ofEpochMilli(theirs.getTransaction().getRawData().getTimestamp()),
            ZoneOffset.UTC);
    SignedTransfer signed =
        new TronTransactionSender(new TronNodes(settings), signer, settings, then)
            .signAgainst(reference, order);
    Chain.Transaction ours = parse(signed);

    assertThat(ours.getRawData().toByteArray())
        .isEqualTo(theirs.getTransaction().getRawData().toByteArray());
    assertThat(ours.toBuilder().clearSignature().build().toByteArray())
        .isEqualTo(theirs.getTransaction().toByteArray());
    byte[] txid = theirs.getTxid().toByteArray();
    assertThat(HEX.parseHex(signed.hash().value())).isEqualTo(txid);
    assertThat(signer.requests())
        .singleElement()
        .satisfies(request -> assertThat(request.digest()).isEqualTo(txid));
    assertThat(ours.getSignatureList())
        .singleElement()
        .satisfies(
            signature ->
                assertThat(
                        SignatureValidator.verify(
                            txid,
                            signature.toByteArray(),
                            Base58Check.base58ToBytes(signer.address())))
                    .isTrue());
  }

  @Test
  void aKeyThatDoesNotSignForTheSenderIsRefused() {
    TransferOrder notOurs = order(RECIPIENT, BigInteger.TEN, 30_000_000);

    assertThatThrownBy(() -> sender.signAgainst(REFERENCE, notOurs))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not sign for " + RECIPIENT);
  }

  @Test
  void feesOfAnotherFamilyAreRefusedBeforeAnythingIsSigned() {
    TransferOrder evmFees =
        new TransferOrder(
            KEY_ID,
            signer.address(),
            USDT,
            RECIPIENT,
            BigInteger.TEN,
            0,
            new TxFees.Eip1559(
                BigInteger.valueOf(65_000), BigInteger.valueOf(30_000_000_000L), BigInteger.ONE));

    assertThatThrownBy(() -> sender.signAgainst(REFERENCE, evmFees))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Tron fees");
    assertThat(signer.requests()).isEmpty();
  }

  @Test
  void aFeeLimitAboveTheConfiguredCeilingIsRefused() {
    settings.setFeeLimitSun(BigInteger.valueOf(10_000_000));

    assertThatThrownBy(() -> sender.signAgainst(REFERENCE, order(BigInteger.TEN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ceiling of 10000000 sun");
    assertThat(signer.requests()).isEmpty();
  }

  @Test
  void aRecipientThatIsNotATronAddressIsRefused() {
    TransferOrder evmRecipient =
        new TransferOrder(
            KEY_ID,
            signer.address(),
            USDT,
            "0xdAC17F958D2ee523a2206206994597C13D831ec7",
            BigInteger.TEN,
            0,
            new TxFees.Tron(BigInteger.valueOf(30_000_000)));

    assertThatThrownBy(() -> sender.signAgainst(REFERENCE, evmRecipient))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Tron address");
    assertThat(signer.requests()).isEmpty();
  }
}
