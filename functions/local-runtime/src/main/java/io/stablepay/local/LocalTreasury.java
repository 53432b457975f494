package io.stablepay.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.TokenDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

/**
 * Funds the platform's own wallets on the local chains, so withdrawals work from the first minute,
 * the way an operator funds a deployment: 100 of the native coin to the treasury and the gas tank
 * (from anvil's first dev account) and a million of each test stablecoin to the treasury (minted),
 * then each minting transaction recorded as capital through the admin API ({@code POST
 * /api/admin/treasury/fundings}), which books what the chain says arrived. The wallets' addresses
 * come from the admin API too ({@code GET /api/admin/treasury}): the keys are the ones the stack
 * created in the emulator's KMS.
 */
final class LocalTreasury {

  private static final Logger LOG = LoggerFactory.getLogger(LocalTreasury.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigDecimal NATIVE_COINS = BigDecimal.valueOf(100);
  private static final BigInteger WHOLE_TOKENS = BigInteger.valueOf(1_000_000);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private LocalTreasury() {}

  /** Funds every local chain's treasury and gas tank; {@code bearer} is an administrator's. */
  static void fund(LocalStack stack, String api, String bearer) {
    JsonNode networks = call(api, "GET", "/api/admin/treasury", null, bearer).path("networks");
    for (JsonNode network : networks) {
      LocalChain chain = stack.chain(network.path("network").asText());
      Web3j web3j = chain.node().web3j();
      List<String> mints = new ArrayList<>();
      // each funding transaction is mined at once, then the chain goes back to a block a second
      chain.node().mineInstantly();
      try {
        for (JsonNode wallet : network.path("wallets")) {
          String address = wallet.path("address").asText();
          sendNative(web3j, chain.network(), address);
          if ("TREASURY".equals(wallet.path("role").asText())) {
            chain
                .tokens()
                .forEach(
                    (asset, token) ->
                        mints.add(
                            TokenDeployer.mint(
                                    web3j,
                                    token,
                                    address,
                                    WHOLE_TOKENS.multiply(
                                        BigInteger.TEN.pow(TokenDeployer.decimals(asset))))
                                .getTransactionHash()));
          }
        }
        // buried under the network's confirmation depth, so the API books them at once
        chain.node().mine(5);
      } finally {
        chain.node().mineEvery(1);
      }
      for (String mint : mints) {
        call(
            api,
            "POST",
            "/api/admin/treasury/fundings",
            Map.of("network", chain.network(), "txHash", mint),
            bearer);
      }
      LOG.info(
          "{} treasury funded: {} {} each to the treasury and the gas tank, a million of "
              + "each stablecoin to the treasury, booked as capital",
          chain.network(),
          NATIVE_COINS,
          network.path("nativeSymbol").asText());
    }
  }

  private static void sendNative(Web3j web3j, String network, String address) {
    try {
      new Transfer(web3j, LocalContracts.account(web3j, 0))
          .sendFunds(address, NATIVE_COINS, Convert.Unit.ETHER)
          .send();
    } catch (Exception e) {
      throw new IllegalStateException("could not fund " + address + " on " + network, e);
    }
  }

  /** One call to the platform's API; anything but a 2xx answer stops the start. */
  static JsonNode call(String api, String method, String path, Object body, String bearer) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(api + path))
              .timeout(Duration.ofSeconds(30))
              .header("content-type", "application/json");
      if (bearer != null) {
        request.header("Authorization", bearer);
      }
      request.method(
          method,
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
