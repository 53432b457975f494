package io.stablepay.adapter.out.evm;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * Retries of a failing node call in a watcher run ({@code stablepay.watcher.rpc-*}); the watchers'
 * other settings under the same prefix are read where the watchers are built.
 */
@ConfigurationProperties("stablepay.watcher")
public class WatcherRpcSettings {

  /** Tries of a node call before the run gives up on the network (default 4). */
  private int rpcAttempts = 4;

  /** The first wait between tries in milliseconds, four times longer after each (default 250). */
  private long rpcBackoffMillis = 250;

  public int getRpcAttempts() {
    return rpcAttempts;
  }

  public void setRpcAttempts(int rpcAttempts) {
    this.rpcAttempts = rpcAttempts;
  }

  public long getRpcBackoffMillis() {
    return rpcBackoffMillis;
  }

  public void setRpcBackoffMillis(long rpcBackoffMillis) {
    this.rpcBackoffMillis = rpcBackoffMillis;
  }
}
