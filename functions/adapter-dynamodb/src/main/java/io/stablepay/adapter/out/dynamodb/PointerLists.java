package io.stablepay.adapter.out.dynamodb;

import static io.stablepay.adapter.out.dynamodb.ItemSchemas.attribute;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.partitionKey;
import static io.stablepay.adapter.out.dynamodb.ItemSchemas.sortKey;

import io.stablepay.core.domain.PageRequest;
import io.stablepay.schema.DynamoDbSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lists kept as pointer items ({@code <list> / <createdAt>#<id>}, the id in an attribute) that are
 * written once with the thing they point to: a page is one query of the pointers, newest first,
 * then each thing read as it is now (one that is gone is left out).
 */
final class PointerLists {

  private PointerLists() {}

  /**
   * One pointer as stored: its list ({@code pk}), its position ({@code sk}) and the id of what it
   * points to, under the attribute name its list uses ({@link #schema}).
   */
  record PointerItem(String pk, String sk, String id) {}

  /** The pointers whose id is stored under {@code idAttribute} ({@code escrowId}, ...). */
  static TableSchema<PointerItem> schema(String idAttribute) {
    return StaticImmutableTableSchema.builder(PointerItem.class, PointerBuilder.class)
        .newItemBuilder(PointerBuilder::new, PointerBuilder::build)
        .addAttribute(String.class, partitionKey(PointerItem::pk, (b, v) -> b.pk = v))
        .addAttribute(String.class, sortKey(PointerItem::sk, (b, v) -> b.sk = v))
        .addAttribute(String.class, attribute(idAttribute, PointerItem::id, (b, v) -> b.id = v))
        .build();
  }

  /**
   * One page of the list {@code partition}.
   *
   * @param pointers the table of the list's pointers ({@link #schema})
   * @param position what a decoded cursor must look like (only positions this API returned)
   * @param find reads the thing by id
   */
  static <T> io.stablepay.core.domain.Page<T> newestFirst(
      DynamoDbTable<PointerItem> pointers,
      String partition,
      PageRequest page,
      Pattern position,
      Function<String, Optional<T>> find) {
    Map<String, AttributeValue> start =
        page.cursor() == null
            ? null
            : Map.of(
                DynamoDbSchema.PARTITION_KEY,
                AttributeValue.fromS(partition),
                DynamoDbSchema.SORT_KEY,
                AttributeValue.fromS(Cursors.decode(page.cursor(), position)));
    SdkIterable<Page<PointerItem>> pages =
        pointers.query(
            q ->
                q.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(partition)))
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(page.limit()));
    // one request: the first page is the page asked for
    Page<PointerItem> response = pages.iterator().next();
    List<T> found = new ArrayList<>();
    for (PointerItem pointer : response.items()) {
      find.apply(pointer.id()).ifPresent(found::add);
    }
    Map<String, AttributeValue> last = response.lastEvaluatedKey();
    String next =
        last != null && !last.isEmpty()
            ? Cursors.encode(last.get(DynamoDbSchema.SORT_KEY).s())
            : null;
    return new io.stablepay.core.domain.Page<>(found, next);
  }

  /** A pointer as it is read. */
  static final class PointerBuilder {
    private String pk;
    private String sk;
    private String id;

    PointerItem build() {
      return new PointerItem(pk, sk, id);
    }
  }
}
