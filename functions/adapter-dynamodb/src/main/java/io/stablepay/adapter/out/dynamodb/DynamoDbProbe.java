package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.aws.AwsProbe;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The platform's table exists and is ACTIVE. */
@Singleton
final class DynamoDbProbe extends AwsProbe {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DynamoDbProbe(DynamoDbClient dynamoDb, TableSettings settings) {
    super("dynamodb");
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
  }

  @Override
  protected String probe() {
    try {
      TableStatus status = dynamoDb.describeTable(r -> r.tableName(table)).table().tableStatus();
      return status == TableStatus.ACTIVE ? null : "table " + table + " is " + status;
    } catch (ResourceNotFoundException e) {
      return "table " + table + " does not exist";
    }
  }
}
