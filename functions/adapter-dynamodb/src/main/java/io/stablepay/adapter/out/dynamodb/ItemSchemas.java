package io.stablepay.adapter.out.dynamodb;

import io.stablepay.schema.DynamoDbSchema;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.mapper.ImmutableAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;

/**
 * The attribute declarations of the item schemas (see the package documentation): the table's keys
 * with their tags and plain attributes, each with its stored name, getter and setter, for {@code
 * StaticImmutableTableSchema.Builder.addAttribute(type, declaration)}.
 */
final class ItemSchemas {

  private ItemSchemas() {}

  /** {@code pk}, the table's partition key. */
  static <T, B> Consumer<ImmutableAttribute.Builder<T, B, String>> partitionKey(
      Function<T, String> get, BiConsumer<B, String> set) {
    return a ->
        a.name(DynamoDbSchema.PARTITION_KEY)
            .getter(get)
            .setter(set)
            .tags(StaticAttributeTags.primaryPartitionKey());
  }

  /** {@code sk}, the table's sort key. */
  static <T, B> Consumer<ImmutableAttribute.Builder<T, B, String>> sortKey(
      Function<T, String> get, BiConsumer<B, String> set) {
    return a ->
        a.name(DynamoDbSchema.SORT_KEY)
            .getter(get)
            .setter(set)
            .tags(StaticAttributeTags.primarySortKey());
  }

  /** {@code gsi1pk}, the partition key of index {@code gsi1}. */
  static <T, B> Consumer<ImmutableAttribute.Builder<T, B, String>> gsi1PartitionKey(
      Function<T, String> get, BiConsumer<B, String> set) {
    return a ->
        a.name(DynamoDbSchema.GSI1_PARTITION_KEY)
            .getter(get)
            .setter(set)
            .tags(StaticAttributeTags.secondaryPartitionKey(DynamoDbSchema.GSI1));
  }

  /** {@code gsi1sk}, the sort key of index {@code gsi1}. */
  static <T, B> Consumer<ImmutableAttribute.Builder<T, B, String>> gsi1SortKey(
      Function<T, String> get, BiConsumer<B, String> set) {
    return a ->
        a.name(DynamoDbSchema.GSI1_SORT_KEY)
            .getter(get)
            .setter(set)
            .tags(StaticAttributeTags.secondarySortKey(DynamoDbSchema.GSI1));
  }

  /**
   * A plain attribute under its stored {@code name}, converted by the SDK's default converter for
   * its type: {@code String} as S, {@code Long} and {@code Integer} as N, {@code Boolean} as BOOL,
   * {@code Map<String, String>} as M of S.
   */
  static <T, B, R> Consumer<ImmutableAttribute.Builder<T, B, R>> attribute(
      String name, Function<T, R> get, BiConsumer<B, R> set) {
    return a -> a.name(name).getter(get).setter(set);
  }
}
