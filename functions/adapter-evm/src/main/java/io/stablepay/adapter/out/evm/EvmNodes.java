package io.stablepay.adapter.out.evm;

import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.protocol.Web3j;

/**
 * One web3j client per network, built on first use from the registry's node URL and reused for the
 * life of the process (a Lambda container keeps it across invocations).
 */
@Singleton
final class EvmNodes {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final Map<NetworkId, Web3j> clients = new ConcurrentHashMap<>();

  Web3j client(Network network) {
    if (!network.hasNode()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    return clients.computeIfAbsent(
        network.id(), id -> Web3j.build(new JdkHttpService(http, network.rpcUrl(), CALL_TIMEOUT)));
  }

  @PreDestroy
  void close() {
    clients.values().forEach(Web3j::shutdown);
    clients.clear();
    http.close();
  }
}
