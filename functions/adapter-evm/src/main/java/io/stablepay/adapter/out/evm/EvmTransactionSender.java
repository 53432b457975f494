package io.stablepay.adapter.out.evm;

import io.micronaut.context.annotation.Requires;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import io.stablepay.core.domain.withdrawal.TxFees;
import io.stablepay.core.port.out.TransactionSender;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * ERC-20 transfers, native top-ups and contract calls as EIP-1559 transactions, built offline and
 * signed through the custody port ({@link EvmTransactionSigner}); the node is only asked for nonces
 * and to take the bytes.
 */
@Singleton
@Requires(beans = EvmTransactionSigner.class)
final class EvmTransactionSender implements TransactionSender {

  private final EvmNodes nodes;
  private final EvmTransactionSigner signer;

  EvmTransactionSender(EvmNodes nodes, EvmTransactionSigner signer) {
    this.nodes = nodes;
    this.signer = signer;
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.EVM;
  }

  @Override
  public SignedTransfer sign(Network network, TransferOrder order) {
    return signed(
        network,
        order.keyId(),
        order.nonce(),
        order.fees(),
        order.token().address(),
        BigInteger.ZERO,
        Erc20.transferCall(order.to(), order.onchainAmount()));
  }

  @Override
  public SignedTransfer signNative(Network network, NativeTransferOrder order) {
    return signed(
        network, order.keyId(), order.nonce(), order.fees(), order.to(), order.value(), "");
  }

  @Override
  public SignedTransfer signCall(Network network, CallOrder order) {
    return signed(
        network,
        order.keyId(),
        order.nonce(),
        order.fees(),
        order.to(),
        BigInteger.ZERO,
        order.data());
  }

  /** Gas used times the effective gas price, from the receipt. */
  @Override
  public Optional<BigInteger> feePaid(Network network, TxHash hash) {
    Web3j web3j = nodes.client(network);
    Optional<TransactionReceipt> receipt =
        EvmRpc.once(network, () -> web3j.ethGetTransactionReceipt(hash.value()).send(), false)
            .getTransactionReceipt();
    return receipt
        .filter(r -> r.getEffectiveGasPrice() != null)
        .map(r -> r.getGasUsed().multiply(Numeric.decodeQuantity(r.getEffectiveGasPrice())));
  }

  @Override
  public BroadcastResult broadcast(Network network, SignedTransfer transfer) {
    Web3j web3j = nodes.client(network);
    EthSendTransaction sent =
        EvmRpc.once(
            network,
            () -> web3j.ethSendRawTransaction(Numeric.toHexString(transfer.raw())).send(),
            true);
    if (!sent.hasError()) {
      return BroadcastResult.accepted();
    }
    String message = sent.getError().getMessage();
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    // geth: "already known"; anvil and others: "transaction already imported", "known transaction"
    if (lower.contains("already known")
        || lower.contains("already imported")
        || lower.contains("known transaction")) {
      return BroadcastResult.known();
    }
    return BroadcastResult.rejected(message);
  }

  @Override
  public long transactionCount(Network network, String address, boolean includePending) {
    Web3j web3j = nodes.client(network);
    return EvmRpc.once(
            network,
            () ->
                web3j
                    .ethGetTransactionCount(
                        address,
                        includePending
                            ? DefaultBlockParameterName.PENDING
                            : DefaultBlockParameterName.LATEST)
                    .send(),
            false)
        .getTransactionCount()
        .longValueExact();
  }

  /** An EIP-1559 transaction on {@code network}'s chain id, signed with {@code keyId}. */
  private SignedTransfer signed(
      Network network,
      String keyId,
      long nonce,
      TxFees fees,
      String to,
      BigInteger value,
      String data) {
    if (!(fees instanceof TxFees.Eip1559 eip1559)) {
      throw new IllegalArgumentException("an EVM transaction needs EIP-1559 fees");
    }
    RawTransaction transaction =
        RawTransaction.createTransaction(
            network.chainId(),
            BigInteger.valueOf(nonce),
            eip1559.gasLimit(),
            to,
            value,
            data,
            eip1559.maxPriorityFeePerGas(),
            eip1559.maxFeePerGas());
    byte[] raw = signer.sign(transaction, keyId);
    return new SignedTransfer(new TxHash(Numeric.toHexString(Hash.sha3(raw))), raw, null);
  }
}
