package io.stablepay.core.port.out;

import io.stablepay.core.domain.Network;
import java.util.List;

/**
 * Where a network's nodes are reached: the provider URLs (which often carry an API key) and a
 * provider key. Read when a node is called, never at start-up, and re-read after a while, so a
 * rotated URL takes effect without a redeploy.
 */
public interface NodeEndpoints {

  /**
   * The network's endpoints now.
   *
   * @throws io.stablepay.core.domain.ChainUnavailableException when none is configured or they
   *     cannot be read
   */
  Endpoints of(Network network);

  /**
   * A network's endpoints, in order of preference.
   *
   * @param urls one or more node URLs
   * @param apiKey the provider key sent with each call (TronGrid's), or null
   */
  record Endpoints(List<String> urls, String apiKey) {

    public Endpoints {
      urls = List.copyOf(urls);
      if (urls.isEmpty()) {
        throw new IllegalArgumentException("no node URL");
      }
    }

    /** Counts only: URLs and keys stay out of logs and messages. */
    @Override
    public String toString() {
      return "Endpoints[" + urls.size() + " URLs" + (apiKey == null ? "" : ", a key") + "]";
    }
  }
}
