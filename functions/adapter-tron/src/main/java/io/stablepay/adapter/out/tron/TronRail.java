package io.stablepay.adapter.out.tron;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.port.out.ChainRail;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.jcajce.provider.digest.Keccak;
import org.tron.trident.api.GrpcAPI;
import org.tron.trident.crypto.SECP256K1;
import org.tron.trident.crypto.tuwenitypes.Bytes32;
import org.tron.trident.proto.Chain;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response;

/**
 * The Tron rail over trident's generated gRPC stubs ({@link TronNodes}, which fail over between the
 * network's node URLs: every read here may be asked of a second node). Address checks and message
 * signatures are local. Fees and transfer estimates come from {@link TronSettings} and say so in
 * their {@code source}. Transactions are read from the solidity node: what it reports is in a
 * solidified block, which Tron never reverts, so a transaction is only {@code SUCCESS} or {@code
 * FAILED} once final and reads {@code PENDING} until then (about a minute, 19 blocks), even when
 * the full node already has it in a block. Balances are read at the full node's latest block.
 */
@Singleton
final class TronRail implements ChainRail {

  private static final String FROM_CONFIGURATION = "configuration";
  private static final byte[] MESSAGE_PREFIX =
      "\u0019TRON Signed Message:\n".getBytes(StandardCharsets.UTF_8);
  private static final Pattern SIGNATURE_HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{130}");
  private static final byte[] TRANSFER_TOPIC =
      new Keccak.Digest256()
          .digest("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] BALANCE_OF =
      Arrays.copyOf(
          new Keccak.Digest256().digest("balanceOf(address)".getBytes(StandardCharsets.US_ASCII)),
          4);

  /** A solidity node's receipt of a transaction and, when it has one, the transaction. */
  private record Solidified(Response.TransactionInfo info, Chain.Transaction transaction) {}

  private final TronSettings settings;
  private final TronNodes nodes;
  private final Clock clock;

  TronRail(TronSettings settings, TronNodes nodes, Clock clock) {
    this.settings = settings;
    this.nodes = nodes;
    this.clock = clock;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.TRON;
  }

  @Override
  public AddressCheck validateAddress(String address) {
    return TronAddresses.check(address);
  }

  @Override
  public String addressOf(byte[] subjectPublicKeyInfo) {
    return TronAddresses.of(subjectPublicKeyInfo);
  }

  @Override
  public FeeQuote.TronResources fees(Network network) {
    return new FeeQuote.TronResources(
        network.id(),
        settings.getEnergyPriceSun(),
        settings.getBandwidthPriceSun(),
        FROM_CONFIGURATION,
        Instant.now(clock));
  }

  /**
   * Solidified on the solidity node: {@code SUCCESS}, or {@code FAILED} when it failed or its
   * contract did not succeed (REVERT, OUT_OF_ENERGY, ...), with the network's full confirmation
   * depth (solidified is final), the sender and contract from the solidified transaction and the
   * TRC-20 {@code Transfer} events it emitted. Known only to the full node: {@code PENDING}.
   */
  @Override
  public ChainTransaction transaction(Network network, TxHash hash) {
    GrpcAPI.BytesMessage id =
        GrpcAPI.BytesMessage.newBuilder()
            .setValue(ByteString.copyFrom(HexFormat.of().parseHex(bare(hash))))
            .build();
    // both from one solidity node: one that fails between the two reads has both asked again
    Solidified solidified =
        nodes.call(
            network,
            node -> {
              Response.TransactionInfo found = node.solidity().getTransactionInfoById(id);
              return new Solidified(
                  found, found.getId().isEmpty() ? null : node.solidity().getTransactionById(id));
            });
    Response.TransactionInfo info = solidified.info();
    if (!info.getId().isEmpty()) {
      Chain.Transaction solid = solidified.transaction();
      return new ChainTransaction(
          network.id(),
          hash,
          status(info),
          info.getBlockNumber(),
          network.confirmations(),
          network.confirmations(),
          sender(solid),
          recipient(solid),
          transfers(network, info));
    }
    Chain.Transaction pending = nodes.call(network, node -> node.full().getTransactionById(id));
    if (!pending.hasRawData()) {
      return ChainTransaction.notFound(network, hash);
    }
    return new ChainTransaction(
        network.id(),
        hash,
        TxStatus.PENDING,
        null,
        0,
        network.confirmations(),
        sender(pending),
        recipient(pending),
        List.of());
  }

  @Override
  public TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount) {
    BigInteger energy = settings.getTransferEnergy();
    BigInteger price = settings.getEnergyPriceSun();
    return new TransferEstimate(
        network, token, amount, energy, price, energy.multiply(price), FROM_CONFIGURATION);
  }

  /**
   * TronWeb's {@code signMessageV2}: keccak256 of 0x19, "TRON Signed Message:\n", the UTF-8 byte
   * length and the message, recovered by trident; never calls a node.
   */
  @Override
  public String recoverMessageSigner(String message, String signature) {
    if (message == null) {
      throw new InvalidRequestException("the signed message is missing");
    }
    SECP256K1.Signature parsed = parseSignature(signature);
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    Keccak.Digest256 keccak = new Keccak.Digest256();
    keccak.update(MESSAGE_PREFIX);
    keccak.update(Integer.toString(text.length).getBytes(StandardCharsets.US_ASCII));
    keccak.update(text);
    Optional<SECP256K1.PublicKey> key;
    try {
      key = SECP256K1.PublicKey.recoverFromSignature(Bytes32.wrap(keccak.digest()), parsed);
    } catch (RuntimeException e) {
      key = Optional.empty();
    }
    return TronAddresses.ofPoint(
        key.orElseThrow(
                () ->
                    new InvalidRequestException(
                        "no public key can be recovered from the signature"))
            .getEncoded());
  }

  /** {@code balanceOf(address)} run as a constant call on the full node (nothing is sent). */
  @Override
  public BigInteger tokenBalance(Network network, Token token, String address) {
    byte[] owner = TronAddresses.bytes(address);
    byte[] data = Arrays.copyOf(BALANCE_OF, 36);
    System.arraycopy(owner, 1, data, 16, 20);
    TriggerSmartContract call =
        TriggerSmartContract.newBuilder()
            .setOwnerAddress(ByteString.copyFrom(owner))
            .setContractAddress(ByteString.copyFrom(TronAddresses.bytes(token.address())))
            .setData(ByteString.copyFrom(data))
            .build();
    Response.TransactionExtention answer =
        nodes.call(network, node -> node.full().triggerConstantContract(call));
    if (!answer.getResult().getResult()
        || answer.getConstantResultCount() == 0
        || answer.getConstantResult(0).size() != 32) {
      throw new ChainUnavailableException(
          "the "
              + network.id()
              + " node returned no "
              + token.asset()
              + " balance: is "
              + token.address()
              + " a token contract there?");
    }
    return new BigInteger(1, answer.getConstantResult(0).toByteArray());
  }

  /** The account's TRX balance in sun; an account never activated holds 0. */
  @Override
  public BigInteger nativeBalance(Network network, String address) {
    GrpcAPI.AccountAddressMessage account =
        GrpcAPI.AccountAddressMessage.newBuilder()
            .setAddress(ByteString.copyFrom(TronAddresses.bytes(address)))
            .build();
    return BigInteger.valueOf(
        nodes.call(network, node -> node.full().getAccount(account)).getBalance());
  }

  /**
   * Up when the full node returns its latest block; with no node configured, up as well: fees and
   * estimates come from configuration, and what needs a node says so when asked.
   */
  @Override
  public ComponentHealth health(Network network) {
    String name = "chain:" + network.id();
    if (!network.hasNode()) {
      return ComponentHealth.up(name);
    }
    try {
      Response.BlockExtention latest =
          nodes.call(
              network, node -> node.full().getNowBlock2(GrpcAPI.EmptyMessage.getDefaultInstance()));
      return latest.hasBlockHeader()
          ? ComponentHealth.up(name)
          : ComponentHealth.down(name, "the node returned no latest block");
    } catch (ChainUnavailableException e) {
      return ComponentHealth.down(name, e.getMessage());
    }
  }

  /**
   * Parses r||s||v hex into trident's form, refusing what no wallet produces: v outside 27/28 (0/1
   * taken as 27/28), r or s outside [1, n) and a high s, so each signature has one form.
   */
  private static SECP256K1.Signature parseSignature(String signature) {
    String hex = signature == null ? "" : signature.trim();
    if (!SIGNATURE_HEX.matcher(hex).matches()) {
      throw new InvalidRequestException(
          "a signature is 65 bytes (r, s, v) of hex, 0x followed by 130 hex digits");
    }
    byte[] bytes = HexFormat.of().parseHex(hex, hex.length() - 130, hex.length());
    int v = bytes[64] & 0xff;
    if (v == 27 || v == 28) {
      v -= 27;
    }
    if (v != 0 && v != 1) {
      throw new InvalidRequestException("the signature's v byte must be 27 or 28 (or 0 or 1)");
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(bytes, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(bytes, 32, 64));
    if (r.signum() == 0 || r.compareTo(SECP256K1.CURVE.getN()) >= 0 || s.signum() == 0) {
      throw new InvalidRequestException("the signature's r or s is out of range");
    }
    if (s.compareTo(SECP256K1.HALF_CURVE_ORDER) > 0) {
      throw new InvalidRequestException(
          "the signature's s is in the upper half of the curve order (not canonical)");
    }
    return SECP256K1.Signature.create(r, s, (byte) v);
  }

  private static String bare(TxHash hash) {
    return hash.value().startsWith("0x") ? hash.value().substring(2) : hash.value();
  }

  /**
   * Failed when the transaction failed or its contract did not succeed. Only a contract call has a
   * contract result; other transactions (a TRX transfer) keep the default.
   */
  private static TxStatus status(Response.TransactionInfo info) {
    Chain.Transaction.Result.contractResult result = info.getReceipt().getResult();
    boolean succeeded =
        info.getResult() == Response.TransactionInfo.code.SUCESS
            && (result == Chain.Transaction.Result.contractResult.SUCCESS
                || result == Chain.Transaction.Result.contractResult.DEFAULT);
    return succeeded ? TxStatus.SUCCESS : TxStatus.FAILED;
  }

  /** The owner of the transaction's contract; null for what this rail does not read. */
  private static String sender(Chain.Transaction transaction) {
    return contractAddress(transaction, true);
  }

  /** The called contract (a token transfer's token) or a TRX transfer's recipient. */
  private static String recipient(Chain.Transaction transaction) {
    return contractAddress(transaction, false);
  }

  private static String contractAddress(Chain.Transaction transaction, boolean owner) {
    if (transaction.getRawData().getContractCount() != 1) {
      return null;
    }
    Any parameter = transaction.getRawData().getContract(0).getParameter();
    try {
      if (parameter.is(TriggerSmartContract.class)) {
        TriggerSmartContract call = parameter.unpack(TriggerSmartContract.class);
        return TronAddresses.base58(
            (owner ? call.getOwnerAddress() : call.getContractAddress()).toByteArray());
      }
      if (parameter.is(TransferContract.class)) {
        TransferContract transfer = parameter.unpack(TransferContract.class);
        return TronAddresses.base58(
            (owner ? transfer.getOwnerAddress() : transfer.getToAddress()).toByteArray());
      }
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /**
   * The TRC-20 {@code Transfer} events in the receipt. Log addresses and topics carry the 20 bytes
   * without Tron's 0x41 prefix; a TRC-721 {@code Transfer} has a fourth topic and is skipped.
   */
  private static List<TokenTransfer> transfers(Network network, Response.TransactionInfo info) {
    List<TokenTransfer> transfers = new ArrayList<>();
    for (Response.TransactionInfo.Log log : info.getLogList()) {
      if (log.getTopicsCount() != 3
          || log.getAddress().size() != 20
          || log.getTopicsList().stream().anyMatch(topic -> topic.size() != 32)
          || !Arrays.equals(TRANSFER_TOPIC, log.getTopics(0).toByteArray())) {
        continue;
      }
      String contract = TronAddresses.base58(log.getAddress().toByteArray());
      transfers.add(
          new TokenTransfer(
              contract,
              network.tokenAt(contract).orElse(null),
              topicAddress(log.getTopics(1)),
              topicAddress(log.getTopics(2)),
              new BigInteger(1, log.getData().toByteArray())));
    }
    return transfers;
  }

  private static String topicAddress(ByteString topic) {
    return TronAddresses.base58(topic.substring(12).toByteArray());
  }
}
