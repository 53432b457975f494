package io.stablepay.adapter.out.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.serde.ObjectMapper;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NodeEndpoints.Endpoints;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretNodeEndpointsTest {

  private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:nodes";

  private final AtomicReference<String> stored = new AtomicReference<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();

  @Test
  void readsTheSecretOnFirstUseNotWhenBuilt() {
    SecretNodeEndpoints endpoints = endpoints(ARN);
    assertThat(reads).hasValue(0);

    stored.set(
        """
        {"ETHEREUM":{"urls":["https://a.example/k1","https://b.example/k2"]},
         "TRON":{"urls":["grpc://tron.example:50051"],"apiKey":"key-1"}}""");

    assertThat(endpoints.of(network(NetworkId.ETHEREUM, null)).urls())
        .containsExactly("https://a.example/k1", "https://b.example/k2");
    Endpoints tron = endpoints.of(network(NetworkId.TRON, null));
    assertThat(tron.apiKey()).isEqualTo("key-1");
    assertThat(tron.toString()).doesNotContain("key-1").doesNotContain("tron.example");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aRotatedUrlIsPickedUpOnceTheCachedReadExpires() {
    SecretNodeEndpoints endpoints = endpoints(ARN);
    stored.set("{\"ETHEREUM\":{\"urls\":[\"https://old.example\"]}}");
    Network ethereum = network(NetworkId.ETHEREUM, null);
    assertThat(endpoints.of(ethereum).urls()).containsExactly("https://old.example");

    stored.set("{\"ETHEREUM\":{\"urls\":[\"https://new.example\"]}}");
    now.addAndGet(Duration.ofMinutes(4).toNanos());
    assertThat(endpoints.of(ethereum).urls()).containsExactly("https://old.example");

    now.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(endpoints.of(ethereum).urls()).containsExactly("https://new.example");
    assertThat(reads).hasValue(2);
  }

  @Test
  void aFailedReReadKeepsTheLastValueAndTriesAgainSoon() {
    SecretNodeEndpoints endpoints = endpoints(ARN);
    stored.set("{\"ETHEREUM\":{\"urls\":[\"https://old.example\"]}}");
    Network ethereum = network(NetworkId.ETHEREUM, null);
    endpoints.of(ethereum);

    stored.set(null);
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThat(endpoints.of(ethereum).urls()).containsExactly("https://old.example");

    stored.set("{\"ETHEREUM\":{\"urls\":[\"https://new.example\"]}}");
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(endpoints.of(ethereum).urls()).containsExactly("https://new.example");
  }

  @Test
  void anUnreadableSecretOrAMissingEntryMakesTheChainUnavailable() {
    Network ethereum = network(NetworkId.ETHEREUM, null);
    assertThatThrownBy(() -> endpoints(ARN).of(ethereum))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("nodes secret");

    stored.set("{}");
    assertThatThrownBy(() -> endpoints(ARN).of(ethereum))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("no node is configured for ETHEREUM");
  }

  @Test
  void withoutASecretTheConfiguredUrlsServe() {
    Endpoints configured =
        endpoints(null)
            .of(network(NetworkId.ETHEREUM, "http://127.0.0.1:8545, http://127.0.0.1:8546"));

    assertThat(configured.urls()).containsExactly("http://127.0.0.1:8545", "http://127.0.0.1:8546");
    assertThat(reads).hasValue(0);
  }

  private SecretNodeEndpoints endpoints(String arn) {
    NodeSecretSettings settings = new NodeSecretSettings();
    settings.setSecretArn(arn);
    return new SecretNodeEndpoints(
        settings,
        () ->
            id -> {
              reads.incrementAndGet();
              String value = stored.get();
              if (value == null) {
                throw new IllegalStateException("cannot read secret " + id);
              }
              return value;
            },
        ObjectMapper.getDefault(),
        now::get);
  }

  private static Network network(NetworkId id, String rpcUrl) {
    return new Network(
        id,
        id.name(),
        id.family(),
        1,
        "ETH",
        12,
        12,
        "https://explorer.example",
        List.of(),
        rpcUrl,
        Map.of(),
        true,
        1);
  }
}
