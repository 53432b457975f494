package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * One web3j client per network, built on first use from the registry's node URL and reused for the
 * life of the process (a Lambda container keeps it across invocations).
 */
@Singleton
final class EvmNodes {

  private final OkHttpClient http = new OkHttpClient.Builder()
      .connectTimeout(Duration.ofSeconds(3))
      .readTimeout(Duration.ofSeconds(10))
      .build();
  private final Map<NetworkId, Web3j> clients = new ConcurrentHashMap<>();

  Web3j client(Network network) {
    if (!network.hasNode()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    return clients.computeIfAbsent(network.id(),
        id -> Web3j.build(new HttpService(network.rpcUrl(), http)));
  }

  @PreDestroy
  void close() {
    clients.values().forEach(Web3j::shutdown);
    clients.clear();
  }
}
