package io.stablepay.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * MiniStack from the project's virtualenv: it answers on 127.0.0.1 only, starts with a clean
 * account every time (persistence off), and closing it leaves no process and no open port.
 */
class MiniStackServerIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answersOnLoopbackOnlyAndStopsWithEveryProcessItStarted() throws Exception {
    int port;
    try (MiniStackServer emulator = MiniStackServer.start(0)) {
      port = emulator.port();

      assertThat(emulator.endpoint()).isEqualTo("http://127.0.0.1:" + port);
      HttpResponse<String> health =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_ministack/health"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("dynamodb");
      assertThat(listeningAddresses(port)).containsOnly("0100007F");
      assertThat(miniStackProcesses()).isNotEmpty();
    }
    assertThat(FreePorts.listening(port)).isFalse();
    assertThat(miniStackProcesses()).isEmpty();
  }

  @Test
  void everyStartIsACleanAccount() {
    int port = FreePorts.find();
    try (MiniStackServer first = MiniStackServer.start(port);
        DynamoDbClient dynamoDb = dynamoDb(first)) {
      dynamoDb.createTable(
          table ->
              table
                  .tableName("left-behind")
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("pk")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("pk")
                          .keyType(KeyType.HASH)
                          .build()));
      assertThat(dynamoDb.listTables().tableNames()).containsExactly("left-behind");
    }
    try (MiniStackServer second = MiniStackServer.start(port);
        DynamoDbClient dynamoDb = dynamoDb(second)) {
      assertThat(dynamoDb.listTables().tableNames()).isEmpty();
    }
  }

  private static DynamoDbClient dynamoDb(MiniStackServer emulator) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create(emulator.endpoint()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Processes this JVM started, directly or not, that run MiniStack. */
  private static List<ProcessHandle> miniStackProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().orElse("").contains("ministack"))
        .toList();
  }

  /**
   * The addresses (hex, as the Linux kernel lists them, IPv4 and IPv6) with a listening TCP socket
   * on {@code port}: "0100007F" is 127.0.0.1, "00000000" or an all-zero IPv6 address would be every
   * interface.
   */
  private static List<String> listeningAddresses(int port) throws Exception {
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    List<String> sockets = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
    Path tcp6 = Path.of("/proc/net/tcp6");
    if (Files.exists(tcp6)) {
      sockets.addAll(Files.readAllLines(tcp6));
    }
    return sockets.stream()
        .filter(line -> !line.contains("local_address"))
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields[3].equals("0A") && fields[1].endsWith(":" + hexPort))
        .map(fields -> fields[1].substring(0, fields[1].indexOf(':')))
        .toList();
  }
}
