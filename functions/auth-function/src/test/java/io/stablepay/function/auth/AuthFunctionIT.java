package io.stablepay.function.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.json.JsonMapper;
import io.stablepay.devstack.DynamoDbLocal;
import io.stablepay.devstack.MiniStackServer;
import io.stablepay.devstack.PlatformTable;
import io.stablepay.function.LambdaInvocationContext;
import io.stablepay.schema.DynamoDbSchema;
import io.stablepay.schema.Functions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The deployed handler class ({@link AuthApiHandler}, built as Lambda builds it: no-argument
 * constructor, the auth function's own environment), configured only through the variables the
 * stack sets, against DynamoDB Local and the emulator's KMS, SES and Secrets Manager.
 */
class AuthFunctionIT {

  private static final List<String> SETTINGS =
      List.of(
          "STABLEPAY_TABLE",
          "STABLEPAY_JWT_KEY_ID",
          "STABLEPAY_API_KEY_MAC_KEY_ID",
          "STABLEPAY_ADMIN_EMAIL",
          "STABLEPAY_ADMIN_PASSWORD_SECRET",
          "stablepay.mail.from",
          "aws.region",
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.endpointUrl",
          "aws.endpointUrlDynamoDb");

  private static final String ADMIN_PASSWORD = "generated into secrets manager";

  private static DynamoDbLocal dynamoDb;
  private static MiniStackServer emulator;
  private static AuthApiHandler handler;
  private static JsonMapper json;

  @BeforeAll
  static void deploy() {
    dynamoDb = DynamoDbLocal.start();
    emulator = MiniStackServer.start(0);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    try (DynamoDbClient ddb =
            DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(dynamoDb.endpoint()))
                .build();
        KmsClient kms =
            KmsClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(emulator.endpoint()))
                .build();
        SesV2Client ses =
            SesV2Client.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(URI.create(emulator.endpoint()))
                .build()) {
      PlatformTable.create(ddb, DynamoDbSchema.TABLE_NAME);
      String keyId =
          kms.createKey(k -> k.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY))
              .keyMetadata()
              .keyId();
      String macKeyId =
          kms.createKey(k -> k.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC))
              .keyMetadata()
              .keyId();
      ses.createEmailIdentity(i -> i.emailIdentity("no-reply@example.com"));
      try (SecretsManagerClient secrets =
          SecretsManagerClient.builder()
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              .endpointOverride(URI.create(emulator.endpoint()))
              .build()) {
        System.setProperty(
            "STABLEPAY_ADMIN_PASSWORD_SECRET",
            secrets.createSecret(r -> r.name("admin").secretString(ADMIN_PASSWORD)).arn());
        System.setProperty("STABLEPAY_ADMIN_EMAIL", "root@example.com");
      }
      System.setProperty("STABLEPAY_API_KEY_MAC_KEY_ID", macKeyId);
      // the stack sets STABLEPAY_MAIL_FROM, which Micronaut maps to stablepay.mail.from
      Map.of(
              "STABLEPAY_TABLE",
              DynamoDbSchema.TABLE_NAME,
              "STABLEPAY_JWT_KEY_ID",
              keyId,
              "stablepay.mail.from",
              "no-reply@example.com",
              "aws.region",
              "us-east-1",
              "aws.accessKeyId",
              "test",
              "aws.secretAccessKey",
              "test",
              "aws.endpointUrl",
              emulator.endpoint(),
              "aws.endpointUrlDynamoDb",
              dynamoDb.endpoint())
          .forEach(System::setProperty);
    }
    handler = new AuthApiHandler();
    json = handler.getApplicationContext().getBean(JsonMapper.class);
  }

  @AfterAll
  static void tearDown() {
    if (handler != null) {
      handler.close();
    }
    SETTINGS.forEach(System::clearProperty);
    if (emulator != null) {
      emulator.close();
    }
    if (dynamoDb != null) {
      dynamoDb.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void registersAndSignsInThroughTheDeployedHandler() throws IOException {
    APIGatewayV2HTTPResponse registered = invoke("apigw-v2-auth-register.json");
    APIGatewayV2HTTPResponse loggedIn = invoke("apigw-v2-auth-login.json");

    assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(201);
    assertThat(json.readValue(registered.getBody(), Map.class))
        .containsEntry("email", "grace@example.com")
        .containsEntry("role", "USER");
    assertThat(loggedIn.getStatusCode()).as(loggedIn.getBody()).isEqualTo(200);
    assertThat((String) json.readValue(loggedIn.getBody(), Map.class).get("accessToken"))
        .matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theFirstAdministratorIsCreatedFromTheGeneratedSecret() throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    APIGatewayV2HTTPEvent login =
        json.readValue(
            Files.readAllBytes(root.resolve("events/apigw-v2-auth-login.json")),
            APIGatewayV2HTTPEvent.class);
    login.setBody("{\"email\":\"root@example.com\",\"password\":\"" + ADMIN_PASSWORD + "\"}");

    APIGatewayV2HTTPResponse response =
        handler.handleRequest(login, new LambdaInvocationContext(Functions.AUTH_API));

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
  }

  @Test
  void failedSignInsAreCountedPerSourceIpThatApiGatewaySawNotPerHostHeader() throws IOException {
    String email = "hedy-" + System.nanoTime() + "@example.com";
    APIGatewayV2HTTPEvent register = event("apigw-v2-auth-register.json");
    register.setBody(
        "{\"email\":\""
            + email
            + "\",\"password\":\"frequency hopping "
            + "spread\",\"firstName\":\"Hedy\",\"lastName\":\"Lamarr\"}");
    assertThat(
            handler
                .handleRequest(register, new LambdaInvocationContext(Functions.AUTH_API))
                .getStatusCode())
        .isEqualTo(201);

    for (int i = 0; i < 5; i++) {
      assertThat(logIn(email, "wrong password!", "203.0.113.5").getStatusCode()).isEqualTo(401);
    }

    assertThat(logIn(email, "frequency hopping spread", "203.0.113.5").getStatusCode())
        .isEqualTo(429);
    APIGatewayV2HTTPResponse elsewhere = logIn(email, "frequency hopping spread", "198.51.100.7");
    assertThat(elsewhere.getStatusCode()).as(elsewhere.getBody()).isEqualTo(200);
  }

  /** A login from {@code sourceIp}, every one with the same Host and X-Forwarded-For headers. */
  private static APIGatewayV2HTTPResponse logIn(String email, String password, String sourceIp)
      throws IOException {
    APIGatewayV2HTTPEvent login = event("apigw-v2-auth-login.json");
    login.setBody("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    login.getRequestContext().getHttp().setSourceIp(sourceIp);
    Map<String, String> headers = new java.util.HashMap<>(login.getHeaders());
    headers.put("host", "api.example.com");
    headers.put("x-forwarded-for", "192.0.2.1");
    login.setHeaders(headers);
    return handler.handleRequest(login, new LambdaInvocationContext(Functions.AUTH_API));
  }

  private static APIGatewayV2HTTPEvent event(String eventFile) throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    return json.readValue(
        Files.readAllBytes(root.resolve("events").resolve(eventFile)), APIGatewayV2HTTPEvent.class);
  }

  private static APIGatewayV2HTTPResponse invoke(String eventFile) throws IOException {
    Path root = Path.of(System.getProperty("stablepay.root", "../.."));
    byte[] event = Files.readAllBytes(root.resolve("events").resolve(eventFile));
    return handler.handleRequest(
        json.readValue(event, APIGatewayV2HTTPEvent.class),
        new LambdaInvocationContext(Functions.AUTH_API));
  }
}
