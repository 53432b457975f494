package io.stablepay.adapter.out.tron;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.custody.Secp256k1Signature;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.port.out.DigestSigner;
import io.stablepay.core.port.out.TransactionSender;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.tron.trident.abi.FunctionEncoder;
import org.tron.trident.abi.datatypes.Address;
import org.tron.trident.abi.datatypes.Function;
import org.tron.trident.abi.datatypes.generated.Uint256;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.core.transaction.SignatureValidator;
import org.tron.trident.core.utils.ByteArray;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;

/**
 * Sends TRC-20 transfers on Tron. Signing fetches the full node's latest block and builds the
 * {@code TriggerSmartContract} offline against it with trident's protobuf builders, byte for byte
 * what trident builds in its {@code enableLocalCreate} mode: {@code ref_block_bytes} are bytes 6-7
 * of the block number (8 bytes, big-endian), {@code ref_block_hash} bytes 8-15 of the block id
 * (SHA-256 of the header's {@code raw_data}), and the transaction expires {@link #EXPIRATION} after
 * the block. The transaction id is SHA-256 of the serialised {@code raw_data}; the custody key
 * signs exactly that through {@link DigestSigner}, and the signature is carried as r||s||recovery
 * id (0 or 1). No private key is held here.
 */
@Singleton
@Requires(beans = DigestSigner.class)
final class TronTransactionSender implements TransactionSender {

  /** How long after its reference block a transaction is valid; java-tron's default too. */
  static final Duration EXPIRATION = Duration.ofSeconds(60);

  private final TronNodes nodes;
  private final DigestSigner signer;
  private final TronSettings settings;
  private final Clock clock;

  TronTransactionSender(TronNodes nodes, DigestSigner signer, TronSettings settings, Clock clock) {
    this.nodes = nodes;
    this.signer = signer;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.TRON;
  }

  /**
   * Builds and signs {@code order} against the full node's latest block.
   *
   * @throws IllegalArgumentException if the fees are not {@link TxFees.Tron}, ask for more than
   *     {@code stablepay.tron.fee-limit-sun}, or an address is not a Tron address
   * @throws IllegalStateException if the key does not sign for {@code order.from()}
   * @throws ChainUnavailableException when there is no node, it does not answer, or its latest
   *     block is too old to refer to
   */
  @Override
  public SignedTransfer sign(Network network, TransferOrder order) {
    long feeLimit = feeLimit(order);
    TriggerSmartContract call = transferCall(order);
    Response.BlockExtention latest =
        nodes.call(
            network, node -> node.full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance()));
    if (!latest.hasBlockHeader()) {
      throw new ChainUnavailableException("the " + network.id() + " node returned no latest block");
    }
    long age = clock.millis() - latest.getBlockHeader().getRawData().getTimestamp();
    if (age >= EXPIRATION.toMillis()) {
      throw new ChainUnavailableException(
          "the "
              + network.id()
              + " node's latest block is "
              + age / 1000
              + " s old: the node is not in sync");
    }
    return signAgainst(latest, order.keyId(), call, feeLimit);
  }

  /**
   * Sends the signed transaction to a full node: the preferred one, and another only when it could
   * not connect ({@link TronNodes#broadcast}). A refusal is {@code REJECTED} only when the node
   * does not have the transaction either: a node answers an expired transaction with {@code
   * TRANSACTION_EXPIRATION_ERROR} even when an earlier broadcast got it into a block, and that is
   * {@code KNOWN}. {@code DUP_TRANSACTION_ERROR} says the node has seen the transaction id; as with
   * any broadcast, {@code TronRail#transaction} tells whether it was mined.
   *
   * @throws ChainUnavailableException when the node does not answer, answers that it cannot take
   *     transactions now (busy, no peers, behind) or gives no verdict: the same bytes can be sent
   *     again later
   */
  @Override
  public BroadcastResult broadcast(Network network, SignedTransfer transfer) {
    Chain.Transaction transaction = parse(transfer);
    Response.TransactionReturn reply =
        nodes.broadcast(network, node -> node.full().broadcastTransaction(transaction));
    if (reply.getResult()) {
      return BroadcastResult.accepted();
    }
    String reason = reply.getCode() + ": " + reply.getMessage().toStringUtf8();
    return switch (reply.getCode()) {
      case DUP_TRANSACTION_ERROR -> BroadcastResult.known();
      case SUCCESS,
          SERVER_BUSY,
          NO_CONNECTION,
          NOT_ENOUGH_EFFECTIVE_CONNECTION,
          BLOCK_UNSOLIDIFIED ->
          throw new ChainUnavailableException(
              "the " + network.id() + " node did not take the transaction: " + reason);
      default -> {
        GrpcAPI.BytesMessage id =
            GrpcAPI.BytesMessage.newBuilder()
                .setValue(ByteString.copyFrom(HexFormat.of().parseHex(transfer.hash().value())))
                .build();
        Chain.Transaction held = nodes.call(network, node -> node.full().getTransactionById(id));
        yield held.hasRawData() ? BroadcastResult.known() : BroadcastResult.rejected(reason);
      }
    };
  }

  /** Tron has no nonces. */
  @Override
  public long transactionCount(Network network, String address, boolean includePending) {
    return 0;
  }

  /** Builds and signs {@code order} against {@code reference}, offline: calls no node. */
  SignedTransfer signAgainst(Response.BlockExtention reference, TransferOrder order) {
    return signAgainst(reference, order.keyId(), transferCall(order), feeLimit(order));
  }

  private SignedTransfer signAgainst(
      Response.BlockExtention reference, String keyId, TriggerSmartContract call, long feeLimit) {
    Chain.BlockHeader.raw header = reference.getBlockHeader().getRawData();
    byte[] number = ByteBuffer.allocate(Long.BYTES).putLong(header.getNumber()).array();
    // the block id is the header's hash with its first 8 bytes replaced by the number: bytes
    // 8-15 are the hash's either way
    byte[] blockHash = sha256(header.toByteArray());
    Chain.Transaction.raw raw =
        Chain.Transaction.raw
            .newBuilder()
            .setRefBlockBytes(ByteString.copyFrom(number, 6, 2))
            .setRefBlockHash(ByteString.copyFrom(blockHash, 8, 8))
            .setExpiration(header.getTimestamp() + EXPIRATION.toMillis())
            .addContract(
                Chain.Transaction.Contract.newBuilder()
                    .setType(Chain.Transaction.Contract.ContractType.TriggerSmartContract)
                    .setParameter(Any.pack(call)))
            .setTimestamp(clock.millis())
            .setFeeLimit(feeLimit)
            .build();
    byte[] txid = sha256(raw.toByteArray());
    Secp256k1Signature signature = signer.sign(keyId, txid);
    byte[] rsv = signature.rsv();
    if (!SignatureValidator.verify(txid, rsv, call.getOwnerAddress().toByteArray())) {
      throw new IllegalStateException(
          "key "
              + keyId
              + " does not sign for "
              + TronAddresses.base58(call.getOwnerAddress().toByteArray()));
    }
    Chain.Transaction signed =
        Chain.Transaction.newBuilder()
            .setRawData(raw)
            .addSignature(ByteString.copyFrom(rsv))
            .build();
    return new SignedTransfer(
        new TxHash(HexFormat.of().formatHex(txid)),
        signed.toByteArray(),
        Instant.ofEpochMilli(raw.getExpiration()));
  }

  /** {@code transfer(to, amount)} on the order's token, from the order's sender. */
  static TriggerSmartContract transferCall(TransferOrder order) {
    byte[] to = TronAddresses.bytes(order.to());
    Function transfer =
        new Function(
            "transfer",
            List.of(
                new Address(new BigInteger(1, Arrays.copyOfRange(to, 1, 21))),
                new Uint256(order.onchainAmount())),
            List.of());
    return TriggerSmartContract.newBuilder()
        .setOwnerAddress(ByteString.copyFrom(TronAddresses.bytes(order.from())))
        .setContractAddress(ByteString.copyFrom(TronAddresses.bytes(order.token().address())))
        .setData(ByteString.copyFrom(ByteArray.fromHexString(FunctionEncoder.encode(transfer))))
        .build();
  }

  private long feeLimit(TransferOrder order) {
    if (!(order.fees() instanceof TxFees.Tron tron)) {
      throw new IllegalArgumentException(
          "a Tron transfer needs Tron fees, not " + order.fees().getClass().getSimpleName());
    }
    BigInteger ceiling = settings.getFeeLimitSun();
    if (tron.feeLimitSun().compareTo(ceiling) > 0) {
      throw new IllegalArgumentException(
          "fee limit "
              + tron.feeLimitSun()
              + " sun is above the configured ceiling of "
              + ceiling
              + " sun");
    }
    return tron.feeLimitSun().longValueExact();
  }

  private static Chain.Transaction parse(SignedTransfer transfer) {
    Chain.Transaction transaction;
    try {
      transaction = Chain.Transaction.parseFrom(transfer.raw());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(transfer.hash() + " is not a serialised Tron transaction");
    }
    byte[] txid = sha256(transaction.getRawData().toByteArray());
    if (!Arrays.equals(txid, HexFormat.of().parseHex(transfer.hash().value()))) {
      throw new IllegalArgumentException(
          "the bytes stored for " + transfer.hash() + " are another transaction");
    }
    return transaction;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
