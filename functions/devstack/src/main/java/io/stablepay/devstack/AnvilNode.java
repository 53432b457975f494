package io.stablepay.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * A local EVM chain (anvil from npm) on 127.0.0.1 with its own chain id and a block every second.
 * Its dev accounts are unlocked, so transactions are sent with {@code eth_sendTransaction} and no
 * key ever appears in this code.
 */
public final class AnvilNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final ManagedProcess process;
  private final long chainId;
  private final int port;
  private final HttpService service;
  private final Web3j web3j;

  private AnvilNode(ManagedProcess process, long chainId, int port) {
    this.process = process;
    this.chainId = chainId;
    this.port = port;
    this.service =
        new HttpService(
            rpcUrl(),
            new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(10))
                .build());
    this.web3j = Web3j.build(service);
  }

  /** Starts a chain with {@code chainId} on {@code port} (0: a free port) and waits for it. */
  public static AnvilNode start(long chainId, int port) {
    return start(chainId, port, true);
  }

  /**
   * Starts a chain that mines only when a transaction arrives or {@link #mine} is called, so a test
   * decides exactly how many confirmations there are.
   */
  public static AnvilNode startWithoutIntervalMining(long chainId) {
    return startWithoutIntervalMining(chainId, 0);
  }

  /** As {@link #startWithoutIntervalMining(long)}, on {@code port} (0: a free port). */
  public static AnvilNode startWithoutIntervalMining(long chainId, int port) {
    return start(chainId, port, false);
  }

  private static AnvilNode start(long chainId, int port, boolean blockEverySecond) {
    int chosen = port == 0 ? FreePorts.find() : port;
    List<String> command =
        new ArrayList<>(
            List.of(
                Tools.anvil().toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(chosen),
                "--chain-id",
                Long.toString(chainId),
                "--quiet"));
    if (blockEverySecond) {
      command.addAll(List.of("--block-time", "1"));
    }
    ManagedProcess process = ManagedProcess.start("anvil-" + chainId, command, Map.of());
    AnvilNode node = new AnvilNode(process, chainId, chosen);
    process.awaitReady(node::answers, START_TIMEOUT);
    return node;
  }

  private boolean answers() {
    try {
      return web3j.ethChainId().send().getChainId().longValueExact() == chainId;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  public String rpcUrl() {
    return "http://127.0.0.1:" + port;
  }

  public long chainId() {
    return chainId;
  }

  public int port() {
    return port;
  }

  public Web3j web3j() {
    return web3j;
  }

  /** Mines {@code blocks} blocks at once ({@code anvil_mine}). */
  public void mine(int blocks) {
    rpc("anvil_mine", List.of(blocks), Object.class);
  }

  /**
   * From now on mines a block every {@code seconds} ({@code evm_setIntervalMining}), as a chain
   * started with {@link #start} does; transactions then wait for the next block.
   */
  public void mineEvery(int seconds) {
    rpc("evm_setIntervalMining", List.of(seconds), Object.class);
  }

  /** From now on mines each transaction as it arrives ({@code evm_setAutomine}). */
  public void mineInstantly() {
    rpc("evm_setAutomine", List.of(true), Object.class);
  }

  /**
   * From now on mines nothing until told ({@link #mine}, {@link #mineEvery}): transactions wait in
   * the pool, as they do on a congested network.
   */
  public void stopMining() {
    rpc("evm_setIntervalMining", List.of(0), Object.class);
    rpc("evm_setAutomine", List.of(false), Object.class);
  }

  /**
   * Removes a pending transaction from the pool ({@code anvil_dropTransaction}), as if its
   * broadcast had never arrived.
   */
  public void dropTransaction(String hash) {
    rpc("anvil_dropTransaction", List.of(hash), Object.class);
  }

  /** Writes one storage slot of a contract ({@code anvil_setStorageAt}), 32 bytes of hex. */
  public void setStorageAt(String address, String slot, String value) {
    rpc("anvil_setStorageAt", List.of(address, slot, value), Object.class);
  }

  /** Saves the chain's state; {@link #revert} returns to it, abandoning the blocks since. */
  public String snapshot() {
    return rpc("evm_snapshot", List.of(), String.class);
  }

  public void revert(String snapshot) {
    if (!Boolean.TRUE.equals(rpc("evm_revert", List.of(snapshot), Boolean.class))) {
      throw new IllegalStateException("anvil refused to revert to snapshot " + snapshot);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T rpc(String method, List<?> params, Class<T> result) {
    try {
      RpcResult response = new Request<>(method, params, service, RpcResult.class).send();
      if (response.hasError()) {
        throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
      }
      return result.cast(response.getResult());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " failed", e);
    }
  }

  /** A JSON-RPC response whose result is whatever JSON value the method returns. */
  public static final class RpcResult extends Response<Object> {}

  @Override
  public void close() {
    web3j.shutdown();
    process.close();
  }

  @Override
  public String toString() {
    return "anvil chain " + chainId + " at " + rpcUrl();
  }
}
