package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.AddressCheck;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainTransaction;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.domain.FeeQuote;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TokenTransfer;
import io.stablepay.core.domain.TransferEstimate;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.TxStatus;
import io.stablepay.core.port.out.ChainRail;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.datatypes.Address;
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
    EthBlock.Block latest = call(network, () -> web3j
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock();
    if (latest.getBaseFeePerGasRaw() == null) {
      throw new ChainUnavailableException(network.id() + " does not report an EIP-1559 base fee");
    }
    BigInteger baseFee = latest.getBaseFeePerGas();
    BigInteger priority = call(network, () -> web3j.ethMaxPriorityFeePerGas().send())
        .getMaxPriorityFeePerGas();
    return new FeeQuote.Eip1559(network.id(), latest.getNumber().longValueExact(), baseFee,
        priority, baseFee.shiftLeft(1).add(priority), Instant.now(clock));
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
      return new ChainTransaction(network.id(), hash, TxStatus.PENDING, null, 0,
          network.confirmations(), checksummed(tx.getFrom()), checksummed(tx.getTo()), List.of());
    }
    BigInteger head = call(network, () -> web3j.ethBlockNumber().send()).getBlockNumber();
    long block = receipt.get().getBlockNumber().longValueExact();
    long confirmations = Math.max(0, head.longValueExact() - block + 1);
    TxStatus status = receipt.get().isStatusOK() ? TxStatus.SUCCESS : TxStatus.FAILED;
    return new ChainTransaction(network.id(), hash, status, block, confirmations,
        network.confirmations(), checksummed(tx.getFrom()), checksummed(tx.getTo()), transfers(network, receipt.get()));
  }

  @Override
  public TransferEstimate estimateTransfer(
      Network network, Token token, String from, String to, BigInteger amount) {
    Web3j web3j = nodes.client(network);
    Transaction call = Transaction.createEthCallTransaction(
        from, token.address(), Erc20.transferCall(to, amount));
    var estimate = call(network, () -> web3j.ethEstimateGas(call).send(), true);
    if (estimate.hasError()) {
      throw new TransferWouldFailException("the " + token.asset() + " transfer would revert on "
          + network.id() + ": " + estimate.getError().getMessage());
    }
    BigInteger gas = estimate.getAmountUsed();
    FeeQuote.Eip1559 fees = fees(network);
    BigInteger pricePerGas = fees.baseFeePerGas().add(fees.maxPriorityFeePerGas());
    return new TransferEstimate(
        network, token, amount, gas, pricePerGas, gas.multiply(pricePerGas), "node");
  }

  @Override
  public ComponentHealth health(Network network) {
    String name = "chain:" + network.id();
    try {
      long chainId = call(network, () -> nodes.client(network).ethChainId().send())
          .getChainId().longValueExact();
      if (chainId != network.chainId()) {
        return ComponentHealth.down(name, "node reports chain id " + chainId + ", registry says "
            + network.chainId());
      }
      return ComponentHealth.up(name);
    } catch (ChainUnavailableException e) {
      return ComponentHealth.down(name, e.getMessage());
    }
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
      transfers.add(new TokenTransfer(contract, network.tokenAt(contract).orElse(null),
          topicAddress(topics.get(1)), topicAddress(topics.get(2)),
          Numeric.toBigInt(log.getData())));
    }
    return transfers;
  }

  private static String topicAddress(String topic) {
    return checksummed(new Address(Numeric.toBigInt(topic)).toString());
  }

  private static String checksummed(String address) {
    return address == null ? null : org.web3j.crypto.Keys.toChecksumAddress(address);
  }

  private interface RpcCall<T extends Response<?>> {
    T send() throws IOException;
  }

  private static <T extends Response<?>> T call(Network network, RpcCall<T> rpc) {
    return call(network, rpc, false);
  }

  /**
   * Sends one JSON-RPC request; a transport failure or (unless {@code errorsAreAnswers}) an RPC
   * error becomes {@link ChainUnavailableException}. The node URL is never put in a message: a
   * provider URL often carries an API key.
   */
  private static <T extends Response<?>> T call(
      Network network, RpcCall<T> rpc, boolean errorsAreAnswers) {
    T response;
    try {
      response = rpc.send();
    } catch (IOException | RuntimeException e) {
      throw new ChainUnavailableException(
          "the " + network.id() + " node did not answer: " + e.getClass().getSimpleName(), e);
    }
    if (response.hasError() && !errorsAreAnswers) {
      throw new ChainUnavailableException(
          "the " + network.id() + " node refused the request: " + response.getError().getMessage());
    }
    return response;
  }
}
