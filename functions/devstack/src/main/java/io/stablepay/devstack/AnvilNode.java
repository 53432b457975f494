package io.stablepay.devstack;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
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
  private final Web3j web3j;

  private AnvilNode(ManagedProcess process, long chainId, int port) {
    this.process = process;
    this.chainId = chainId;
    this.port = port;
    this.web3j = Web3j.build(new HttpService(rpcUrl(), new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10)).build()));
  }

  /** Starts a chain with {@code chainId} on {@code port} (0: a free port) and waits for it. */
  public static AnvilNode start(long chainId, int port) {
    int chosen = port == 0 ? FreePorts.find() : port;
    ManagedProcess process = ManagedProcess.start("anvil-" + chainId, List.of(
        Tools.anvil().toString(),
        "--host", "127.0.0.1",
        "--port", Integer.toString(chosen),
        "--chain-id", Long.toString(chainId),
        "--block-time", "1",
        "--quiet"), Map.of());
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
