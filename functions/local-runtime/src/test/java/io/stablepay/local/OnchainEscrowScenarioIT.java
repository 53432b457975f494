package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.treasury.TreasuryRole;
import io.stablepay.core.port.out.ChainRail;
import io.stablepay.core.port.out.EscrowContract;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.TreasuryKeys;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.schema.Functions;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/**
 * Black-box: escrows held on-chain in the local Ethereum chain's Escrow contract. The workflow (in
 * the emulator's Step Functions) has the task function approve and fund the contract from the
 * treasury, and, once decided, release or refund it from the gas tank (the arbiter); every step is
 * checked on the chain itself (the contract's record of the escrow, token balances) and in the
 * books, and a repeated decision moves nothing again.
 */
@ExtendWith(RunningPlatform.class)
class OnchainEscrowScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  private static final BigInteger FOUR_USDT = BigInteger.valueOf(4_000_000);
  private static ApiClient api;
  private static String admin;
  private static Network ethereum;
  private static Token usdt;
  private static ChainRail rail;
  private static EscrowContract contract;
  private static LedgerStore ledger;
  private static String treasury;
  private static String escrowContract;

  @BeforeAll
  static void platform() {
    api = ApiClient.platform();
    admin = RunningPlatform.get().adminBearer();
    // the chain, the treasury's keys and its rail as the wallet API sees them; the contract
    // and the books as the escrow workflow's task function sees them
    var wallet = RunningPlatform.get().context(Functions.WALLET_API);
    var tasks = RunningPlatform.get().context(Functions.ESCROW_DEADLINE);
    ethereum = wallet.getBean(NetworkRegistry.class).require(NetworkId.ETHEREUM);
    usdt = ethereum.token(io.stablepay.core.domain.Asset.USDT).orElseThrow();
    rail =
        wallet.getBeansOfType(ChainRail.class).stream()
            .filter(r -> r.family() == ChainFamily.EVM)
            .findFirst()
            .orElseThrow();
    contract = tasks.getBean(EscrowContract.class);
    ledger = tasks.getBean(LedgerStore.class);
    treasury =
        rail.addressOf(
            wallet
                .getBean(TreasuryKeys.class)
                .find(NetworkId.ETHEREUM, TreasuryRole.TREASURY)
                .orElseThrow()
                .publicKey());
    escrowContract = ethereum.contracts().get("escrow");
  }

  @Test
  void theTreasuryFundsTheContractAndTheReleasePaysTheBeneficiarysAddress() throws Exception {
    String[] depositor = user("10");
    String[] beneficiary = user("0");
    BigInteger contractBefore = tokens(escrowContract);
    BigInteger treasuryBefore = tokens(treasury);
    String key = "oe-" + UUID.randomUUID();
    HttpResponse<String> created = create(depositor, key, beneficiary, "4");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).path("id").asText();
    assertThat(json(created).path("status").asText()).isEqualTo("HELD");
    assertThat(json(created).path("onchain").path("network").asText()).isEqualTo("ETHEREUM");
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("6");
    // the same key again is the same escrow: nothing is held or sent twice
    assertThat(json(create(depositor, key, beneficiary, "4")).path("id").asText()).isEqualTo(id);

    JsonNode locked = awaitEscrow(depositor, id, e -> phase(e).equals("LOCKED"));
    assertThat(locked.path("onchain").path("depositor").asText()).isEqualTo(treasury);
    assertThat(locked.path("onchain").path("beneficiary").asText())
        .isEqualToIgnoringCase(beneficiary[1]);
    assertThat(purposes(locked)).endsWith("create");
    OnchainDeal deal = contract.deal(ethereum, escrowContract, id);
    assertThat(deal.status()).isEqualTo(OnchainDeal.Status.PENDING);
    assertThat(deal.amount()).isEqualTo(FOUR_USDT);
    assertThat(deal.depositor()).isEqualTo(treasury);
    assertThat(deal.beneficiary()).isEqualToIgnoringCase(beneficiary[1]);
    assertThat(tokens(escrowContract).subtract(contractBefore)).isEqualTo(FOUR_USDT);
    assertThat(treasuryBefore.subtract(tokens(treasury))).isEqualTo(FOUR_USDT);
    assertThat(ledger.posted("escrow-" + id + "-fund")).isTrue();

    HttpResponse<String> released =
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]);
    assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
    // decided, but the money moves on-chain first
    assertThat(json(released).path("status").asText()).isIn("SETTLING", "RELEASED");
    assertThat(
            json(api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]))
                .path("outcome")
                .path("decision")
                .asText())
        .isEqualTo("RELEASE");
    LocalRuntimeIT.assertProblem(
        api.post("/api/escrow/" + id + "/refund", "", "Authorization", beneficiary[0]),
        409,
        "conflict");

    JsonNode ended = awaitEscrow(depositor, id, e -> e.path("status").asText().equals("RELEASED"));
    assertThat(phase(ended)).isEqualTo("SETTLED");
    assertThat(purposes(ended))
        .containsExactly(
            purposes(locked).get(0).equals("approve")
                ? new String[] {"approve", "create", "release"}
                : new String[] {"create", "release"});
    assertThat(contract.deal(ethereum, escrowContract, id).status())
        .isEqualTo(OnchainDeal.Status.RELEASED);
    assertThat(tokens(beneficiary[1])).isEqualTo(FOUR_USDT);
    assertThat(tokens(escrowContract)).isEqualTo(contractBefore);
    // the deposit watcher credits the beneficiary from the address, as any deposit
    api.awaitUsdt(beneficiary[0], "4");
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("6");
    assertThat(ledger.balance(AccountId.escrow(id, io.stablepay.core.domain.Asset.USDT))).isZero();
    // released once: a release again changes nothing
    assertThat(
            json(api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]))
                .path("status")
                .asText())
        .isEqualTo("RELEASED");
    assertThat(tokens(beneficiary[1])).isEqualTo(FOUR_USDT);
    api.awaitUsdt(beneficiary[0], "4");
  }

  @Test
  void theDeadlineReleasesALockedEscrowOnChain() throws Exception {
    String[] depositor = user("3");
    String[] beneficiary = user("0");
    // a day, scaled to seconds by the emulator's wait scale
    String releaseAfter = Instant.now().plus(Duration.ofDays(1)).toString();
    HttpResponse<String> created =
        api.post(
            "/api/escrow",
            Map.of(
                "beneficiary",
                beneficiary[3],
                "currency",
                "USDT",
                "amount",
                "3",
                "network",
                "ethereum",
                "releaseAfter",
                releaseAfter),
            "Authorization",
            depositor[0],
            "Idempotency-Key",
            "oe-" + UUID.randomUUID());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = json(created).path("id").asText();

    JsonNode ended = awaitEscrow(depositor, id, e -> e.path("status").asText().equals("RELEASED"));
    assertThat(ended.path("outcome").path("decidedBy").asText()).isEqualTo("deadline");
    assertThat(purposes(ended)).last().isEqualTo("release");
    assertThat(contract.deal(ethereum, escrowContract, id).status())
        .isEqualTo(OnchainDeal.Status.RELEASED);
    assertThat(tokens(beneficiary[1])).isEqualTo(BigInteger.valueOf(3_000_000));
    api.awaitUsdt(beneficiary[0], "3");
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("0");
  }

  @Test
  void aDisputedEscrowSplitByAnAdministratorIsRefundedOnChainAndSplitInTheLedger()
      throws Exception {
    String[] depositor = user("10");
    String[] beneficiary = user("0");
    BigInteger treasuryBefore = tokens(treasury);
    BigInteger contractBefore = tokens(escrowContract);
    String id =
        json(create(depositor, "oe-" + UUID.randomUUID(), beneficiary, "4")).path("id").asText();
    awaitEscrow(depositor, id, e -> phase(e).equals("LOCKED"));
    HttpResponse<String> disputed =
        api.post(
            "/api/escrow/" + id + "/dispute",
            Map.of("reason", "only half was delivered"),
            "Authorization",
            beneficiary[0]);
    assertThat(disputed.statusCode()).as(disputed.body()).isEqualTo(200);

    HttpResponse<String> resolved =
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "SPLIT", "toBeneficiary", "1.5", "reason", "half delivered"),
            "Authorization",
            admin);
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    JsonNode ended = awaitEscrow(depositor, id, e -> e.path("status").asText().equals("SPLIT"));
    assertThat(purposes(ended)).last().isEqualTo("refund");
    assertThat(contract.deal(ethereum, escrowContract, id).status())
        .isEqualTo(OnchainDeal.Status.REFUNDED);
    // the tokens went back to the treasury; the ledger pays the parties their parts
    assertThat(tokens(treasury)).isEqualTo(treasuryBefore);
    assertThat(tokens(escrowContract)).isEqualTo(contractBefore);
    assertThat(tokens(beneficiary[1])).isZero();
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("8.5");
    assertThat(api.usdt(beneficiary[0])).isEqualByComparingTo("1.5");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow/" + id + "/resolve",
            Map.of("decision", "RELEASE", "reason", "changed my mind"),
            "Authorization",
            admin),
        409,
        "conflict");
    assertThat(api.usdt(beneficiary[0])).isEqualByComparingTo("1.5");
  }

  @Test
  void aFundingTransactionLostFromThePoolIsSentAgainFromTheStoredBytes() throws Exception {
    AnvilNode node = ethereumNode();
    String[] depositor = user("3");
    String[] beneficiary = user("0");
    node.stopMining();
    String id;
    String lost;
    try {
      id = json(create(depositor, "oe-" + UUID.randomUUID(), beneficiary, "3")).path("id").asText();
      JsonNode sent = awaitEscrow(depositor, id, e -> !calls(e).isEmpty());
      lost = calls(sent).getLast().path("hash").asText();
      node.dropTransaction(lost);
      // the workflow finds it unknown to the node and broadcasts the same bytes again
      Awaitility.await("sent again")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> node.web3j().ethGetTransactionByHash(lost).send().getTransaction().isPresent());
    } finally {
      node.mineEvery(1);
    }
    JsonNode locked = awaitEscrow(depositor, id, e -> phase(e).equals("LOCKED"));
    assertThat(calls(locked)).anyMatch(c -> c.path("hash").asText().equals(lost));
    assertThat(contract.deal(ethereum, escrowContract, id).amount())
        .isEqualTo(BigInteger.valueOf(3_000_000));
    releaseAndAwaitDeposit(depositor, id, beneficiary, "3");
  }

  @Test
  void aStuckFundingTransactionIsReplacedWithHigherFeesAndOnlyOneVersionIsMined() throws Exception {
    AnvilNode node = ethereumNode();
    String[] depositor = user("2");
    String[] beneficiary = user("0");
    node.stopMining();
    String id;
    JsonNode replaced;
    try {
      id = json(create(depositor, "oe-" + UUID.randomUUID(), beneficiary, "2")).path("id").asText();
      // not mined after the replacement delay: signed again, same nonce, higher fees
      replaced =
          awaitEscrow(
              depositor,
              id,
              e -> !calls(e).isEmpty() && calls(e).getLast().path("versions").asInt() >= 2);
    } finally {
      node.mineEvery(1);
    }
    JsonNode locked = awaitEscrow(depositor, id, e -> phase(e).equals("LOCKED"));
    JsonNode call = calls(replaced).getLast();
    JsonNode same =
        calls(locked).stream()
            .filter(
                c ->
                    c.path("nonce").asLong() == call.path("nonce").asLong()
                        && c.path("purpose").asText().equals(call.path("purpose").asText()))
            .findFirst()
            .orElseThrow();
    String mined = same.path("hash").asText();
    assertThat(node.web3j().ethGetTransactionReceipt(mined).send().getTransactionReceipt())
        .hasValueSatisfying(r -> assertThat(r.isStatusOK()).isTrue());
    assertThat(same.path("versions").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(contract.deal(ethereum, escrowContract, id).amount())
        .isEqualTo(BigInteger.valueOf(2_000_000));
    releaseAndAwaitDeposit(depositor, id, beneficiary, "2");
  }

  @Test
  void aFundingThatRevertsLeavesTheEscrowHeldInTheLedgerAndItStillEndsOnce() throws Exception {
    AnvilNode node = ethereumNode();
    String[] depositor = user("5");
    String[] beneficiary = user("0");
    BigInteger treasuryBefore = tokens(treasury);
    String slot = TokenStorage.balanceSlot(treasury);
    String saved =
        node.web3j()
            .ethGetStorageAt(
                usdt.address(), Numeric.toBigInt(slot), DefaultBlockParameterName.LATEST)
            .send()
            .getData();
    assertThat(Numeric.toBigInt(saved)).isEqualTo(treasuryBefore);
    node.stopMining();
    String id;
    try {
      id = json(create(depositor, "oe-" + UUID.randomUUID(), beneficiary, "5")).path("id").asText();
      // mine the approval, if one is needed, until the createEscrow call is sent
      Awaitility.await("createEscrow sent")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                if (!purposes(escrow(depositor, id)).contains("create")) {
                  node.mine(1);
                  return false;
                }
                return true;
              });
      // the treasury has nothing when the call is mined: it reverts
      node.setStorageAt(usdt.address(), slot, TokenStorage.word(BigInteger.ZERO));
      node.mine(1);
    } finally {
      node.setStorageAt(usdt.address(), slot, saved);
      node.mineEvery(1);
    }
    JsonNode failed = awaitEscrow(depositor, id, e -> phase(e).equals("FAILED"));
    assertThat(failed.path("onchain").path("failure").asText()).contains("reverted");
    assertThat(failed.path("status").asText()).isEqualTo("HELD");
    assertThat(contract.deal(ethereum, escrowContract, id).status())
        .isEqualTo(OnchainDeal.Status.NONE);
    assertThat(tokens(treasury)).isEqualTo(treasuryBefore);
    assertThat(ledger.posted("escrow-" + id + "-fund")).isFalse();
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("0");

    // held in the ledger now: the release pays at once, once
    HttpResponse<String> released =
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]);
    assertThat(json(released).path("status").asText()).as(released.body()).isEqualTo("RELEASED");
    assertThat(api.usdt(beneficiary[0])).isEqualByComparingTo("5");
    assertThat(
            json(api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]))
                .path("status")
                .asText())
        .isEqualTo("RELEASED");
    assertThat(api.usdt(beneficiary[0])).isEqualByComparingTo("5");
    assertThat(tokens(beneficiary[1])).isZero();
    assertThat(
            json(api.get("/api/escrow/" + id + "/history", "Authorization", depositor[0]))
                .findValuesAsText("action"))
        .contains("escrow.onchain-failed");
  }

  @Test
  void anEscrowIsHeldOnChainOnlyWhereItCanBe() throws Exception {
    String[] depositor = user("2");
    String[] noWallet = user("0");
    ApiClient.Account plain = api.signUp("oe-" + UUID.randomUUID() + "@example.com", PASSWORD);
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow",
            Map.of(
                "beneficiary",
                plain.email(),
                "currency",
                "USDT",
                "amount",
                "1",
                "network",
                "ethereum"),
            "Authorization",
            depositor[0],
            "Idempotency-Key",
            "oe-" + UUID.randomUUID()),
        422,
        "invalid-value");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/escrow",
            Map.of(
                "beneficiary",
                noWallet[3],
                "currency",
                "USDT",
                "amount",
                "1",
                "network",
                "atlantis"),
            "Authorization",
            depositor[0],
            "Idempotency-Key",
            "oe-" + UUID.randomUUID()),
        400,
        "unknown-network");
    // nothing was held by the refusals
    assertThat(api.usdt(depositor[0])).isEqualByComparingTo("2");
  }

  private static String[] user(String usdt) {
    String email = "oe-" + UUID.randomUUID() + "@example.com";
    String[] funded = usdt.equals("0") ? walletOnly(email) : api.funded(email, PASSWORD, usdt);
    return new String[] {funded[0], funded[1], funded[2], email};
  }

  /** A user with a wallet (so an address on every EVM network) and no money. */
  private static String[] walletOnly(String email) {
    ApiClient.Account account = api.signUp(email, PASSWORD);
    String address =
        json(api.post("/api/wallet/create", "", "Authorization", account.bearer()))
            .path("evmAddress")
            .asText();
    return new String[] {account.bearer(), address, account.id()};
  }

  private static HttpResponse<String> create(
      String[] depositor, String key, String[] beneficiary, String amount) {
    return api.post(
        "/api/escrow",
        Map.of(
            "beneficiary",
            beneficiary[3],
            "currency",
            "USDT",
            "amount",
            amount,
            "network",
            "ethereum"),
        "Authorization",
        depositor[0],
        "Idempotency-Key",
        key);
  }

  private static JsonNode awaitEscrow(String[] user, String id, Predicate<JsonNode> condition) {
    JsonNode[] seen = new JsonNode[1];
    Awaitility.await("escrow " + id)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              seen[0] = escrow(user, id);
              return condition.test(seen[0]);
            });
    return seen[0];
  }

  /** The depositor releases; the release is confirmed and credited to the beneficiary. */
  private static void releaseAndAwaitDeposit(
      String[] depositor, String id, String[] beneficiary, String amount) {
    HttpResponse<String> released =
        api.post("/api/escrow/" + id + "/release", "", "Authorization", depositor[0]);
    assertThat(json(released).path("outcome").path("decision").asText())
        .as(released.body())
        .isEqualTo("RELEASE");
    awaitEscrow(depositor, id, e -> e.path("status").asText().equals("RELEASED"));
    api.awaitUsdt(beneficiary[0], amount);
  }

  private static JsonNode escrow(String[] user, String id) {
    return json(api.get("/api/escrow/" + id, "Authorization", user[0]));
  }

  private static AnvilNode ethereumNode() {
    return RunningPlatform.get().stack.chain("ETHEREUM").node();
  }

  private static String phase(JsonNode escrow) {
    return escrow.path("onchain").path("phase").asText();
  }

  private static List<JsonNode> calls(JsonNode escrow) {
    List<JsonNode> calls = new ArrayList<>();
    escrow.path("onchain").path("transactions").forEach(calls::add);
    return calls;
  }

  private static List<String> purposes(JsonNode escrow) {
    return calls(escrow).stream().map(c -> c.path("purpose").asText()).toList();
  }

  private static BigInteger tokens(String owner) {
    return rail.tokenBalance(ethereum, usdt, owner);
  }
}
