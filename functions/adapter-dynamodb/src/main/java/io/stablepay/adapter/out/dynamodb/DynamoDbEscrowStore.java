package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Escrows:
 *
 * <ul>
 *   <li>{@code ESCROW#<id> / ESCROW}: the escrow, versioned (amounts in base units; the dispute and
 *       the outcome flattened into it, absent until there is one; an on-chain escrow's side in a
 *       map {@code onchain}, with every call and each signed version's raw bytes, stored before
 *       they are sent); in {@code gsi1} under {@code ESCROW_OPEN} by {@code <createdAt>#<id>} while
 *       FUNDING, HELD or SETTLING, under {@code ESCROW_DISPUTED} by {@code <dispute.at>#<id>} while
 *       DISPUTED, and in neither once ended;
 *   <li>{@code ESCROWS#USER#<depositorId>} and {@code ESCROWS#USER#<beneficiaryId>} / {@code
 *       <createdAt>#<id>}: the two parties' lists, written with the escrow and never changed
 *       (removed with it if it is discarded).
 * </ul>
 */
@Singleton
final class DynamoDbEscrowStore implements EscrowStore {

  /** What a position in this store's lists looks like. */
  private static final Pattern CURSOR = Pattern.compile("[0-9T:.Z-]{20,40}#esc_[0-9a-f]{24}");

  static final String OPEN = "ESCROW_OPEN";
  static final String DISPUTED = "ESCROW_DISPUTED";
  private static final String USER = "ESCROWS#USER#";
  private static final String SORT = "ESCROW";

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final DynamoDbTable<PointerItem> pointers;

  DynamoDbEscrowStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("escrowId"));
  }

  @Override
  public boolean create(Escrow escrow) {
    String position = escrow.createdAt() + "#" + escrow.id();
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(item(escrow))
                        .conditionExpression(
                            "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
            .build());
    for (String list : lists(escrow)) {
      writes.add(
          TransactWriteItem.builder()
              .put(
                  p ->
                      p.tableName(table)
                          .item(
                              Map.of(
                                  DynamoDbSchema.PARTITION_KEY,
                                  AttributeValue.fromS(list),
                                  DynamoDbSchema.SORT_KEY,
                                  AttributeValue.fromS(position),
                                  "escrowId",
                                  AttributeValue.fromS(escrow.id()))))
              .build());
    }
    return Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public Optional<Escrow> find(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(g -> g.tableName(table).key(Keys.of(key(id), SORT)).consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(escrow(item));
  }

  @Override
  public boolean update(Escrow next) {
    return Transactions.putOverVersion(dynamoDb, table, item(next), next.version());
  }

  @Override
  public void discard(Escrow escrow) {
    String position = escrow.createdAt() + "#" + escrow.id();
    List<TransactWriteItem> writes = new ArrayList<>();
    writes.add(
        TransactWriteItem.builder()
            .delete(
                d ->
                    d.tableName(table)
                        .key(Keys.of(key(escrow.id()), SORT))
                        .conditionExpression("#status = :funding AND #version = :version")
                        .expressionAttributeNames(
                            Map.of("#status", "status", "#version", "version"))
                        .expressionAttributeValues(
                            Map.of(
                                ":funding", AttributeValue.fromS(Escrow.Status.FUNDING.name()),
                                ":version",
                                    AttributeValue.fromN(Integer.toString(escrow.version())))))
            .build());
    for (String list : lists(escrow)) {
      writes.add(
          TransactWriteItem.builder()
              .delete(d -> d.tableName(table).key(Keys.of(list, position)))
              .build());
    }
    // refused: it moved on (or is gone), and stays as it is
    Transactions.unlessFirstRefused(dynamoDb, writes);
  }

  @Override
  public Page<Escrow> ofUser(String userId, PageRequest page) {
    return PointerLists.newestFirst(pointers, USER + userId, page, CURSOR, this::find);
  }

  @Override
  public Page<Escrow> disputed(PageRequest page) {
    Map<String, AttributeValue> start =
        page.cursor() == null
            ? null
            : Keys.gsi1Start(DISPUTED, position(page.cursor()), "ESCROW#", SORT);
    // no filter on the index: one query reads the page
    QueryResponse response =
        dynamoDb.query(
            q ->
                q.tableName(table)
                    .indexName(DynamoDbSchema.GSI1)
                    .keyConditionExpression("#gpk = :gpk")
                    .expressionAttributeNames(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":gpk", AttributeValue.fromS(DISPUTED)))
                    .exclusiveStartKey(start)
                    .limit(page.limit()));
    List<Escrow> found = response.items().stream().map(DynamoDbEscrowStore::escrow).toList();
    String next =
        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() && !found.isEmpty()
            ? Cursors.encode(response.lastEvaluatedKey().get(DynamoDbSchema.GSI1_SORT_KEY).s())
            : null;
    return new Page<>(found, next);
  }

  @Override
  public List<Escrow> open(int limit) {
    List<Escrow> open = new ArrayList<>();
    // the ones with money to move first (FUNDING, SETTLING), then those awaiting a decision
    for (String partition : List.of(OPEN, DISPUTED)) {
      if (open.size() >= limit) {
        break;
      }
      dynamoDb
          .queryPaginator(
              q ->
                  q.tableName(table)
                      .indexName(DynamoDbSchema.GSI1)
                      .keyConditionExpression("#gpk = :gpk")
                      .expressionAttributeNames(Map.of("#gpk", DynamoDbSchema.GSI1_PARTITION_KEY))
                      .expressionAttributeValues(Map.of(":gpk", AttributeValue.fromS(partition))))
          .items()
          .stream()
          .limit(limit - open.size())
          .map(DynamoDbEscrowStore::escrow)
          .forEach(open::add);
    }
    return open;
  }

  private static String key(String id) {
    return "ESCROW#" + id;
  }

  private static List<String> lists(Escrow escrow) {
    return List.of(USER + escrow.depositorId(), USER + escrow.beneficiaryId());
  }

  /** A cursor's position in a list: only one this API returned. */
  private static String position(String cursor) {
    return Cursors.decode(cursor, CURSOR);
  }

  private static Map<String, AttributeValue> item(Escrow e) {
    Map<String, AttributeValue> item = new HashMap<>(Keys.of(key(e.id()), SORT));
    item.put("id", AttributeValue.fromS(e.id()));
    item.put("depositorId", AttributeValue.fromS(e.depositorId()));
    item.put("beneficiaryId", AttributeValue.fromS(e.beneficiaryId()));
    item.put("asset", AttributeValue.fromS(e.asset().name()));
    item.put("amount", AttributeValue.fromN(e.amount().toString()));
    Attributes.put(item, "description", e.description());
    Attributes.put(item, "releaseAfter", e.releaseAfter());
    item.put("status", AttributeValue.fromS(e.status().name()));
    Escrow.Dispute dispute = e.dispute();
    if (dispute != null) {
      item.put("disputedBy", AttributeValue.fromS(dispute.by()));
      item.put("disputeReason", AttributeValue.fromS(dispute.reason()));
      item.put("disputedAt", AttributeValue.fromS(dispute.at().toString()));
    }
    Escrow.Outcome outcome = e.outcome();
    if (outcome != null) {
      item.put("decision", AttributeValue.fromS(outcome.decision().name()));
      item.put("toBeneficiary", AttributeValue.fromN(outcome.toBeneficiary().toString()));
      item.put("toDepositor", AttributeValue.fromN(outcome.toDepositor().toString()));
      item.put("decidedBy", AttributeValue.fromS(outcome.by()));
      Attributes.put(item, "decisionReason", outcome.reason());
      item.put("decidedAt", AttributeValue.fromS(outcome.decidedAt().toString()));
      Attributes.put(item, "endedAt", outcome.endedAt());
    }
    if (e.onchain() != null) {
      item.put("onchain", onchain(e.onchain()));
    }
    item.put("generation", AttributeValue.fromN(Integer.toString(e.generation())));
    Attributes.put(item, "taskToken", e.taskToken());
    item.put("version", AttributeValue.fromN(Integer.toString(e.version())));
    item.put("createdAt", AttributeValue.fromS(e.createdAt().toString()));
    item.put("updatedAt", AttributeValue.fromS(e.updatedAt().toString()));
    if (e.status() == Escrow.Status.DISPUTED) {
      Instant at = dispute == null ? e.updatedAt() : dispute.at();
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(DISPUTED));
      item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(at + "#" + e.id()));
    } else if (!e.status().ended()) {
      item.put(DynamoDbSchema.GSI1_PARTITION_KEY, AttributeValue.fromS(OPEN));
      item.put(DynamoDbSchema.GSI1_SORT_KEY, AttributeValue.fromS(e.createdAt() + "#" + e.id()));
    }
    return item;
  }

  private static Escrow escrow(Map<String, AttributeValue> item) {
    Escrow.Dispute dispute =
        item.containsKey("disputedAt")
            ? new Escrow.Dispute(
                item.get("disputedBy").s(),
                item.get("disputeReason").s(),
                Instant.parse(item.get("disputedAt").s()))
            : null;
    Escrow.Outcome outcome =
        item.containsKey("decision")
            ? new Escrow.Outcome(
                Escrow.Decision.valueOf(item.get("decision").s()),
                new BigInteger(item.get("toBeneficiary").n()),
                new BigInteger(item.get("toDepositor").n()),
                item.get("decidedBy").s(),
                Attributes.text(item, "decisionReason"),
                Instant.parse(item.get("decidedAt").s()),
                Attributes.instant(item, "endedAt"))
            : null;
    return new Escrow(
        item.get("id").s(),
        item.get("depositorId").s(),
        item.get("beneficiaryId").s(),
        Asset.valueOf(item.get("asset").s()),
        new BigInteger(item.get("amount").n()),
        Attributes.text(item, "description"),
        Attributes.instant(item, "releaseAfter"),
        Escrow.Status.valueOf(item.get("status").s()),
        dispute,
        outcome,
        item.containsKey("onchain") ? onchain(item.get("onchain")) : null,
        Integer.parseInt(item.get("generation").n()),
        Attributes.text(item, "taskToken"),
        Integer.parseInt(item.get("version").n()),
        Instant.parse(item.get("createdAt").s()),
        Instant.parse(item.get("updatedAt").s()));
  }

  private static AttributeValue onchain(OnchainEscrow chain) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("network", AttributeValue.fromS(chain.network().name()));
    m.put("phase", AttributeValue.fromS(chain.phase().name()));
    Attributes.put(m, "contract", chain.contract());
    Attributes.put(m, "token", chain.token());
    Attributes.put(m, "beneficiary", chain.beneficiary());
    Attributes.put(m, "depositor", chain.depositor());
    Attributes.put(m, "arbiter", chain.arbiter());
    Attributes.put(m, "failure", chain.failure());
    m.put("calls", AttributeValue.fromL(chain.calls().stream().map(AttemptItems::of).toList()));
    return AttributeValue.fromM(m);
  }

  private static OnchainEscrow onchain(AttributeValue value) {
    Map<String, AttributeValue> m = value.m();
    return new OnchainEscrow(
        NetworkId.valueOf(m.get("network").s()),
        OnchainEscrow.Phase.valueOf(m.get("phase").s()),
        Attributes.text(m, "contract"),
        Attributes.text(m, "token"),
        Attributes.text(m, "beneficiary"),
        Attributes.text(m, "depositor"),
        Attributes.text(m, "arbiter"),
        m.get("calls").l().stream().map(AttemptItems::call).toList(),
        Attributes.text(m, "failure"));
  }
}
