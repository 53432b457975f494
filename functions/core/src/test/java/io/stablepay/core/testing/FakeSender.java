package io.stablepay.core.testing;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.withdrawal.BroadcastResult;
import io.stablepay.core.domain.withdrawal.CallOrder;
import io.stablepay.core.domain.withdrawal.NativeTransferOrder;
import io.stablepay.core.domain.withdrawal.SignedTransfer;
import io.stablepay.core.domain.withdrawal.TransferOrder;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sender without a chain: it "signs" an order into bytes that spell the order out (so two orders
 * that differ in anything sign differently) with their SHA-256 as the hash, records every order and
 * broadcast, and answers nonces from {@link #pending} and {@link #latest}. {@link #failSigning}
 * fails as an unreachable key service would, {@link #failBroadcast} as a dead node, {@link
 * #nextBroadcast} answers the next broadcast once (e.g. a rejection).
 */
public final class FakeSender implements io.stablepay.core.port.out.TransactionSender {

  private final ChainFamily family;
  public final List<Object> orders = new ArrayList<>();
  public final List<SignedTransfer> signed = new ArrayList<>();
  public final List<SignedTransfer> broadcasts = new ArrayList<>();
  public final List<Boolean> countsAsked = new ArrayList<>();
  public final Map<TxHash, BigInteger> feesPaid = new HashMap<>();
  public long pending;
  public long latest;
  public boolean failSigning;
  public boolean failBroadcast;
  public BroadcastResult nextBroadcast;
  public Runnable onLatestCount = () -> {};

  public FakeSender() {
    this(ChainFamily.EVM);
  }

  public FakeSender(ChainFamily family) {
    this.family = family;
  }

  @Override
  public ChainFamily family() {
    return family;
  }

  @Override
  public SignedTransfer sign(Network network, TransferOrder order) {
    return signed(
        order,
        "transfer/"
            + order.from()
            + "/"
            + order.token().asset()
            + "/"
            + order.to()
            + "/"
            + order.onchainAmount()
            + "/"
            + order.nonce()
            + "/"
            + order.fees());
  }

  @Override
  public SignedTransfer signNative(Network network, NativeTransferOrder order) {
    return signed(
        order,
        "native/"
            + order.from()
            + "/"
            + order.to()
            + "/"
            + order.value()
            + "/"
            + order.nonce()
            + "/"
            + order.fees());
  }

  @Override
  public SignedTransfer signCall(Network network, CallOrder order) {
    return signed(
        order,
        order.from()
            + "/"
            + order.to()
            + "/"
            + order.data()
            + "/"
            + order.nonce()
            + "/"
            + order.fees());
  }

  /** The orders of one kind, in the order signed. */
  public <T> List<T> orders(Class<T> kind) {
    return orders.stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  @Override
  public BroadcastResult broadcast(Network network, SignedTransfer transfer) {
    broadcasts.add(transfer);
    if (failBroadcast) {
      throw new ChainUnavailableException("the node did not answer");
    }
    BroadcastResult answer = nextBroadcast != null ? nextBroadcast : BroadcastResult.accepted();
    nextBroadcast = null;
    return answer;
  }

  @Override
  public long transactionCount(Network network, String address, boolean includePending) {
    countsAsked.add(includePending);
    if (!includePending) {
      onLatestCount.run();
    }
    return includePending ? pending : latest;
  }

  @Override
  public Optional<BigInteger> feePaid(Network network, TxHash hash) {
    return Optional.ofNullable(feesPaid.get(hash));
  }

  private SignedTransfer signed(Object order, String text) {
    orders.add(order);
    if (failSigning) {
      throw new ChainUnavailableException("the key service did not answer");
    }
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    SignedTransfer transfer =
        new SignedTransfer(new TxHash("0x" + HexFormat.of().formatHex(sha256(raw))), raw, null);
    signed.add(transfer);
    return transfer;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
