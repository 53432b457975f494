package io.stablepay.ops;

import io.stablepay.adapter.out.evm.EvmTransactionSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.tx.response.TransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Transactions from the deployer key, one at a time: each is simulated first ({@code
 * eth_estimateGas}, so a call that would revert is refused before anything is signed), signed in
 * KMS as an EIP-1559 transaction through the platform's {@link EvmTransactionSigner}, sent, and
 * waited for; a reverted one fails the deployment. Keeps what was sent, for the report.
 */
final class DeployerTransactions {

  /** Head room over the node's gas estimate. */
  private static final int GAS_MARGIN_PERCENT = 25;

  private final Web3j web3j;
  private final EvmTransactionSigner signer;
  private final DeployerKey key;
  private final long chainId;
  private final TransactionReceiptProcessor receipts;
  private final List<Sent> sent = new ArrayList<>();

  /**
   * One mined transaction of the deployer.
   *
   * @param what what it did, in the deployment's words
   */
  record Sent(String what, String hash, BigInteger gasUsed) {}

  DeployerTransactions(Web3j web3j, EvmTransactionSigner signer, DeployerKey key) {
    this.web3j = web3j;
    this.signer = signer;
    this.key = key;
    this.chainId = call(() -> web3j.ethChainId().send().getChainId().longValueExact());
    this.receipts = new PollingTransactionReceiptProcessor(web3j, 100, 3_000);
  }

  String from() {
    return key.address();
  }

  long chainId() {
    return chainId;
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The deployer's transaction count on this chain (pending included). */
  BigInteger nonce() {
    return call(
        () ->
            web3j
                .ethGetTransactionCount(key.address(), DefaultBlockParameterName.PENDING)
                .send()
                .getTransactionCount());
  }

  /** The deployer's balance in wei. */
  BigInteger balance() {
    return call(
        () ->
            web3j
                .ethGetBalance(key.address(), DefaultBlockParameterName.LATEST)
                .send()
                .getBalance());
  }

  /**
   * Sends {@code data} to {@code to} and waits until it is mined.
   *
   * @throws IllegalStateException when the node refuses it, it would revert, or it reverted
   */
  TransactionReceipt send(String what, String to, String data) {
    EthEstimateGas estimate =
        call(
            () ->
                web3j
                    .ethEstimateGas(
                        Transaction.createFunctionCallTransaction(
                            key.address(), null, null, null, to, BigInteger.ZERO, data))
                    .send());
    if (estimate.hasError()) {
      throw new IllegalStateException(
          what + " would fail: " + estimate.getError().getMessage() + " (nothing was sent)");
    }
    BigInteger gasLimit =
        estimate
            .getAmountUsed()
            .multiply(BigInteger.valueOf(100 + GAS_MARGIN_PERCENT))
            .divide(BigInteger.valueOf(100));
    BigInteger priorityFee = priorityFee();
    BigInteger maxFee = baseFee().multiply(BigInteger.TWO).add(priorityFee);
    RawTransaction transaction =
        RawTransaction.createTransaction(
            chainId, nonce(), gasLimit, to, BigInteger.ZERO, data, priorityFee, maxFee);
    String signed = Numeric.toHexString(signer.sign(transaction, key.keyId()));
    EthSendTransaction response = call(() -> web3j.ethSendRawTransaction(signed).send());
    if (response.hasError()) {
      throw new IllegalStateException(
          what
              + " was refused by the node: "
              + response.getError().getMessage()
              + " (the deployer "
              + key.address()
              + " holds "
              + balance()
              + " wei)");
    }
    TransactionReceipt receipt;
    try {
      receipt = receipts.waitForTransactionReceipt(response.getTransactionHash());
    } catch (IOException | TransactionException e) {
      throw new IllegalStateException(
          what + " (" + response.getTransactionHash() + ") was not mined: " + e.getMessage(), e);
    }
    if (!receipt.isStatusOK()) {
      throw new IllegalStateException(what + " reverted: " + receipt.getTransactionHash());
    }
    sent.add(new Sent(what, receipt.getTransactionHash(), receipt.getGasUsed()));
    return receipt;
  }

  private BigInteger baseFee() {
    return call(
        () -> {
          var block =
              web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
          return block.getBaseFeePerGas() == null ? BigInteger.ZERO : block.getBaseFeePerGas();
        });
  }

  private BigInteger priorityFee() {
    return call(
        () -> {
          var tip = web3j.ethMaxPriorityFeePerGas().send();
          return tip.hasError()
              ? BigInteger.valueOf(1_000_000_000L)
              : tip.getMaxPriorityFeePerGas();
        });
  }

  private interface Rpc<T> {
    T call() throws IOException;
  }

  private static <T> T call(Rpc<T> rpc) {
    try {
      return rpc.call();
    } catch (IOException e) {
      throw new UncheckedIOException("the node did not answer: " + e.getMessage(), e);
    }
  }
}
