package io.stablepay.adapter.out.dynamodb;

import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.schema.DynamoDbSchema;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The opaque cursor of the user list: the position in {@code gsi1} (creation time and id),
 * base64url-encoded. Clients only hand it back; anything else is refused.
 */
final class UserCursor {

  private static final String PREFIX = "USER#";

  private UserCursor() {}

  static String encode(Map<String, AttributeValue> lastKey) {
    String position = lastKey.get(DynamoDbSchema.GSI1_SORT_KEY).s();
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(position.getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, AttributeValue> decode(String cursor) {
    String position;
    try {
      position = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    int separator = position.lastIndexOf('#');
    if (separator <= 0 || separator == position.length() - 1) {
      throw invalid();
    }
    String userId = position.substring(separator + 1);
    return Map.of(
        DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(DynamoDbUserStore.ALL_USERS),
        DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(position),
        DynamoDbSchema.PARTITION_KEY, AttributeValue.fromS(PREFIX + userId),
        DynamoDbSchema.SORT_KEY, AttributeValue.fromS("PROFILE"));
  }

  private static InvalidRequestException invalid() {
    return new InvalidRequestException("cursor is not one this API returned");
  }
}
