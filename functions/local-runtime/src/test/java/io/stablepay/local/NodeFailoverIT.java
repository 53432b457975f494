package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.AnvilNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Black-box, with several nodes per network, on a platform of its own (the shared one gives each
 * network one node): the deployed functions reach ETHEREUM through two proxies in front of its one
 * node, and POLYGON, whose crediting reads need two endpoints to agree ({@code
 * STABLEPAY_CHAINS_POLYGON_QUORUM=2}), directly and through a proxy that a test turns into a liar
 * by forwarding to another chain with POLYGON's chain id (its own blocks, so its own block hashes).
 */
class NodeFailoverIT {

  private static final String PASSWORD = "correct horse battery";

  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  private static FaultyProxy ethereumFirst;
  private static FaultyProxy ethereumSecond;
  private static FaultyProxy polygonSecond;
  private static AnvilNode liar;
  private static LocalRuntime runtime;
  private static ApiClient api;

  @BeforeAll
  static void platform() {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    liar = AnvilNode.start(LocalStack.POLYGON_CHAIN_ID, 0);
    long t0 = System.nanoTime();
    runtime =
        LocalRuntime.start(
            LocalSettings.anyFreePorts()
                .withFunctionSetting("STABLEPAY_CHAINS_POLYGON_QUORUM", "2")
                .withFronts(
                    new LocalSettings.Fronts() {
                      @Override
                      public String front(String service, String address) {
                        return address;
                      }

                      @Override
                      public List<String> fronts(String network, String address) {
                        return switch (network) {
                          case "ETHEREUM" -> {
                            ethereumFirst = FaultyProxy.start(address);
                            ethereumSecond = FaultyProxy.start(address);
                            yield List.of(ethereumFirst.url(), ethereumSecond.url());
                          }
                          case "POLYGON" -> {
                            polygonSecond = FaultyProxy.start(address);
                            yield List.of(address, polygonSecond.url());
                          }
                          default -> List.of(address);
                        };
                      }
                    }));
    System.out.printf(
        "NodeFailoverIT: platform up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    api = new ApiClient(runtime.gatewayUrl(), runtime.directUrl());
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    for (AutoCloseable closeable :
        new AutoCloseable[] {ethereumFirst, ethereumSecond, polygonSecond, liar}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // stopping: nothing to do
      }
    }
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  @AfterEach
  void heal() {
    ethereumFirst.heal();
    polygonSecond.heal();
  }

  @Test
  void killingOneOfTwoEndpointsDuringADepositStillCreditsItExactlyOnce() {
    ApiClient.Account user = api.signUp("failover-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String address = wallet(user);

    faucet("ETHEREUM", address, "5");
    // the deposit is on the chain, below its depth: the endpoint the functions prefer dies
    ethereumFirst.inject(FaultyProxy.EVERY_REQUEST, new FaultyProxy.Fault.Drop());
    int dropped = ethereumFirst.injected();
    api.post("/api/dev/mine", Map.of("network", "ETHEREUM", "blocks", 3));

    Awaitility.await("the deposit is credited through the second endpoint")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> usdt(user), new BigDecimal("5")::equals);
    assertThat(ethereumFirst.injected())
        .as("the functions did call the dead endpoint")
        .isGreaterThan(dropped);
    // and it stays credited once while the watcher runs on over more blocks
    api.post("/api/dev/mine", Map.of("network", "ETHEREUM", "blocks", 3));
    Awaitility.await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> usdt(user), new BigDecimal("5")::equals);
    assertThat(deposits(user)).hasSize(1);
  }

  @Test
  void aLyingEndpointUnderQuorumCreditsNothingAndAlarmsUntilTheEndpointsAgree() {
    ApiClient.Account user = api.signUp("quorum-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String address = wallet(user);
    // the liar is ahead of POLYGON, so it has every block the watcher asks about, with other hashes
    liar.mine(1000);
    polygonSecond.inject(FaultyProxy.EVERY_REQUEST, new FaultyProxy.Fault.Forward(liar.rpcUrl()));
    int alertsBefore = alerts().size();

    faucet("POLYGON", address, "5");
    api.post("/api/dev/mine", Map.of("network", "POLYGON", "blocks", 10));

    Awaitility.await("the watcher raises the disagreement")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> alerts().size() > alertsBefore);
    assertThat(alerts().subList(alertsBefore, alerts().size()))
        .allSatisfy(alert -> assertThat(alert).startsWith("ALERT nodes-disagree POLYGON: "));
    // ten blocks past a depth of two, and the watcher running every few seconds: nothing credited
    Awaitility.await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(15))
        .until(() -> usdt(user), BigDecimal.ZERO::equals);
    assertThat(deposits(user)).isEmpty();

    // once both endpoints tell the same chain again, the next run credits it, once
    polygonSecond.heal();
    Awaitility.await("the deposit is credited once the endpoints agree")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> usdt(user), new BigDecimal("5")::equals);
    assertThat(deposits(user)).hasSize(1);
  }

  private static String wallet(ApiClient.Account user) {
    HttpResponse<String> created =
        api.post("/api/wallet/create", "", "Authorization", user.bearer());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).path("evmAddress").asText();
  }

  private static void faucet(String network, String address, String amount) {
    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of("network", network, "asset", "USDT", "address", address, "amount", amount));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
  }

  private static BigDecimal usdt(ApiClient.Account user) {
    for (JsonNode balance :
        json(api.get("/api/wallet/balance", "Authorization", user.bearer())).path("balances")) {
      if (balance.path("asset").asText().equals("USDT")) {
        return new BigDecimal(balance.path("available").asText()).stripTrailingZeros();
      }
    }
    return BigDecimal.ZERO;
  }

  private static JsonNode deposits(ApiClient.Account user) {
    return json(api.get("/api/wallet/transactions?type=DEPOSIT", "Authorization", user.bearer()))
        .path("data");
  }

  /** The ALERT lines the deployed functions logged so far. */
  private static List<String> alerts() {
    return List.copyOf(LOGS.list).stream()
        .filter(event -> event.getLoggerName().startsWith("lambda."))
        .map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.startsWith("{"))
        .map(
            line -> {
              try {
                return ApiClient.JSON.readTree(line).path("formattedMessage").asText();
              } catch (java.io.IOException notJson) {
                return "";
              }
            })
        .filter(message -> message.startsWith("ALERT "))
        .toList();
  }
}
