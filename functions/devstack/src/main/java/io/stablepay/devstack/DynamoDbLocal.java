package io.stablepay.devstack;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, AWS's own engine, in this JVM, in memory, on a loopback port: the data layer's
 * integration tests run against it (conditions, transactions and indexes behave as in DynamoDB).
 */
public final class DynamoDbLocal implements AutoCloseable {

  private final DynamoDBProxyServer server;
  private final int port;

  private DynamoDbLocal(DynamoDBProxyServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts an empty in-memory instance on a free port. */
  public static DynamoDbLocal start() {
    int port = FreePorts.find();
    try {
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
          "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
      server.start();
      return new DynamoDbLocal(server, port);
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("DynamoDB Local did not stop", e);
    }
  }
}
