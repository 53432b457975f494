package io.stablepay.adapter.out.evm;

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
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The EVM rail over JSON-RPC (web3j): one implementation for every EVM network. */
@Singleton
final class EvmRail implements ChainRail {

  private static final Pattern SIGNATURE_HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{130}");

  private final EvmNodes nodes;
  private final Clock clock;

  EvmRail(EvmNodes nodes, Clock clock) {
    this.nodes = nodes;
    this.clock = clock;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.EVM;
  }

  @Override
  public AddressCheck validateAddress(String address) {
    return EvmAddresses.check(address);
  }

  @Override
  public String addressOf(byte[] subjectPublicKeyInfo) {
    return EvmKeys.address(subjectPublicKeyInfo);
  }

  @Override
  public FeeQuote.Eip1559 fees(Network network) {
    Web3j web3j = nodes.client(network);
    EthBlock.Block latest =
        call(
                network,
                () -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send())
            .getBlock();
    if (latest.getBaseFeePerGasRaw() == null) {
      throw new ChainUnavailableException(network.id() + " does not report an EIP-1559 base fee");
    }
    BigInteger baseFee = latest.getBaseFeePerGas();
    BigInteger priority =
        call(network, () -> web3j.ethMaxPriorityFeePerGas().send()).getMaxPriorityFeePerGas();
    return new FeeQuote.Eip1559(
        network.id(),
        latest.getNumber().longValueExact(),
        baseFee,
        priority,
        baseFee.shiftLeft(1).add(priority),
        Instant.now(clock));
  }

  @Override
  public ChainTransaction transaction(Network network, TxHash hash) {
    Web3j web3j = nodes.client(network);
    Optional<org.web3j.protocol.core.methods.response.Transaction> found =
        call(network, () -> web3j.ethGetTransactionByHash(hash.value()).send()).getTransaction();
    if (found.isEmpty()) {
      return ChainTransaction.notFound(network, hash);
    }
    org.web3j.protocol.core.methods.response.Transaction tx = found.get();
    Optional<TransactionReceipt> receipt =
        call(network, () -> web3j.ethGetTransactionReceipt(hash.value()).send())
            .getTransactionReceipt();
    if (tx.getBlockNumberRaw() == null || receipt.isEmpty()) {
      return new ChainTransaction(
          network.id(),
          hash,
          TxStatus.PENDING,
          null,
          0,
          network.confirmations(),
          checksummed(tx.getFrom()),
          checksummed(tx.getTo()),
          List.of());
    }
    BigInteger head = call(network, () -> web3j.ethBlockNumber().send()).getBlockNumber();
    long block = receipt.get().getBlockNumber().longValueExact();
    long confirmations = Math.max(0, head.longValueExact() - block + 1);
    TxStatus status = receipt.get().isStatusOK() ? TxStatus.SUCCESS : TxStatus.FAILED;
    return new ChainTransaction(
        network.id(),
        hash,
        status,
        block,
        confirmations,
        network.confirmations(),
        checksummed(tx.getFrom()),
        checksummed(tx.getTo()),
        transfers(network, receipt.get()));
  }

  @Override
  public TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount) {
    Web3j web3j = nodes.client(network);
    Transaction call =
        Transaction.createEthCallTransaction(from, token.address(), Erc20.transferCall(to, amount));
    BigInteger gas = EvmRpc.estimateGas(network, web3j, call, "the " + token.asset() + " transfer");
    FeeQuote.Eip1559 fees = fees(network);
    BigInteger pricePerGas = fees.baseFeePerGas().add(fees.maxPriorityFeePerGas());
    return new TransferEstimate(
        network, token, amount, gas, pricePerGas, gas.multiply(pricePerGas), "node");
  }

  /** EIP-191 {@code personal_sign}, recovered by web3j; never calls a node. */
  @Override
  public String recoverMessageSigner(String message, String signature) {
    if (message == null) {
      throw new InvalidRequestException("the signed message is missing");
    }
    Sign.SignatureData parsed = signatureData(signature);
    BigInteger publicKey;
    try {
      publicKey = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8), parsed);
    } catch (SignatureException | RuntimeException e) {
      throw new InvalidRequestException("no public key can be recovered from the signature");
    }
    return Keys.toChecksumAddress(Keys.getAddress(publicKey));
  }

  @Override
  public BigInteger tokenBalance(Network network, Token token, String address) {
    Function balanceOf =
        new Function(
            "balanceOf", List.of(new Address(address)), List.of(new TypeReference<Uint256>() {}));
    List<Type> decoded = EvmRpc.view(network, nodes.client(network), token.address(), balanceOf);
    if (decoded.isEmpty()) {
      throw new ChainUnavailableException(
          "the "
              + network.id()
              + " node returned no "
              + token.asset()
              + " balance: is "
              + token.address()
              + " a token contract there?");
    }
    return (BigInteger) decoded.get(0).getValue();
  }

  @Override
  public BigInteger nativeBalance(Network network, String address) {
    return call(
            network,
            () ->
                nodes
                    .client(network)
                    .ethGetBalance(address, DefaultBlockParameterName.LATEST)
                    .send())
        .getBalance();
  }

  @Override
  public ComponentHealth health(Network network) {
    String name = "chain:" + network.id();
    try {
      long chainId =
          call(network, () -> nodes.client(network).ethChainId().send())
              .getChainId()
              .longValueExact();
      if (chainId != network.chainId()) {
        return ComponentHealth.down(
            name, "node reports chain id " + chainId + ", registry says " + network.chainId());
      }
      return ComponentHealth.up(name);
    } catch (ChainUnavailableException e) {
      return ComponentHealth.down(name, e.getMessage());
    }
  }

  /**
   * Parses r||s||v hex into web3j's form, refusing what no wallet produces: v outside 27/28 (0/1
   * taken as 27/28), r or s outside [1, n) and a high s (EIP-2), so each signature has one form.
   */
  private static Sign.SignatureData signatureData(String signature) {
    String hex = signature == null ? "" : signature.trim();
    if (!SIGNATURE_HEX.matcher(hex).matches()) {
      throw new InvalidRequestException(
          "a signature is 65 bytes (r, s, v) of hex, 0x followed by 130 hex digits");
    }
    byte[] bytes = Numeric.hexStringToByteArray(hex);
    int v = bytes[64] & 0xff;
    if (v == 0 || v == 1) {
      v += 27;
    }
    if (v != 27 && v != 28) {
      throw new InvalidRequestException("the signature's v byte must be 27 or 28 (or 0 or 1)");
    }
    byte[] r = Arrays.copyOfRange(bytes, 0, 32);
    byte[] s = Arrays.copyOfRange(bytes, 32, 64);
    BigInteger rValue = new BigInteger(1, r);
    BigInteger sValue = new BigInteger(1, s);
    if (rValue.signum() == 0 || rValue.compareTo(CurveOrder.N) >= 0 || sValue.signum() == 0) {
      throw new InvalidRequestException("the signature's r or s is out of range");
    }
    if (sValue.compareTo(CurveOrder.HALF) > 0) {
      throw new InvalidRequestException(
          "the signature's s is in the upper half of the curve order (not canonical, EIP-2)");
    }
    return new Sign.SignatureData((byte) v, r, s);
  }

  private static List<TokenTransfer> transfers(Network network, TransactionReceipt receipt) {
    List<TokenTransfer> transfers = new ArrayList<>();
    for (Log log : receipt.getLogs()) {
      List<String> topics = log.getTopics();
      // ERC-20 Transfer has 3 topics; ERC-721 Transfer has the same signature but 4
      if (topics.size() != 3 || !Erc20.TRANSFER_TOPIC.equalsIgnoreCase(topics.get(0))) {
        continue;
      }
      String contract = checksummed(log.getAddress());
      transfers.add(
          new TokenTransfer(
              contract,
              network.tokenAt(contract).orElse(null),
              topicAddress(topics.get(1)),
              topicAddress(topics.get(2)),
              Numeric.toBigInt(log.getData())));
    }
    return transfers;
  }

  private static String topicAddress(String topic) {
    return checksummed(new Address(Numeric.toBigInt(topic)).toString());
  }

  private static String checksummed(String address) {
    return address == null ? null : Keys.toChecksumAddress(address);
  }

  private static <T extends Response<?>> T call(Network network, EvmRpc.Call<T> rpc) {
    return EvmRpc.once(network, rpc, false);
  }

  /**
   * secp256k1's order, read on the first signature checked: web3j's curve parameters load
   * BouncyCastle's EC classes, which a function that never checks a signature need not load.
   */
  private static final class CurveOrder {
    static final BigInteger N = Sign.CURVE_PARAMS.getN();
    static final BigInteger HALF = N.shiftRight(1);
  }
}
