package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1PartitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.gsi1SortKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/** The items of a user account as stored ({@link DynamoDbUserStore}). */
final class UserItems {

  private UserItems() {}

  /**
   * A user's profile: {@code USER#<id> / PROFILE}, in gsi1 under {@code USERS / <createdAt>#<id>};
   * role and KYC status by name, {@code active} as a boolean, {@code createdAt} as ISO-8601 text.
   */
  record ProfileItem(
      String pk,
      String sk,
      String gsi1pk,
      String gsi1sk,
      String id,
      String email,
      String passwordHash,
      String firstName,
      String lastName,
      String role,
      String kycStatus,
      Boolean active,
      String createdAt) {

    static final TableSchema<ProfileItem> SCHEMA =
        StaticImmutableTableSchema.builder(ProfileItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(ProfileItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(ProfileItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, gsi1PartitionKey(ProfileItem::gsi1pk, (b, v) -> b.gsi1pk = v))
            .addAttribute(String.class, gsi1SortKey(ProfileItem::gsi1sk, (b, v) -> b.gsi1sk = v))
            .addAttribute(String.class, attribute("id", ProfileItem::id, (b, v) -> b.id = v))
            .addAttribute(
                String.class, attribute("email", ProfileItem::email, (b, v) -> b.email = v))
            .addAttribute(
                String.class,
                attribute("passwordHash", ProfileItem::passwordHash, (b, v) -> b.passwordHash = v))
            .addAttribute(
                String.class,
                attribute("firstName", ProfileItem::firstName, (b, v) -> b.firstName = v))
            .addAttribute(
                String.class,
                attribute("lastName", ProfileItem::lastName, (b, v) -> b.lastName = v))
            .addAttribute(String.class, attribute("role", ProfileItem::role, (b, v) -> b.role = v))
            .addAttribute(
                String.class,
                attribute("kycStatus", ProfileItem::kycStatus, (b, v) -> b.kycStatus = v))
            .addAttribute(
                Boolean.class, attribute("active", ProfileItem::active, (b, v) -> b.active = v))
            .addAttribute(
                String.class,
                attribute("createdAt", ProfileItem::createdAt, (b, v) -> b.createdAt = v))
            .build();

    /** A partial profile for an update: the key and the attributes that change, the rest null. */
    static ProfileItem only(String pk, String sk, String passwordHash, Boolean active) {
      return new ProfileItem(
          pk, sk, null, null, null, null, passwordHash, null, null, null, null, active, null);
    }

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String gsi1pk;
      private String gsi1sk;
      private String id;
      private String email;
      private String passwordHash;
      private String firstName;
      private String lastName;
      private String role;
      private String kycStatus;
      private Boolean active;
      private String createdAt;

      ProfileItem build() {
        return new ProfileItem(
            pk,
            sk,
            gsi1pk,
            gsi1sk,
            id,
            email,
            passwordHash,
            firstName,
            lastName,
            role,
            kycStatus,
            active,
            createdAt);
      }
    }
  }

  /** The claim that makes an email unique: {@code EMAIL#<email> / EMAIL}, naming the user. */
  record EmailClaimItem(String pk, String sk, String userId) {

    static final TableSchema<EmailClaimItem> SCHEMA =
        StaticImmutableTableSchema.builder(EmailClaimItem.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, partitionKey(EmailClaimItem::pk, (b, v) -> b.pk = v))
            .addAttribute(String.class, sortKey(EmailClaimItem::sk, (b, v) -> b.sk = v))
            .addAttribute(
                String.class, attribute("userId", EmailClaimItem::userId, (b, v) -> b.userId = v))
            .build();

    /** The item as it is read, attribute by attribute. */
    static final class Builder {
      private String pk;
      private String sk;
      private String userId;

      EmailClaimItem build() {
        return new EmailClaimItem(pk, sk, userId);
      }
    }
  }
}
