package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import io.stablepay.core.domain.payment.GatewayPaymentLog;
import io.stablepay.core.port.out.ChainScanner;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Reads ERC-20 {@code Transfer} logs, the payment gateway's {@code PaymentCompleted} logs and block
 * hashes through web3j for the deposit and gateway watchers. Every request is retried with backoff
 * before the run gives up on the network ({@link WatcherRpcSettings}).
 */
@Singleton
final class EvmChainScanner implements ChainScanner {

  private final EvmNodes nodes;
  private final int attempts;
  private final long firstDelayMillis;

  EvmChainScanner(EvmNodes nodes, WatcherRpcSettings settings) {
    this.nodes = nodes;
    this.attempts = settings.getRpcAttempts();
    this.firstDelayMillis = settings.getRpcBackoffMillis();
  }

  @Override
  public boolean scans(Network network) {
    return network.family() == ChainFamily.EVM && network.hasNode();
  }

  @Override
  public long head(Network network) {
    return EvmRpc.retried(
            network,
            () -> nodes.client(network).ethBlockNumber().send(),
            attempts,
            firstDelayMillis)
        .getBlockNumber()
        .longValueExact();
  }

  @Override
  public Optional<String> blockHash(Network network, long number) {
    EthBlock.Block block =
        EvmRpc.retried(
                network,
                () ->
                    nodes
                        .client(network)
                        .ethGetBlockByNumber(
                            DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                        .send(),
                attempts,
                firstDelayMillis)
            .getBlock();
    return block == null ? Optional.empty() : Optional.of(block.getHash());
  }

  @Override
  public List<TokenTransferLog> tokenTransfers(
      Network network, long from, long to, Collection<String> tokenContracts) {
    if (tokenContracts.isEmpty()) {
      return List.of();
    }
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            List.copyOf(tokenContracts));
    filter.addSingleTopic(Erc20.TRANSFER_TOPIC);
    List<EthLog.LogResult> results =
        EvmRpc.retried(
                network,
                () -> nodes.client(network).ethGetLogs(filter).send(),
                attempts,
                firstDelayMillis)
            .getLogs();
    return results.stream()
        .map(result -> (Log) result.get())
        .filter(log -> log.getTopics().size() == 3 && !log.isRemoved())
        // a uint256 value and nothing else: anything else is not a standard ERC-20 Transfer
        .filter(log -> Numeric.cleanHexPrefix(log.getData()).length() == 64)
        .map(log -> transfer(network, log))
        .sorted(
            Comparator.comparingLong(TokenTransferLog::blockNumber)
                .thenComparingLong(TokenTransferLog::logIndex))
        .toList();
  }

  /** keccak256("PaymentCompleted(bytes32,address,address,uint256)"). */
  static final String PAYMENT_COMPLETED_TOPIC =
      EventEncoder.encode(
          new Event(
              "PaymentCompleted",
              List.of(
                  new TypeReference<Bytes32>(true) {},
                  new TypeReference<Address>(true) {},
                  new TypeReference<Address>(true) {},
                  new TypeReference<Uint256>(false) {})));

  @Override
  public List<GatewayPaymentLog> gatewayPayments(
      Network network, long from, long to, String gateway) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            gateway);
    filter.addSingleTopic(PAYMENT_COMPLETED_TOPIC);
    List<EthLog.LogResult> results =
        EvmRpc.retried(
                network,
                () -> nodes.client(network).ethGetLogs(filter).send(),
                attempts,
                firstDelayMillis)
            .getLogs();
    return results.stream()
        .map(result -> (Log) result.get())
        .filter(EvmChainScanner::isPayment)
        .map(log -> payment(network, log))
        .sorted(
            Comparator.comparingLong(GatewayPaymentLog::blockNumber)
                .thenComparingLong(GatewayPaymentLog::logIndex))
        .toList();
  }

  @Override
  public Optional<List<GatewayPaymentLog>> gatewayPaymentsIn(
      Network network, String txHash, String gateway) {
    Optional<TransactionReceipt> receipt =
        EvmRpc.retried(
                network,
                () -> nodes.client(network).ethGetTransactionReceipt(txHash).send(),
                attempts,
                firstDelayMillis)
            .getTransactionReceipt();
    if (receipt.isEmpty() || receipt.get().getBlockHash() == null) {
      return Optional.empty();
    }
    return Optional.of(
        receipt.get().getLogs().stream()
            .filter(log -> gateway.equalsIgnoreCase(log.getAddress()))
            .filter(
                log ->
                    !log.getTopics().isEmpty()
                        && PAYMENT_COMPLETED_TOPIC.equalsIgnoreCase(log.getTopics().get(0)))
            .filter(EvmChainScanner::isPayment)
            .map(log -> payment(network, log))
            .sorted(Comparator.comparingLong(GatewayPaymentLog::logIndex))
            .toList());
  }

  /** The gateway's event shape: three indexed topics after the signature, a uint256 of data. */
  private static boolean isPayment(Log log) {
    return log.getTopics().size() == 4
        && !log.isRemoved()
        && Numeric.cleanHexPrefix(log.getData()).length() == 64;
  }

  private static GatewayPaymentLog payment(Network network, Log log) {
    if (log.getBlockHash() == null || log.getBlockNumber() == null) {
      throw new ChainUnavailableException("the " + network.id() + " node returned a pending log");
    }
    return new GatewayPaymentLog(
        log.getBlockNumber().longValueExact(),
        log.getBlockHash(),
        log.getTransactionHash(),
        log.getLogIndex().longValueExact(),
        log.getTopics().get(1).toLowerCase(Locale.ROOT),
        address(log.getTopics().get(2)),
        address(log.getTopics().get(3)),
        Numeric.toBigInt(log.getData()));
  }

  private static TokenTransferLog transfer(Network network, Log log) {
    if (log.getBlockHash() == null || log.getBlockNumber() == null) {
      throw new ChainUnavailableException("the " + network.id() + " node returned a pending log");
    }
    return new TokenTransferLog(
        log.getBlockNumber().longValueExact(),
        log.getBlockHash(),
        log.getTransactionHash(),
        log.getLogIndex().longValueExact(),
        Keys.toChecksumAddress(log.getAddress()),
        address(log.getTopics().get(1)),
        address(log.getTopics().get(2)),
        Numeric.toBigInt(log.getData()));
  }

  private static String address(String topic) {
    return Keys.toChecksumAddress(new Address(Numeric.toBigInt(topic)).toString());
  }
}
