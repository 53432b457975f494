package io.stablepay.adapter.out.dynamodb;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.validation.constraints.NotBlank;

/** The table this deployment uses ({@code stablepay.dynamodb.table}, set by the CDK stack). */
@ConfigurationProperties("stablepay.dynamodb")
public class TableSettings {

  @NotBlank private String table = DynamoDbSchema.TABLE_NAME;

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }
}
