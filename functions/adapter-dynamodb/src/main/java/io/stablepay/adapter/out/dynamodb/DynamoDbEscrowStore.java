package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.AttemptItems.CallItem;
import io.stablepay.adapter.out.dynamodb.EscrowItem.OnchainItem;
import io.stablepay.adapter.out.dynamodb.PointerLists.PointerItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.Page;
import io.stablepay.core.domain.PageRequest;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.escrow.Escrow;
import io.stablepay.core.domain.escrow.OnchainEscrow;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Escrows:
 *
 * <ul>
 *   <li>{@code ESCROW#<id> / ESCROW} ({@link EscrowItem}): the escrow, versioned (amounts in base
 *       units; the dispute and the outcome flattened into it, absent until there is one; an
 *       on-chain escrow's side in a map {@code onchain}, with every call and each signed version's
 *       raw bytes, stored before they are sent); in {@code gsi1} under {@code ESCROW_OPEN} by
 *       {@code <createdAt>#<id>} while FUNDING, HELD or SETTLING, under {@code ESCROW_DISPUTED} by
 *       {@code <dispute.at>#<id>} while DISPUTED, and in neither once ended;
 *   <li>{@code ESCROWS#USER#<depositorId>} and {@code ESCROWS#USER#<beneficiaryId>} / {@code
 *       <createdAt>#<id>} ({@link PointerItem}): the two parties' lists, written with the escrow
 *       and never changed (removed with it if it is discarded).
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

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<EscrowItem> escrows;
  private final DynamoDbTable<PointerItem> pointers;

  DynamoDbEscrowStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.escrows = enhanced.table(settings.getTable(), EscrowItem.SCHEMA);
    this.pointers = enhanced.table(settings.getTable(), PointerLists.schema("escrowId"));
  }

  @Override
  public boolean create(Escrow escrow) {
    String position = escrow.createdAt() + "#" + escrow.id();
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                escrows,
                TransactPutItemEnhancedRequest.builder(EscrowItem.class)
                    .item(item(escrow))
                    .conditionExpression(Conditions.ITEM_ABSENT)
                    .build());
    for (String list : lists(escrow)) {
      writes.addPutItem(pointers, new PointerItem(list, position, escrow.id()));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  @Override
  public Optional<Escrow> find(String id) {
    EscrowItem item = escrows.getItem(g -> g.key(key(id)).consistentRead(true));
    return item == null ? Optional.empty() : Optional.of(escrow(item));
  }

  @Override
  public boolean update(Escrow next) {
    return Transactions.putOverVersion(escrows, item(next), next.version());
  }

  @Override
  public void discard(Escrow escrow) {
    String position = escrow.createdAt() + "#" + escrow.id();
    Expression untouched =
        Expression.builder()
            .expression("#status = :funding")
            .putExpressionName("#status", "status")
            .putExpressionValue(":funding", AttributeValue.fromS(Escrow.Status.FUNDING.name()))
            .build()
            .and(Transactions.versionIs(escrow.version()));
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addDeleteItem(
                escrows,
                TransactDeleteItemEnhancedRequest.builder()
                    .key(key(escrow.id()))
                    .conditionExpression(untouched)
                    .build());
    for (String list : lists(escrow)) {
      writes.addDeleteItem(pointers, Keys.primary(list, position));
    }
    // refused: it moved on (or is gone), and stays as it is
    Transactions.unlessFirstRefused(enhanced, writes.build());
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
    // no filter on the index: one query (its first page) reads the page
    software.amazon.awssdk.enhanced.dynamodb.model.Page<EscrowItem> response =
        escrows
            .index(DynamoDbSchema.GSI1)
            .query(
                q ->
                    q.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(DISPUTED)))
                        .exclusiveStartKey(start)
                        .limit(page.limit()))
            .iterator()
            .next();
    List<Escrow> found = response.items().stream().map(DynamoDbEscrowStore::escrow).toList();
    Map<String, AttributeValue> last = response.lastEvaluatedKey();
    String next =
        last != null && !last.isEmpty() && !found.isEmpty()
            ? Cursors.encode(last.get(DynamoDbSchema.GSI1_SORT_KEY).s())
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
      escrows
          .index(DynamoDbSchema.GSI1)
          .query(
              q ->
                  q.queryConditional(QueryConditional.keyEqualTo(k -> k.partitionValue(partition))))
          .stream()
          .flatMap(page -> page.items().stream())
          .limit(limit - open.size())
          .map(DynamoDbEscrowStore::escrow)
          .forEach(open::add);
    }
    return open;
  }

  private static Key key(String id) {
    return Keys.primary("ESCROW#" + id, SORT);
  }

  private static List<String> lists(Escrow escrow) {
    return List.of(USER + escrow.depositorId(), USER + escrow.beneficiaryId());
  }

  /** A cursor's position in a list: only one this API returned. */
  private static String position(String cursor) {
    return Cursors.decode(cursor, CURSOR);
  }

  private static EscrowItem item(Escrow e) {
    String gsi1pk = null;
    String gsi1sk = null;
    Escrow.Dispute dispute = e.dispute();
    if (e.status() == Escrow.Status.DISPUTED) {
      Instant at = dispute == null ? e.updatedAt() : dispute.at();
      gsi1pk = DISPUTED;
      gsi1sk = at + "#" + e.id();
    } else if (!e.status().ended()) {
      gsi1pk = OPEN;
      gsi1sk = e.createdAt() + "#" + e.id();
    }
    Escrow.Outcome outcome = e.outcome();
    return new EscrowItem(
        "ESCROW#" + e.id(),
        SORT,
        gsi1pk,
        gsi1sk,
        e.id(),
        e.depositorId(),
        e.beneficiaryId(),
        e.asset().name(),
        e.amount().units(),
        e.description(),
        text(e.releaseAfter()),
        e.status().name(),
        dispute == null ? null : dispute.by(),
        dispute == null ? null : dispute.reason(),
        dispute == null ? null : dispute.at().toString(),
        outcome == null ? null : outcome.decision().name(),
        outcome == null ? null : outcome.toBeneficiary().units(),
        outcome == null ? null : outcome.toDepositor().units(),
        outcome == null ? null : outcome.by(),
        outcome == null ? null : outcome.reason(),
        outcome == null ? null : outcome.decidedAt().toString(),
        outcome == null ? null : text(outcome.endedAt()),
        e.onchain() == null ? null : onchain(e.onchain()),
        e.generation(),
        e.taskToken(),
        e.version(),
        e.createdAt().toString(),
        e.updatedAt().toString());
  }

  private static Escrow escrow(EscrowItem item) {
    Asset asset = Asset.valueOf(item.asset());
    Escrow.Dispute dispute =
        item.disputedAt() != null
            ? new Escrow.Dispute(
                item.disputedBy(), item.disputeReason(), Instant.parse(item.disputedAt()))
            : null;
    Escrow.Outcome outcome =
        item.decision() != null
            ? new Escrow.Outcome(
                Escrow.Decision.valueOf(item.decision()),
                amount(asset, item.toBeneficiary()),
                amount(asset, item.toDepositor()),
                item.decidedBy(),
                item.decisionReason(),
                Instant.parse(item.decidedAt()),
                instant(item.endedAt()))
            : null;
    return new Escrow(
        item.id(),
        item.depositorId(),
        item.beneficiaryId(),
        amount(asset, item.amount()),
        item.description(),
        instant(item.releaseAfter()),
        Escrow.Status.valueOf(item.status()),
        dispute,
        outcome,
        item.onchain() == null ? null : onchain(item.onchain()),
        item.generation(),
        item.taskToken(),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static OnchainItem onchain(OnchainEscrow chain) {
    return new OnchainItem(
        chain.network().name(),
        chain.phase().name(),
        chain.contract(),
        chain.token(),
        chain.beneficiary(),
        chain.depositor(),
        chain.arbiter(),
        chain.calls().stream().map(CallItem::of).toList(),
        chain.failure());
  }

  private static OnchainEscrow onchain(OnchainItem item) {
    return new OnchainEscrow(
        NetworkId.valueOf(item.network()),
        OnchainEscrow.Phase.valueOf(item.phase()),
        item.contract(),
        item.token(),
        item.beneficiary(),
        item.depositor(),
        item.arbiter(),
        item.calls().stream().map(CallItem::call).toList(),
        item.failure());
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  private static TokenAmount amount(Asset asset, BigInteger units) {
    return units == null ? null : new TokenAmount(asset, units);
  }
}
