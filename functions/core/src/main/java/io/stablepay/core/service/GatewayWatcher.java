package io.stablepay.core.service;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.TxHash;
import io.stablepay.core.domain.payment.GatewayPaymentLog;
import io.stablepay.core.domain.payment.OnchainPayment;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.GatewayPaymentStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Attributes payments made through each network's gateway contract to payment requests by their
 * reference. A payment is recorded once per (network, txHash, logIndex) when first seen (the
 * request goes CONFIRMING), and credited at the network's confirmation depth if its block is still
 * on the chain: the vault -> the merchant less its fee, the fee to the platform, under a ledger id
 * derived from the log, so it is credited once however often it is read. The request then becomes
 * PAID, UNDERPAID (it stays open for a top-up) or OVERPAID by what all its credited payments of its
 * asset add up to. A payment whose block left the chain before the depth is REVERTED and the
 * request goes back to PENDING ({@code payment.reverted}).
 *
 * <p>A push (a node provider's webhook, {@link #attribute}) names transactions to look at before
 * the scan reaches them; their payments are read from the node like the scan's and take the same
 * path, so which of the two sees a payment first makes no difference.
 *
 * <p>Nothing is lost: a payment for a request that is no longer payable is credited and flagged
 * late; one whose reference names no request, or in a token the registry does not know, is
 * recorded, held in suspense and alerted ({@link GatewayPaymentBooks}).
 */
public final class GatewayWatcher implements WatchGatewayPayments {

  /** The registry's name of the gateway contract. */
  public static final String GATEWAY = "payment-gateway";

  /**
   * @param batchBlocks blocks one run reads per network
   * @param initialLookback where a network without a cursor starts: this far below the head
   */
  public record Settings(int batchBlocks, int initialLookback) {}

  private final NetworkRegistry registry;
  private final ChainScanner scanner;
  private final GatewayPaymentStore store;
  private final GatewayPaymentBooks books;
  private final Settings settings;

  /**
   * @param store the payments seen, and the scan's cursor per network
   * @param books what each payment does to its request and the books
   */
  public GatewayWatcher(
      NetworkRegistry registry,
      ChainScanner scanner,
      GatewayPaymentStore store,
      GatewayPaymentBooks books,
      Settings settings) {
    this.registry = registry;
    this.scanner = scanner;
    this.store = store;
    this.books = books;
    this.settings = settings;
  }

  @Override
  public List<GatewayReport> scanAll() {
    List<GatewayReport> reports = new ArrayList<>();
    for (Network network : registry.all()) {
      String gateway = network.contracts().get(GATEWAY);
      if (gateway == null || !scanner.scans(network)) {
        continue;
      }
      try {
        reports.add(scan(network, gateway));
      } catch (RuntimeException e) {
        reports.add(
            new GatewayReport(
                network.id(), -1, 0, 0, 0, e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return reports;
  }

  private GatewayReport scan(Network network, String gateway) {
    long head = scanner.head(network);
    long cursor =
        store.cursor(network.id()).orElse(Math.max(-1, head - settings.initialLookback()));
    long to = Math.min(head, cursor + settings.batchBlocks());
    int seen = 0;
    if (to > cursor) {
      for (GatewayPaymentLog log : scanner.gatewayPayments(network, cursor + 1, to, gateway)) {
        if (books.seen(network, log)) {
          seen++;
        }
      }
      store.advance(network.id(), to);
    }
    int credited = 0;
    int reverted = 0;
    for (OnchainPayment payment : store.confirming(network.id())) {
      if (head - payment.blockNumber() + 1 < network.confirmations()) {
        continue;
      }
      Optional<String> hash = scanner.blockHash(network, payment.blockNumber());
      if (hash.isEmpty() || !hash.get().equalsIgnoreCase(payment.blockHash())) {
        books.revert(payment);
        reverted++;
      } else if (books.credit(network, payment)) {
        credited++;
      }
    }
    return new GatewayReport(network.id(), to, seen, credited, reverted, null);
  }

  @Override
  public PushReport attribute(String networkName, List<String> txHashes) {
    Network network = registry.require(networkName);
    String gateway = network.contracts().get(GATEWAY);
    if (gateway == null || !scanner.scans(network)) {
      throw new InvalidValueException(
          "payments through a gateway are not watched on " + network.id() + " here");
    }
    if (txHashes == null || txHashes.isEmpty()) {
      throw new InvalidRequestException("name at least one transaction");
    }
    if (txHashes.size() > MAX_PUSHED_TRANSACTIONS) {
      throw new InvalidRequestException(
          "at most " + MAX_PUSHED_TRANSACTIONS + " transactions in one push");
    }
    // every hash is checked before the node is asked about any
    Set<String> distinct = new LinkedHashSet<>();
    for (String hash : txHashes) {
      distinct.add(TxHash.of(hash, network.family()).value());
    }
    int unmined = 0;
    int found = 0;
    int recorded = 0;
    for (String hash : distinct) {
      Optional<List<GatewayPaymentLog>> logs = scanner.gatewayPaymentsIn(network, hash, gateway);
      if (logs.isEmpty()) {
        unmined++;
        continue;
      }
      for (GatewayPaymentLog log : logs.get()) {
        found++;
        if (books.seen(network, log)) {
          recorded++;
        }
      }
    }
    return new PushReport(network.id(), distinct.size(), unmined, found, recorded);
  }
}
