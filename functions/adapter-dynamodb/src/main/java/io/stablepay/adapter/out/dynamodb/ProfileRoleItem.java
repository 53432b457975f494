package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * The role of a user's profile item ({@code USER#<id> / PROFILE}), the one attribute of it that
 * making a merchant changes ({@link DynamoDbMerchantStore}); the profile's other attributes are not
 * in this schema, so a partial update leaves them as they are.
 */
record ProfileRoleItem(String pk, String sk, String role) {

  static final TableSchema<ProfileRoleItem> SCHEMA =
      StaticImmutableTableSchema.builder(ProfileRoleItem.class, Builder.class)
          .newItemBuilder(Builder::new, Builder::build)
          .addAttribute(String.class, partitionKey(ProfileRoleItem::pk, (b, v) -> b.pk = v))
          .addAttribute(String.class, sortKey(ProfileRoleItem::sk, (b, v) -> b.sk = v))
          .addAttribute(
              String.class, attribute("role", ProfileRoleItem::role, (b, v) -> b.role = v))
          .build();

  /** The item as it is read, attribute by attribute. */
  static final class Builder {
    private String pk;
    private String sk;
    private String role;

    ProfileRoleItem build() {
      return new ProfileRoleItem(pk, sk, role);
    }
  }
}
