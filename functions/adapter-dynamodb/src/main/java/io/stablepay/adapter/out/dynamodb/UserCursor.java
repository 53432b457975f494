package io.stablepay.adapter.out.dynamodb;

import io.stablepay.schema.DynamoDbSchema;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The opaque cursor of the user list: the position in {@code gsi1} (creation time and id),
 * base64url-encoded. Clients only hand it back; anything else is refused.
 */
final class UserCursor {

  private static final String PREFIX = "USER#";
  private static final Pattern SHAPE = Pattern.compile("(?s).+#[^#]+");

  private UserCursor() {}

  static String encode(Map<String, AttributeValue> lastKey) {
    return Cursors.encode(lastKey.get(DynamoDbSchema.GSI1_SORT_KEY).s());
  }

  static Map<String, AttributeValue> decode(String cursor) {
    // a creation time, '#', and a non-empty user id after the last '#'
    String position = Cursors.decode(cursor, SHAPE);
    String userId = position.substring(position.lastIndexOf('#') + 1);
    return Map.of(
        DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(DynamoDbUserStore.ALL_USERS),
        DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(position),
        DynamoDbSchema.PARTITION_KEY, AttributeValue.fromS(PREFIX + userId),
        DynamoDbSchema.SORT_KEY, AttributeValue.fromS("PROFILE"));
  }
}
