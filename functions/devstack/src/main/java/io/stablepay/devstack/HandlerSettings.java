package io.stablepay.devstack;

import io.stablepay.schema.DynamoDbSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a handler test gives a deployed function's handler class in place of its Lambda environment:
 * DynamoDB Local holding the platform's table, the settings every function's construct sets (the
 * table, the key ids, the network profile, a region and credentials) and the test's own, as
 * Micronaut reads them (a stack's {@code STABLEPAY_CHAINS_ETHEREUM_RPC_URL} is put here as {@code
 * stablepay.chains.ethereum.rpc-url}). Every AWS service but DynamoDB points at a closed loopback
 * port unless the test sets {@code aws.endpointUrl}, so a call the function should not make fails
 * fast. The settings are system properties only from {@link #build} to {@link #close}.
 */
public final class HandlerSettings implements AutoCloseable {

  private final DynamoDbLocal dynamoDb;
  private final Map<String, String> settings = new LinkedHashMap<>();

  private HandlerSettings(DynamoDbLocal dynamoDb) {
    this.dynamoDb = dynamoDb;
    settings.put("STABLEPAY_TABLE", DynamoDbSchema.TABLE_NAME);
    settings.put("STABLEPAY_JWT_KEY_ID", "not-used-by-this-function");
    settings.put("STABLEPAY_API_KEY_MAC_KEY_ID", "not-used-by-this-function");
    settings.put("STABLEPAY_NETWORK_PROFILE", "local");
    settings.put("aws.region", "us-east-1");
    settings.put("aws.accessKeyId", "test");
    settings.put("aws.secretAccessKey", "test");
    settings.put("aws.endpointUrlDynamoDb", dynamoDb.endpoint());
    settings.put("aws.endpointUrl", closedEndpoint());
  }

  /** Starts DynamoDB Local with the platform's table and the settings every function has. */
  public static HandlerSettings start() {
    DynamoDbLocal dynamoDb = DynamoDbLocal.start();
    try {
      dynamoDb.createPlatformTable(DynamoDbSchema.TABLE_NAME);
      return new HandlerSettings(dynamoDb);
    } catch (RuntimeException e) {
      dynamoDb.close();
      throw e;
    }
  }

  /** A loopback URL nothing listens on: a node or service the function must not reach. */
  public static String closedEndpoint() {
    return "http://127.0.0.1:" + FreePorts.find();
  }

  /** Sets {@code key} (replacing a default) for the handlers built after this. */
  public HandlerSettings put(String key, String value) {
    settings.put(key, value);
    return this;
  }

  /** Builds a handler as Lambda does (its no-argument constructor) with these settings. */
  public <T> T build(Supplier<T> handler) {
    settings.forEach(System::setProperty);
    return handler.get();
  }

  /**
   * Builds a handler with {@code changes} over these settings (a key mapped to null is unset for
   * it), then puts these settings back for the handlers built after it.
   */
  public <T> T buildWith(Map<String, String> changes, Supplier<T> handler) {
    settings.forEach(System::setProperty);
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    try {
      return handler.get();
    } finally {
      changes.keySet().forEach(System::clearProperty);
      settings.forEach(System::setProperty);
    }
  }

  public DynamoDbLocal dynamoDb() {
    return dynamoDb;
  }

  /** Clears the settings (and any a {@link #buildWith} changed) and stops DynamoDB Local. */
  @Override
  public void close() {
    settings.keySet().forEach(System::clearProperty);
    dynamoDb.close();
  }
}
