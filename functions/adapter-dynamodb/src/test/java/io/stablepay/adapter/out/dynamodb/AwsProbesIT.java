package io.stablepay.adapter.out.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.stablepay.core.domain.ComponentHealth;
import io.stablepay.core.port.out.HealthProbe;
import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.PlatformTable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The code's own SDK clients and probes against real emulators: DynamoDB Local for DynamoDB,
 * MiniStack for KMS, SQS and Step Functions. Endpoints reach the clients only through the SDK's
 * standard settings, as in production.
 */
class AwsProbesIT {

  private static final String TABLE = "probes-it";

  private static DynamoDbLocal dynamoDb;
  private static MiniStackServer emulator;
  private static ApplicationContext context;

  @BeforeAll
  static void start() {
    dynamoDb = DynamoDbLocal.start();
    emulator = MiniStackServer.start(0);
    System.setProperty("aws.region", "us-east-1");
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    System.setProperty("aws.endpointUrl", emulator.endpoint());
    System.setProperty("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
    context = ApplicationContext.run(Map.of("stablepay.dynamodb.table", TABLE));
  }

  @AfterAll
  static void stop() {
    context.close();
    emulator.close();
    dynamoDb.close();
    for (String p :
        List.of(
            "aws.region",
            "aws.accessKeyId",
            "aws.secretAccessKey",
            "aws.endpointUrl",
            "aws.endpointUrlDynamoDb")) {
      System.clearProperty(p);
    }
  }

  @Test
  void everyServiceAnswersThroughTheCodesOwnClients() {
    createTable();

    List<ComponentHealth> report =
        context.getBeansOfType(HealthProbe.class).stream()
            .sorted(Comparator.comparing(HealthProbe::component))
            .map(HealthProbe::check)
            .toList();

    assertThat(report)
        .extracting(ComponentHealth::name)
        .containsExactly("dynamodb", "kms", "sqs", "stepfunctions");
    assertThat(report)
        .allSatisfy(h -> assertThat(h.up()).as(h.name() + ": " + h.reason()).isTrue());
  }

  @Test
  void aMissingTableIsDownWithItsName() {
    try (ApplicationContext other =
        ApplicationContext.run(Map.of("stablepay.dynamodb.table", "no-such-table"))) {
      ComponentHealth health =
          other.getBeansOfType(HealthProbe.class).stream()
              .filter(p -> p.component().equals("dynamodb"))
              .findFirst()
              .orElseThrow()
              .check();

      assertThat(health.up()).isFalse();
      assertThat(health.reason()).isEqualTo("table no-such-table does not exist");
    }
  }

  @Test
  void anUnreachableServiceIsDownNotAnException() {
    System.setProperty("aws.endpointUrlKms", "http://127.0.0.1:1");
    try (ApplicationContext other = ApplicationContext.run()) {
      ComponentHealth health =
          other.getBeansOfType(HealthProbe.class).stream()
              .filter(p -> p.component().equals("kms"))
              .findFirst()
              .orElseThrow()
              .check();

      assertThat(health.up()).isFalse();
      assertThat(health.reason()).isNotBlank();
    } finally {
      System.clearProperty("aws.endpointUrlKms");
    }
  }

  private static void createTable() {
    DynamoDbClient client = context.getBean(DynamoDbClient.class);
    if (client.listTables().tableNames().contains(TABLE)) {
      return;
    }
    PlatformTable.create(client, TABLE);
  }
}
