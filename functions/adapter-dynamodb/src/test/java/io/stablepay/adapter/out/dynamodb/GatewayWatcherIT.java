package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.PayOption;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.port.in.CreatePaymentCommand;
import io.stablepay.core.port.in.Payments;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.core.port.in.WatchGatewayPayments.GatewayReport;
import io.stablepay.core.port.in.WatchGatewayPayments.PushReport;
import io.stablepay.core.port.out.ChainScanner;
import io.stablepay.core.port.out.PaymentInstructions;
import io.stablepay.core.service.GatewayPaymentBooks;
import io.stablepay.core.service.GatewayWatcher;
import io.stablepay.core.service.PaymentService;
import io.stablepay.devstack.AnvilNode;
import io.stablepay.devstack.LocalContracts;
import io.stablepay.devstack.TokenDeployer;
import io.stablepay.schema.DynamoDbSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The gateway watcher and chain-event pushes end to end on real components: the platform's
 * contracts on an anvil chain that mines a block per transaction and otherwise only when told (so
 * the test decides the confirmations; Ethereum's local depth is 2), the EVM scanner through web3j,
 * and the payment, merchant, ledger and outbox stores on DynamoDB Local. Payers send the calldata
 * the request's pay option gives them, from anvil's unlocked accounts.
 */
class GatewayWatcherIT {

  private static final BigInteger FIVE_USDT = BigInteger.valueOf(5_000_000);

  private static LocalTable table;
  private static AnvilNode anvil;
  private static ApplicationContext context;
  private static String usdt;
  private static String gateway;
  private static String payer;
  private static DynamoDbLedgerStore ledger;
  private static DynamoDbMerchantStore merchants;
  private static DynamoDbUserStore users;
  private static PaymentService payments;
  private static WatchGatewayPayments watcher;
  private static final List<String> ALERTS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    table = new LocalTable();
    anvil = AnvilNode.startWithoutIntervalMining(31337);
    Map<String, String> tokens = TokenDeployer.deployStablecoins(anvil.web3j());
    usdt = tokens.get("USDT");
    gateway =
        LocalContracts.deploy(anvil.web3j(), tokens.values(), List.of())
            .get(GatewayWatcher.GATEWAY);
    Map<String, Object> properties = new HashMap<>();
    properties.put("stablepay.networks.profile", "local");
    properties.put("stablepay.chains.ethereum.rpc-url", anvil.rpcUrl());
    tokens.forEach(
        (asset, address) ->
            properties.put("stablepay.chains.ethereum.tokens." + asset.toLowerCase(), address));
    properties.put("stablepay.chains.ethereum.contracts." + GatewayWatcher.GATEWAY, gateway);
    properties.put("stablepay.watcher.rpc-attempts", 2);
    properties.put("stablepay.watcher.rpc-backoff-millis", 10);
    context = ApplicationContext.run(properties);
    NetworkRegistry registry = context.getBean(NetworkRegistry.class);
    TableSettings settings = new TableSettings();
    ledger = new DynamoDbLedgerStore(table.enhanced, table.client, settings);
    merchants = new DynamoDbMerchantStore(table.enhanced, settings);
    users = new DynamoDbUserStore(table.enhanced, settings);
    DynamoDbPaymentStore requests = new DynamoDbPaymentStore(table.enhanced, settings);
    DynamoDbGatewayPaymentStore onchain = new DynamoDbGatewayPaymentStore(table.enhanced, settings);
    payments =
        new PaymentService(
            requests,
            merchants,
            ledger,
            registry,
            context.getBeansOfType(PaymentInstructions.class),
            false,
            Clock.systemUTC());
    watcher =
        new GatewayWatcher(
            registry,
            context.getBean(ChainScanner.class),
            onchain,
            new GatewayPaymentBooks(
                onchain,
                requests,
                merchants,
                ledger,
                (kind, detail) -> ALERTS.add(kind + " " + detail),
                Clock.systemUTC()),
            new GatewayWatcher.Settings(500, 1000));
    payer = LocalContracts.accounts(anvil.web3j()).get(9);
    TokenDeployer.mint(anvil.web3j(), usdt, payer, BigInteger.valueOf(1_000_000_000));
    send(
        usdt,
        FunctionEncoder.encode(
            new Function(
                "approve",
                List.of(new Address(gateway), new Uint256(BigInteger.TWO.pow(255))),
                List.of())));
  }

  @AfterAll
  static void stop() {
    context.close();
    anvil.close();
    table.close();
  }

  @Test
  void aPushAttributesAPaymentBeforeTheScanAndRepeatingItRecordsNothing() {
    Caller merchant = merchant();
    PaymentRequest request = request(merchant);
    TransactionReceipt paid = send(gateway, payCall(request.paymentRef(), FIVE_USDT));

    PushReport first = watcher.attribute("ethereum", List.of(paid.getTransactionHash()));
    assertThat(first).isEqualTo(new PushReport(NetworkId.ETHEREUM, 1, 0, 1, 1));
    assertThat(status(merchant, request)).isEqualTo(PaymentRequest.Status.CONFIRMING);
    // the same push again, with the hash in another case and twice: nothing new
    assertThat(
            watcher.attribute(
                "ETHEREUM",
                List.of(
                    paid.getTransactionHash().toUpperCase().replace("0X", "0x"),
                    paid.getTransactionHash())))
        .isEqualTo(new PushReport(NetworkId.ETHEREUM, 1, 0, 1, 0));
    // the scan reads the same log and records nothing either; one block short of the depth
    assertThat(ethereum(watcher.scanAll()).credited()).isZero();
    assertThat(merchantBalance(merchant)).isZero();

    anvil.mine(1);
    GatewayReport deep = ethereum(watcher.scanAll());
    assertThat(deep.credited()).isEqualTo(1);
    assertThat(status(merchant, request)).isEqualTo(PaymentRequest.Status.PAID);
    assertThat(merchantBalance(merchant)).isEqualTo(BigInteger.valueOf(4_875_000));
    // pushed after it was credited: still nothing new, and the merchant is not paid twice
    assertThat(watcher.attribute("ETHEREUM", List.of(paid.getTransactionHash())).recorded())
        .isZero();
    ethereum(watcher.scanAll());
    assertThat(merchantBalance(merchant)).isEqualTo(BigInteger.valueOf(4_875_000));
    assertThat(events(merchant))
        .containsExactly("payment.pending", "payment.confirming", "payment.paid");
  }

  @Test
  void aPushOfTransactionsWithoutGatewayPaymentsOrNotMinedRecordsNothing() {
    TransactionReceipt approval =
        send(
            usdt,
            FunctionEncoder.encode(
                new Function(
                    "approve",
                    List.of(new Address(gateway), new Uint256(BigInteger.TWO.pow(255))),
                    List.of())));
    String unknown = "0x" + "ab".repeat(32);

    PushReport report =
        watcher.attribute("ETHEREUM", List.of(approval.getTransactionHash(), unknown));

    assertThat(report).isEqualTo(new PushReport(NetworkId.ETHEREUM, 2, 1, 0, 0));
  }

  @Test
  void aPushIsRefusedWholeForABadHashTooManyHashesOrANetworkWithoutAWatchedGateway() {
    assertThatThrownBy(
            () -> watcher.attribute("ETHEREUM", List.of("0x" + "ab".repeat(32), "0x1234")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(
            () -> watcher.attribute("ETHEREUM", Collections.nCopies(101, "0x" + "ab".repeat(32))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("at most 100");
    assertThatThrownBy(() -> watcher.attribute("ETHEREUM", List.of()))
        .isInstanceOf(InvalidRequestException.class);
    // Polygon has no node here, Tron no gateway watcher
    assertThatThrownBy(() -> watcher.attribute("POLYGON", List.of("0x" + "ab".repeat(32))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("POLYGON");
  }

  @Test
  void aReorgBeforeTheDepthPutsTheRequestBackToPendingWithPaymentReverted() {
    Caller merchant = merchant();
    PaymentRequest request = request(merchant);
    ethereum(watcher.scanAll());
    String beforePayment = anvil.snapshot();
    TransactionReceipt paid = send(gateway, payCall(request.paymentRef(), FIVE_USDT));
    assertThat(watcher.attribute("ETHEREUM", List.of(paid.getTransactionHash())).recorded())
        .isEqualTo(1);
    assertThat(status(merchant, request)).isEqualTo(PaymentRequest.Status.CONFIRMING);

    anvil.revert(beforePayment);
    anvil.mine(3); // a longer chain without the payment
    GatewayReport afterReorg = ethereum(watcher.scanAll());

    assertThat(afterReorg.reverted()).isEqualTo(1);
    assertThat(afterReorg.credited()).isZero();
    assertThat(status(merchant, request)).isEqualTo(PaymentRequest.Status.PENDING);
    assertThat(merchantBalance(merchant)).isZero();
    assertThat(events(merchant))
        .containsExactly("payment.pending", "payment.confirming", "payment.reverted");
  }

  @Test
  void aPaymentNamingNoRequestIsCreditedToSuspenseWithAnAlert() {
    BigInteger suspenseBefore = ledger.balance(AccountId.suspense(Asset.USDT));
    String ref = "0x" + UUID.randomUUID().toString().replace("-", "").repeat(2);
    TransactionReceipt paid = send(gateway, payCall(ref, BigInteger.valueOf(1_250_000)));

    assertThat(watcher.attribute("ETHEREUM", List.of(paid.getTransactionHash())).recorded())
        .isEqualTo(1);
    assertThat(ALERTS)
        .anyMatch(
            a -> a.startsWith("gateway-unattributed") && a.contains(paid.getTransactionHash()));
    anvil.mine(1);
    ethereum(watcher.scanAll());

    assertThat(ledger.balance(AccountId.suspense(Asset.USDT)))
        .isEqualTo(suspenseBefore.add(BigInteger.valueOf(1_250_000)));
  }

  private static Caller merchant() {
    String id = UUID.randomUUID().toString();
    Instant now = Instant.now();
    users.create(
        new User(
            id,
            new Email(id + "@example.com"),
            "A",
            "B",
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            now),
        "hash");
    merchants.create(
        new Merchant(
            id,
            "Shop",
            "retail",
            null,
            null,
            null,
            null,
            250,
            KycStatus.PENDING,
            "sealed",
            null,
            null,
            0,
            now,
            now));
    return new Caller(id, Role.MERCHANT);
  }

  private static PaymentRequest request(Caller merchant) {
    Payments.View view =
        payments.create(
            merchant,
            new CreatePaymentCommand(
                "p-" + UUID.randomUUID(),
                new TokenAmount(Asset.USDT, FIVE_USDT),
                null,
                Duration.ofMinutes(15),
                null,
                null,
                Map.of()));
    PayOption.Onchain option =
        view.payOptions().stream()
            .filter(PayOption.Onchain.class::isInstance)
            .map(PayOption.Onchain.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(option.gatewayAddress()).isEqualToIgnoringCase(gateway);
    assertThat(option.payCalldata()).isEqualTo(payCall(view.request().paymentRef(), FIVE_USDT));
    return view.request();
  }

  private static String payCall(String ref, BigInteger amount) {
    return FunctionEncoder.encode(
        new Function(
            "pay",
            List.of(
                new Bytes32(Numeric.hexStringToByteArray(ref)),
                new Address(usdt),
                new Uint256(amount)),
            List.of()));
  }

  private static PaymentRequest.Status status(Caller merchant, PaymentRequest request) {
    return payments.get(merchant, request.id()).request().status();
  }

  private static BigInteger merchantBalance(Caller merchant) {
    return ledger.balance(AccountId.user(merchant.userId(), Asset.USDT));
  }

  /** The merchant's outbox, in the order the events were written. */
  private static List<String> events(Caller merchant) {
    return table
        .client
        .query(
            q ->
                q.tableName(DynamoDbSchema.TABLE_NAME)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(
                        Map.of(":pk", AttributeValue.fromS("OUTBOX#" + merchant.userId()))))
        .items()
        .stream()
        .sorted(Comparator.comparing(item -> Instant.parse(item.get("occurredAt").s())))
        .map(item -> item.get("type").s())
        .toList();
  }

  private static GatewayReport ethereum(List<GatewayReport> reports) {
    GatewayReport report =
        reports.stream().filter(r -> r.network() == NetworkId.ETHEREUM).findFirst().orElseThrow();
    assertThat(report.error()).as("the Ethereum run's error").isNull();
    return report;
  }

  private static TransactionReceipt send(String to, String data) {
    try {
      String hash =
          anvil
              .web3j()
              .ethSendTransaction(
                  Transaction.createFunctionCallTransaction(
                      payer, null, null, BigInteger.valueOf(200_000), to, data))
              .send()
              .getTransactionHash();
      // mined at once, but the receipt may take a moment to be served on a busy machine
      TransactionReceipt receipt =
          Awaitility.await("receipt of " + hash)
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () -> anvil.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt(),
                  Optional::isPresent)
              .orElseThrow();
      assertThat(receipt.isStatusOK()).as("status of " + hash).isTrue();
      return receipt;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
