package io.stablepay.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.core.service.DepositWatcher;
import io.stablepay.core.service.GatewayWatcher;
import java.time.Duration;

/**
 * The chain watchers' pace and their health ({@code stablepay.watcher.*}). The retries of a failing
 * node call under the same prefix belong to the EVM adapter.
 */
@ConfigurationProperties("stablepay.watcher")
public class WatcherProperties {

  /** Blocks one watcher run reads per network (default 500). */
  private int batchBlocks = 500;

  /** Where a network without a cursor starts: this many blocks below the head (default 1000). */
  private int initialLookback = 1000;

  /** Recent block hashes the deposit watcher compares on each run (default 64). */
  private int reorgWindow = 64;

  /** A watcher health probe reports DOWN after this long without a successful run (default 5m). */
  private Duration staleAfter = Duration.ofMinutes(5);

  DepositWatcher.Settings depositSettings() {
    return new DepositWatcher.Settings(batchBlocks, initialLookback, reorgWindow);
  }

  GatewayWatcher.Settings gatewaySettings() {
    return new GatewayWatcher.Settings(batchBlocks, initialLookback);
  }

  public int getBatchBlocks() {
    return batchBlocks;
  }

  public void setBatchBlocks(int batchBlocks) {
    this.batchBlocks = batchBlocks;
  }

  public int getInitialLookback() {
    return initialLookback;
  }

  public void setInitialLookback(int initialLookback) {
    this.initialLookback = initialLookback;
  }

  public int getReorgWindow() {
    return reorgWindow;
  }

  public void setReorgWindow(int reorgWindow) {
    this.reorgWindow = reorgWindow;
  }

  public Duration getStaleAfter() {
    return staleAfter;
  }

  public void setStaleAfter(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }
}
