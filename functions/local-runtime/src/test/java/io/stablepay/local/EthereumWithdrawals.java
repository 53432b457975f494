package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.devstack.AnvilNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What the withdrawal scenarios share on the running platform's ETHEREUM chain: users funded by an
 * on-chain USDT deposit, withdrawals through the deployed API, their statuses and balances as the
 * API reports them, and the chain's own view (token balances, transactions, receipts).
 */
final class EthereumWithdrawals {

  /** A signed-in user: the Authorization value and the wallet's EVM address. */
  record User(String bearer, String address) {}

  private static final String PASSWORD = "correct horse battery";

  final ApiClient api;
  final AnvilNode ethereum;
  final String usdt;

  private EthereumWithdrawals(ApiClient api, LocalChain chain) {
    this.api = api;
    this.ethereum = chain.node();
    this.usdt = chain.tokens().get("USDT");
  }

  static EthereumWithdrawals onPlatform() {
    return new EthereumWithdrawals(
        ApiClient.platform(), RunningPlatform.get().stack.chain("ETHEREUM"));
  }

  /** A new user with {@code amount} USDT credited from an on-chain deposit. */
  User funded(String amount) {
    ApiClient.Account account = api.signUp("wd-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String address =
        json(api.post("/api/wallet/create", "", "Authorization", account.bearer()))
            .path("evmAddress")
            .asText();
    HttpResponse<String> minted =
        api.post(
            "/api/dev/faucet",
            Map.of("network", "ETHEREUM", "asset", "USDT", "address", address, "amount", amount));
    assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
    User user = new User(account.bearer(), address);
    Awaitility.await("deposit credited")
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                new BigDecimal(balance(user, "available")).compareTo(new BigDecimal(amount)) == 0);
    return user;
  }

  /** An address no one on the platform holds. */
  static String externalAddress() {
    return Keys.toChecksumAddress(
        Numeric.toHexStringWithPrefixZeroPadded(
            new BigInteger(1, Hash.sha3(UUID.randomUUID().toString().getBytes())).shiftRight(96),
            40));
  }

  HttpResponse<String> withdraw(User user, String to, String amount, String key) {
    return api.post(
        "/api/wallet/transfer",
        Map.of("to", to, "network", "ETHEREUM", "asset", "USDT", "amount", amount),
        "Authorization",
        user.bearer(),
        "Idempotency-Key",
        key);
  }

  /** The withdrawal a 202 answered: PENDING, with the hash of its signed transaction. */
  static JsonNode accepted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json(response);
    assertThat(body.path("status").asText()).isEqualTo("PENDING");
    assertThat(body.path("txHash").asText()).matches("0x[0-9a-f]{64}");
    return body;
  }

  JsonNode awaitStatus(User user, String id, String status) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await(id + " " + status)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              last[0] =
                  json(api.get("/api/wallet/withdrawals/" + id, "Authorization", user.bearer()));
              return status.equals(last[0].path("status").asText());
            });
    return last[0];
  }

  /** The user's USDT {@code field} ({@code available} or {@code held}) as the API shows it. */
  String balance(User user, String field) {
    for (JsonNode balance :
        json(api.get("/api/wallet/balance", "Authorization", user.bearer())).path("balances")) {
      if (balance.path("asset").asText().equals("USDT")) {
        return balance.path(field).asText();
      }
    }
    throw new AssertionError("no USDT balance");
  }

  /** {@code owner}'s USDT balance on the chain, in the token's units. */
  BigInteger tokenBalance(String owner) throws Exception {
    Function balanceOf =
        new Function(
            "balanceOf", List.of(new Address(owner)), List.of(new TypeReference<Uint256>() {}));
    String answer =
        ethereum
            .web3j()
            .ethCall(
                org.web3j.protocol.core.methods.request.Transaction.createEthCallTransaction(
                    null, usdt, FunctionEncoder.encode(balanceOf)),
                DefaultBlockParameterName.LATEST)
            .send()
            .getValue();
    List<Type> decoded = FunctionReturnDecoder.decode(answer, balanceOf.getOutputParameters());
    return (BigInteger) decoded.get(0).getValue();
  }

  Transaction transaction(String hash) throws Exception {
    return ethereum.web3j().ethGetTransactionByHash(hash).send().getTransaction().orElse(null);
  }

  TransactionReceipt receipt(String hash) throws Exception {
    return ethereum
        .web3j()
        .ethGetTransactionReceipt(hash)
        .send()
        .getTransactionReceipt()
        .orElse(null);
  }

  /** ETHEREUM's treasury, as the administrators' view reports it. */
  JsonNode treasury() {
    HttpResponse<String> treasury =
        api.get("/api/admin/treasury", "Authorization", RunningPlatform.get().adminBearer());
    assertThat(treasury.statusCode()).as(treasury.body()).isEqualTo(200);
    for (JsonNode network : json(treasury).path("networks")) {
      if (network.path("network").asText().equals("ETHEREUM")) {
        return network;
      }
    }
    throw new AssertionError("no ETHEREUM treasury");
  }

  String treasuryAddress() {
    return treasury().path("wallets").get(0).path("address").asText();
  }

  /**
   * The user paid {@code amount} and the fee once, the recipient got {@code amount} once, one
   * withdrawal line, and the treasury agrees with the ledger.
   */
  void assertChargedOnce(User user, String funded, JsonNode done, String to, String amount)
      throws Exception {
    BigDecimal fee = new BigDecimal(done.path("fee").asText());
    assertThat(new BigDecimal(balance(user, "available")))
        .isEqualByComparingTo(
            new BigDecimal(funded).subtract(new BigDecimal(amount)).subtract(fee));
    assertThat(new BigDecimal(balance(user, "held"))).isZero();
    assertThat(tokenBalance(to))
        .isEqualTo(new BigDecimal(amount).movePointRight(6).toBigIntegerExact());
    // one completed withdrawal; any other line is one the fault ended without a charge
    List<JsonNode> lines =
        json(api.get("/api/wallet/transactions?type=WITHDRAWAL", "Authorization", user.bearer()))
            .path("data")
            .valueStream()
            .toList();
    assertThat(lines)
        .extracting(line -> line.path("status").asText())
        .containsOnlyOnce("COMPLETED")
        .isSubsetOf("COMPLETED", "FAILED");
    assertTreasuryReconciles();
  }

  /** Every ETHEREUM treasury position: on-chain and ledger agree (open withdrawals allowed). */
  void assertTreasuryReconciles() {
    JsonNode network = treasury();
    assertThat(network.path("error").isNull()).as(network.toString()).isTrue();
    for (JsonNode position : network.path("wallets").get(0).path("positions")) {
      assertThat(position.path("mismatch").asBoolean()).as(position.toString()).isFalse();
    }
  }
}
