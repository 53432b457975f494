package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkRegistry;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.identity.Caller;
import io.stablepay.core.domain.identity.Email;
import io.stablepay.core.domain.identity.KycStatus;
import io.stablepay.core.domain.identity.Role;
import io.stablepay.core.domain.identity.User;
import io.stablepay.core.domain.merchant.Merchant;
import io.stablepay.core.domain.payment.PaymentRequest;
import io.stablepay.core.port.in.CreatePaymentCommand;
import io.stablepay.core.service.PaymentService;
import io.stablepay.schema.DynamoDbSchema;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The expiry sweep on DynamoDB Local through the payment use cases: a request whose time ran out
 * expires on the next sweep with its event, once, and a paid or cancelled one never does.
 */
class PaymentExpiryIT {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /** A clock the test moves. */
  private static final class Hands extends Clock {
    private Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static LocalTable table;
  private static PaymentService payments;
  private static DynamoDbMerchantStore merchants;
  private static DynamoDbUserStore users;
  private static final Hands CLOCK = new Hands();

  @BeforeAll
  static void start() {
    table = new LocalTable();
    TableSettings settings = new TableSettings();
    merchants = new DynamoDbMerchantStore(table.enhanced, settings);
    users = new DynamoDbUserStore(table.enhanced, settings);
    payments =
        new PaymentService(
            new DynamoDbPaymentStore(table.enhanced, settings),
            merchants,
            new DynamoDbLedgerStore(table.enhanced, table.client, settings),
            new NetworkRegistry("test", List.of()),
            List.of(),
            false,
            CLOCK);
  }

  @AfterAll
  static void stop() {
    table.close();
  }

  private static Caller merchant() {
    String id = UUID.randomUUID().toString();
    users.create(
        new User(
            id,
            new Email(id + "@example.com"),
            "A",
            "B",
            Role.USER,
            KycStatus.NOT_STARTED,
            true,
            T0),
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
            T0,
            T0));
    return new Caller(id, Role.MERCHANT);
  }

  private static PaymentRequest request(Caller merchant, long seconds) {
    return payments
        .create(
            merchant,
            new CreatePaymentCommand(
                "p-" + UUID.randomUUID(),
                new TokenAmount(Asset.USDC, BigInteger.TEN),
                null,
                Duration.ofSeconds(seconds),
                null,
                null,
                Map.of()))
        .request();
  }

  @Test
  void aRequestWhoseTimeRanOutExpiresOnTheNextSweepOnceWithItsEvent() {
    Caller merchant = merchant();
    PaymentRequest soon = request(merchant, 60);
    PaymentRequest later = request(merchant, 600);
    PaymentRequest cancelled = request(merchant, 60);
    payments.cancel(merchant, cancelled.id());

    CLOCK.now = T0.plusSeconds(59);
    assertThat(payments.expireDue()).isZero();
    CLOCK.now = T0.plusSeconds(61);
    assertThat(payments.expireDue()).isEqualTo(1);
    assertThat(payments.expireDue()).as("once").isZero();

    assertThat(payments.get(merchant, soon.id()).request().status())
        .isEqualTo(PaymentRequest.Status.EXPIRED);
    assertThat(payments.get(merchant, later.id()).request().status())
        .isEqualTo(PaymentRequest.Status.PENDING);
    assertThat(payments.get(merchant, cancelled.id()).request().status())
        .isEqualTo(PaymentRequest.Status.CANCELLED);
    List<String> types =
        table
            .client
            .query(
                q ->
                    q.tableName(DynamoDbSchema.TABLE_NAME)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(
                            Map.of(":pk", AttributeValue.fromS("OUTBOX#" + merchant.userId()))))
            .items()
            .stream()
            .map(item -> item.get("type").s())
            .toList();
    assertThat(types).containsOnlyOnce("payment.expired").containsOnlyOnce("payment.cancelled");
  }
}
