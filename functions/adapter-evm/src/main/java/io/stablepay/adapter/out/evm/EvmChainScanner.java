package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.deposit.TokenTransferLog;
import io.stablepay.core.domain.payment.GatewayPaymentLog;
import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.ChainScanner;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
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
 *
 * <p>On a network with a quorum above one, the reads the watchers credit from (logs of a block
 * range, block hashes, a transaction's gateway logs) are asked of that many distinct endpoints and
 * must come back equal. When they differ, or too few endpoints answer, the read fails (the run
 * credits nothing and keeps its cursor) and an alert names the network. The head is then the lowest
 * head among those endpoints, so honest endpoints a block apart are never asked about a block one
 * of them has not seen yet.
 */
@Singleton
final class EvmChainScanner implements ChainScanner {

  private final EvmNodes nodes;
  private final Alerts alerts;
  private final int attempts;
  private final long firstDelayMillis;

  EvmChainScanner(EvmNodes nodes, WatcherRpcSettings settings, Alerts alerts) {
    this.nodes = nodes;
    this.alerts = alerts;
    this.attempts = settings.getRpcAttempts();
    this.firstDelayMillis = settings.getRpcBackoffMillis();
  }

  @Override
  public boolean scans(Network network) {
    return network.family() == ChainFamily.EVM && network.hasNode();
  }

  @Override
  public long head(Network network) {
    if (network.quorum() > 1) {
      return quorumRead(
              network,
              "the head",
              web3j -> EvmRpc.once(network, () -> web3j.ethBlockNumber().send(), false),
              answers ->
                  answers.stream()
                      .map(number -> number.getBlockNumber().longValueExact())
                      .min(Long::compare)
                      .map(Optional::of)
                      .orElseThrow())
          .orElseThrow();
    }
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
    return agreed(
            network,
            "the hash of block " + number,
            web3j -> {
              EthBlock.Block block =
                  EvmRpc.once(
                          network,
                          () ->
                              web3j
                                  .ethGetBlockByNumber(
                                      DefaultBlockParameter.valueOf(BigInteger.valueOf(number)),
                                      false)
                                  .send(),
                          false)
                      .getBlock();
              return block == null ? Optional.<String>empty() : Optional.of(block.getHash());
            })
        .orElseThrow();
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
    return agreed(
            network,
            "the transfers of blocks " + from + ".." + to,
            web3j -> Optional.of(transfers(network, logs(network, web3j, filter))))
        .orElseThrow()
        .orElseThrow();
  }

  private static List<TokenTransferLog> transfers(Network network, List<EthLog.LogResult> results) {
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
    return agreed(
            network,
            "the gateway payments of blocks " + from + ".." + to,
            web3j -> Optional.of(payments(network, logs(network, web3j, filter))))
        .orElseThrow()
        .orElseThrow();
  }

  private static List<GatewayPaymentLog> payments(Network network, List<EthLog.LogResult> results) {
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
    return agreed(
            network,
            "the gateway payments of " + txHash,
            web3j -> {
              Optional<TransactionReceipt> receipt =
                  EvmRpc.once(network, () -> web3j.ethGetTransactionReceipt(txHash).send(), false)
                      .getTransactionReceipt();
              return receipt.flatMap(r -> paymentsIn(network, r, gateway));
            })
        .orElseThrow();
  }

  private static Optional<List<GatewayPaymentLog>> paymentsIn(
      Network network, TransactionReceipt receipt, String gateway) {
    if (receipt.getBlockHash() == null) {
      return Optional.empty();
    }
    return Optional.of(
        receipt.getLogs().stream()
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

  private static List<EthLog.LogResult> logs(Network network, Web3j web3j, EthFilter filter) {
    return EvmRpc.once(network, () -> web3j.ethGetLogs(filter).send(), false).getLogs();
  }

  /**
   * {@code read} through the failover client, or with a quorum through that many endpoints, which
   * must agree. Empty is an answer too ("no such block yet"); when some endpoints give it and
   * others do not, they have not all seen the block yet: the read fails without an alert.
   *
   * @return the answer, wrapped once more so an empty answer survives {@link #quorumRead}
   */
  private <T> Optional<Optional<T>> agreed(
      Network network, String what, Function<Web3j, Optional<T>> read) {
    if (network.quorum() <= 1) {
      Optional<T> answer =
          EvmRpc.retriedRead(
              network, () -> read.apply(nodes.client(network)), attempts, firstDelayMillis);
      return Optional.of(answer);
    }
    return quorumRead(
        network,
        what,
        read,
        answers -> {
          Optional<T> first = answers.get(0);
          if (answers.stream().allMatch(first::equals)) {
            return Optional.of(first);
          }
          if (answers.stream().anyMatch(Optional::isEmpty)) {
            throw new ChainUnavailableException(
                "not every " + network.id() + " endpoint has seen " + what + " yet");
          }
          alerts.raise(
              "nodes-disagree",
              network.id()
                  + ": "
                  + answers.size()
                  + " endpoints gave different answers for "
                  + what
                  + "; nothing is credited until they agree");
          throw new NodesDisagreeException(network.id() + " endpoints disagree on " + what);
        });
  }

  /**
   * Asks {@code network.quorum()} distinct endpoints and combines their answers, retrying with
   * backoff while too few answer; a disagreement is not retried. When the endpoints stay too few,
   * an alert is raised and the read fails.
   */
  private <A, R> Optional<R> quorumRead(
      Network network,
      String what,
      Function<Web3j, A> read,
      Function<List<A>, Optional<R>> combine) {
    try {
      return EvmRpc.retriedRead(
          network,
          () -> {
            List<A> answers = new ArrayList<>();
            for (Web3j endpoint : nodes.distinct(network, network.quorum())) {
              answers.add(read.apply(endpoint));
            }
            return combine.apply(answers);
          },
          attempts,
          firstDelayMillis);
    } catch (NodesDisagreeException e) {
      throw e;
    } catch (ChainUnavailableException e) {
      alerts.raise(
          "quorum-unavailable",
          network.id()
              + ": "
              + network.quorum()
              + " endpoints did not all answer "
              + what
              + " ("
              + e.getMessage()
              + "); nothing is credited this run");
      throw e;
    }
  }

  /** Endpoints that must agree did not. */
  static final class NodesDisagreeException extends EvmRpc.Conclusive {

    NodesDisagreeException(String message) {
      super(message);
    }
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
