package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.LedgerItems.BalanceItem;
import io.stablepay.adapter.out.dynamodb.LedgerItems.EntryItem;
import io.stablepay.adapter.out.dynamodb.LedgerItems.TransferItem;
import io.stablepay.core.domain.Backoff;
import io.stablepay.core.domain.IdempotencyMismatchException;
import io.stablepay.core.domain.ledger.AccountId;
import io.stablepay.core.domain.ledger.Allowance;
import io.stablepay.core.domain.ledger.InsufficientFundsException;
import io.stablepay.core.domain.ledger.Leg;
import io.stablepay.core.domain.ledger.LimitExceededException;
import io.stablepay.core.domain.ledger.Movement;
import io.stablepay.core.domain.ledger.Posting;
import io.stablepay.core.domain.ledger.Transfer;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.schema.DynamoDbSchema;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The ledger in the platform table ({@link LedgerItems}), one {@code TransactWriteItems} per
 * transfer:
 *
 * <ul>
 *   <li>{@code TRANSFER#<id> / TRANSFER}: the transfer and its fingerprint, put only if absent
 *       (this is what makes a second posting of the id a no-op);
 *   <li>{@code ACCOUNT#<name>#<asset> / ENTRY#<transferId>}: one entry per leg;
 *   <li>{@code ACCOUNT#<name>#<asset> / BALANCE}: the balance, added to atomically, under the
 *       condition {@code balance >= debit} for user accounts;
 *   <li>the statement lines the transfer creates ({@link MovementItems});
 *   <li>{@code LIMIT#<counter> / LIMIT}: each limit the transfer consumes, added to under the
 *       condition {@code used + amount <= limit} (expires after its period).
 * </ul>
 *
 * Either all of it commits or none of it. Transactions that collide with a concurrent one on the
 * same account are retried a few times with jittered backoff.
 */
@Singleton
final class DynamoDbLedgerStore implements LedgerStore {

  private static final int ATTEMPTS = 8;

  /** Before a posting that collided with another on the same account is tried again. */
  private static final Backoff CONTENTION =
      Backoff.exponential(Duration.ofMillis(20), 2, Duration.ofMillis(200)).withJitter();

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbClient dynamoDb;
  private final String table;
  private final DynamoDbTable<TransferItem> transfers;
  private final DynamoDbTable<EntryItem> ledgerEntries;
  private final DynamoDbTable<BalanceItem> balances;

  DynamoDbLedgerStore(
      DynamoDbEnhancedClient enhanced, DynamoDbClient dynamoDb, TableSettings settings) {
    this.enhanced = enhanced;
    this.dynamoDb = dynamoDb;
    this.table = settings.getTable();
    this.transfers = enhanced.table(settings.getTable(), TransferItem.SCHEMA);
    this.ledgerEntries = enhanced.table(settings.getTable(), EntryItem.SCHEMA);
    this.balances = enhanced.table(settings.getTable(), BalanceItem.SCHEMA);
  }

  @Override
  public Posting post(Transfer transfer, List<Movement> movements, List<Allowance> allowances) {
    // raw: balances and limits add with if_not_exists + arithmetic, no enhanced transaction can
    List<TransactWriteItem> items = new ArrayList<>();
    items.add(
        TransactWriteItem.builder()
            .put(
                p ->
                    p.tableName(table)
                        .item(TransferItem.SCHEMA.itemToMap(transferItem(transfer), true))
                        .conditionExpression(
                            "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
            .build());
    for (Leg leg : transfer.legs()) {
      items.add(
          TransactWriteItem.builder()
              .put(
                  p ->
                      p.tableName(table)
                          .item(EntryItem.SCHEMA.itemToMap(entryItem(transfer, leg), true))
                          .conditionExpression(
                              "attribute_not_exists(" + DynamoDbSchema.PARTITION_KEY + ")"))
              .build());
      items.add(
          TransactWriteItem.builder()
              .update(
                  u -> {
                    u.tableName(table)
                        .key(Keys.of(account(leg.account()), "BALANCE"))
                        .updateExpression("SET balance = if_not_exists(balance, :zero) + :delta")
                        .expressionAttributeValues(values(leg));
                    if (leg.amount().signum() < 0 && !leg.account().mayGoNegative()) {
                      u.conditionExpression("balance >= :need");
                    }
                  })
              .build());
    }
    int firstLimit = items.size() + movements.size();
    for (Movement movement : movements) {
      items.add(
          TransactWriteItem.builder()
              .put(p -> p.tableName(table).item(MovementItems.item(movement)))
              .build());
    }
    for (Allowance allowance : allowances) {
      items.add(
          TransactWriteItem.builder()
              .update(
                  u ->
                      u.tableName(table)
                          .key(Keys.of("LIMIT#" + allowance.counter(), "LIMIT"))
                          .updateExpression(
                              "SET used = if_not_exists(used, :zero) + :amount, #ttl = :expires")
                          .conditionExpression("attribute_not_exists(used) OR used <= :room")
                          .expressionAttributeNames(Map.of("#ttl", DynamoDbSchema.TTL_ATTRIBUTE))
                          .expressionAttributeValues(
                              Map.of(
                                  ":zero",
                                  AttributeValue.fromN("0"),
                                  ":amount",
                                  AttributeValue.fromN(allowance.amount().toString()),
                                  ":room",
                                  AttributeValue.fromN(
                                      allowance.limit().subtract(allowance.amount()).toString()),
                                  ":expires",
                                  AttributeValue.fromN(
                                      Long.toString(allowance.expiresAt().getEpochSecond())))))
              .build());
    }
    if (items.size() > 100) {
      throw new IllegalArgumentException("a posting writes at most 100 items");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        dynamoDb.transactWriteItems(t -> t.transactItems(items));
        return new Posting(transfer, false);
      } catch (TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        if (failed(reasons, 0)) {
          return replay(transfer);
        }
        for (int i = 1; i < reasons.size(); i++) {
          if (failed(reasons, i) && i >= firstLimit) {
            throw new LimitExceededException(
                "the transfer would exceed " + allowances.get(i - firstLimit).description());
          }
          if (failed(reasons, i)) {
            Leg leg = transfer.legs().get((i - 1) / 2);
            throw new InsufficientFundsException(
                "insufficient funds in "
                    + leg.account()
                    + " for "
                    + leg.amount().negate()
                    + " base units");
          }
        }
        boolean collided = reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
        if (!collided || attempt == ATTEMPTS) {
          throw e;
        }
        CONTENTION.pause(attempt, "posting");
      }
    }
  }

  @Override
  public boolean posted(String transferId) {
    return transfer(transferId) != null;
  }

  @Override
  public BigInteger balance(AccountId account) {
    BalanceItem item =
        balances.getItem(
            g -> g.key(Keys.primary(account(account), "BALANCE")).consistentRead(true));
    return item == null || item.balance() == null ? BigInteger.ZERO : item.balance();
  }

  @Override
  public Map<AccountId, BigInteger> balances(List<AccountId> accounts) {
    Map<String, AccountId> byPartition = new LinkedHashMap<>();
    accounts.forEach(account -> byPartition.put(account(account), account));
    Map<AccountId, BigInteger> balances = new LinkedHashMap<>();
    accounts.forEach(account -> balances.put(account, BigInteger.ZERO));
    List<Key> keys = byPartition.keySet().stream().map(pk -> Keys.primary(pk, "BALANCE")).toList();
    for (BalanceItem item : BatchReads.read(enhanced, this.balances, keys, "reading balances")) {
      if (item.balance() != null) {
        balances.put(byPartition.get(item.pk()), item.balance());
      }
    }
    return balances;
  }

  @Override
  public List<Entry> entries(AccountId account) {
    return ledgerEntries
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.sortBeginsWith(
                            k -> k.partitionValue(account(account)).sortValue("ENTRY#")))
                    .consistentRead(true))
        .items()
        .stream()
        .sorted(Comparator.comparing(EntryItem::postedAt))
        .map(item -> new Entry(item.transferId(), item.amount()))
        .toList();
  }

  private Posting replay(Transfer transfer) {
    TransferItem first = transfer(transfer.id());
    if (!fingerprint(transfer).equals(first.fingerprint())) {
      throw new IdempotencyMismatchException();
    }
    return new Posting(transfer, true);
  }

  private TransferItem transfer(String id) {
    return transfers.getItem(
        g -> g.key(Keys.primary("TRANSFER#" + id, "TRANSFER")).consistentRead(true));
  }

  private static TransferItem transferItem(Transfer transfer) {
    return new TransferItem(
        "TRANSFER#" + transfer.id(),
        "TRANSFER",
        transfer.type(),
        fingerprint(transfer),
        transfer.at().toString());
  }

  private static EntryItem entryItem(Transfer transfer, Leg leg) {
    return new EntryItem(
        account(leg.account()),
        "ENTRY#" + transfer.id(),
        transfer.id(),
        leg.amount(),
        transfer.at().toString());
  }

  private static Map<String, AttributeValue> values(Leg leg) {
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":zero", AttributeValue.fromN("0"));
    values.put(":delta", AttributeValue.fromN(leg.amount().toString()));
    if (leg.amount().signum() < 0 && !leg.account().mayGoNegative()) {
      values.put(":need", AttributeValue.fromN(leg.amount().negate().toString()));
    }
    return values;
  }

  /** What identifies a transfer's content: type and legs, in a fixed order. */
  private static String fingerprint(Transfer transfer) {
    return transfer.type()
        + "|"
        + transfer.legs().stream()
            .map(leg -> leg.account() + "=" + leg.amount())
            .sorted()
            .collect(Collectors.joining(","));
  }

  private static String account(AccountId account) {
    return "ACCOUNT#" + account.name() + "#" + account.asset();
  }

  private static boolean failed(List<CancellationReason> reasons, int index) {
    return reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
  }
}
