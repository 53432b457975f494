package io.stablepay.adapter.out.secrets;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.port.out.NodeEndpoints;
import io.stablepay.core.port.out.SecretStore;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node endpoints from the stage's nodes secret, {@code {"ETHEREUM":{"urls":["https://.."]},
 * "TRON":{"urls":["grpc://.."],"apiKey":".."}}}. The secret is read on the first call after
 * start-up (never during it: a SnapStart snapshot would freeze what it read until the next deploy)
 * and again once a read is older than the cache TTL, so a rotated URL takes effect within that
 * time. When a re-read fails the last value stays in use and the read is tried again after a
 * shorter wait. Without a secret the endpoints are the network's configured {@code rpc-url}.
 */
@Singleton
final class SecretNodeEndpoints implements NodeEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(SecretNodeEndpoints.class);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  /** One network's entry in the secret. */
  @Serdeable
  record Entry(List<String> urls, String apiKey) {}

  /** A read of the secret and when it is to be read again (nanosecond ticker). */
  private record Snapshot(Map<NetworkId, Entry> entries, long refreshAt) {}

  private final String secretArn;
  private final Duration ttl;
  private final Provider<SecretStore> secrets;
  private final JsonMapper json;
  private final LongSupplier ticker;
  private volatile Snapshot snapshot;

  @Inject
  SecretNodeEndpoints(NodeSecretSettings settings, Provider<SecretStore> secrets, JsonMapper json) {
    this(settings, secrets, json, System::nanoTime);
  }

  SecretNodeEndpoints(
      NodeSecretSettings settings,
      Provider<SecretStore> secrets,
      JsonMapper json,
      LongSupplier ticker) {
    this.secretArn = settings.getSecretArn();
    this.ttl = settings.getCacheTtl();
    this.secrets = secrets;
    this.json = json;
    this.ticker = ticker;
  }

  @Override
  public Endpoints of(Network network) {
    if (secretArn != null && !secretArn.isBlank()) {
      Entry entry = current().entries().get(network.id());
      if (entry != null && entry.urls() != null && !entry.urls().isEmpty()) {
        return new Endpoints(entry.urls(), blankToNull(entry.apiKey()));
      }
    }
    List<String> configured = configured(network.rpcUrl());
    if (configured.isEmpty()) {
      throw new ChainUnavailableException("no node is configured for " + network.id());
    }
    return new Endpoints(configured, null);
  }

  private Snapshot current() {
    Snapshot known = snapshot;
    if (known != null && ticker.getAsLong() - known.refreshAt() < 0) {
      return known;
    }
    synchronized (this) {
      known = snapshot;
      long now = ticker.getAsLong();
      if (known != null && now - known.refreshAt() < 0) {
        return known;
      }
      try {
        Snapshot read = new Snapshot(parse(secrets.get().read(secretArn)), now + ttl.toNanos());
        snapshot = read;
        return read;
      } catch (RuntimeException e) {
        if (known == null) {
          throw new ChainUnavailableException(
              "cannot read the nodes secret: " + e.getClass().getSimpleName(), e);
        }
        LOG.warn(
            "cannot re-read the nodes secret ({}); the last read stays in use",
            e.getClass().getSimpleName());
        Snapshot stale = new Snapshot(known.entries(), now + RETRY_AFTER_FAILURE.toNanos());
        snapshot = stale;
        return stale;
      }
    }
  }

  /** The secret's entries by network; an entry for a network this code does not know is skipped. */
  Map<NetworkId, Entry> parse(String value) {
    Map<String, Entry> raw;
    try {
      raw = json.readValue(value, Argument.mapOf(String.class, Entry.class));
    } catch (IOException e) {
      throw new IllegalStateException("the nodes secret is not JSON of the expected shape", e);
    }
    Map<NetworkId, Entry> entries = new HashMap<>();
    if (raw != null) {
      raw.forEach(
          (name, entry) -> {
            try {
              entries.put(NetworkId.parse(name), entry);
            } catch (RuntimeException e) {
              LOG.warn("the nodes secret names an unknown network; its entry is skipped");
            }
          });
    }
    return Map.copyOf(entries);
  }

  private static List<String> configured(String rpcUrl) {
    if (rpcUrl == null) {
      return List.of();
    }
    return Arrays.stream(rpcUrl.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
