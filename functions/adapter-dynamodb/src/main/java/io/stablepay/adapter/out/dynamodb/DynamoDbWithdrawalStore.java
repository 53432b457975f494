package io.stablepay.adapter.out.dynamodb;

import io.stablepay.adapter.out.dynamodb.AttemptItems.AttemptItem;
import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import io.stablepay.core.domain.TokenAmount;
import io.stablepay.core.domain.withdrawal.Withdrawal;
import io.stablepay.core.port.out.WithdrawalStore;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * Withdrawals in the platform table ({@link WithdrawalItem}):
 *
 * <ul>
 *   <li>{@code WITHDRAWAL#<id> / WITHDRAWAL}: the withdrawal with every signed attempt (hash, raw
 *       bytes, fees), written only over the {@code version} read;
 *   <li>{@code OPEN_WITHDRAWALS#<network> / <createdAt>#<id>}: a copy of each open (CREATED or
 *       PENDING) withdrawal, written and removed in the same transaction as the withdrawal.
 * </ul>
 */
@Singleton
final class DynamoDbWithdrawalStore implements WithdrawalStore {

  private static final String SORT = "WITHDRAWAL";

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<WithdrawalItem> withdrawals;

  DynamoDbWithdrawalStore(DynamoDbEnhancedClient enhanced, TableSettings settings) {
    this.enhanced = enhanced;
    this.withdrawals = enhanced.table(settings.getTable(), WithdrawalItem.SCHEMA);
  }

  @Override
  public boolean create(Withdrawal withdrawal) {
    return write(withdrawal, Conditions.ITEM_ABSENT);
  }

  @Override
  public Optional<Withdrawal> find(String id) {
    WithdrawalItem item = withdrawals.getItem(g -> g.key(key(id)).consistentRead(true));
    return item == null ? Optional.empty() : Optional.of(withdrawal(item));
  }

  @Override
  public boolean update(Withdrawal next) {
    if (next.version() < 1) {
      throw new IllegalArgumentException("an update carries the next version");
    }
    return write(next, Transactions.versionIs(next.version() - 1));
  }

  @Override
  public boolean discard(Withdrawal created) {
    Expression untouched =
        Transactions.versionIs(created.version())
            .and(
                Expression.builder()
                    .expression("#status = :created")
                    .putExpressionName("#status", "status")
                    .putExpressionValue(
                        ":created", AttributeValue.fromS(Withdrawal.Status.CREATED.name()))
                    .build());
    return Transactions.unlessFirstRefused(
        enhanced,
        TransactWriteItemsEnhancedRequest.builder()
            .addDeleteItem(
                withdrawals,
                TransactDeleteItemEnhancedRequest.builder()
                    .key(key(created.id()))
                    .conditionExpression(untouched)
                    .build())
            .addDeleteItem(withdrawals, openKey(created))
            .build());
  }

  @Override
  public List<Withdrawal> open(NetworkId network) {
    return withdrawals
        .query(
            q ->
                q.queryConditional(
                        QueryConditional.keyEqualTo(k -> k.partitionValue(openPartition(network))))
                    .consistentRead(true))
        .items()
        .stream()
        .map(DynamoDbWithdrawalStore::withdrawal)
        .toList();
  }

  private boolean write(Withdrawal withdrawal, Expression condition) {
    TransactWriteItemsEnhancedRequest.Builder writes =
        TransactWriteItemsEnhancedRequest.builder()
            .addPutItem(
                withdrawals,
                TransactPutItemEnhancedRequest.builder(WithdrawalItem.class)
                    .item(item(withdrawal, key(withdrawal.id())))
                    .conditionExpression(condition)
                    .build());
    if (withdrawal.status().open()) {
      writes.addPutItem(withdrawals, item(withdrawal, openKey(withdrawal)));
    } else {
      writes.addDeleteItem(withdrawals, openKey(withdrawal));
    }
    return Transactions.unlessFirstRefused(enhanced, writes.build());
  }

  private static WithdrawalItem item(Withdrawal w, Key key) {
    return new WithdrawalItem(
        key.partitionKeyValue().s(),
        key.sortKeyValue().orElseThrow().s(),
        w.id(),
        w.userId(),
        w.network().name(),
        w.asset().name(),
        w.amount().units(),
        w.fee().units(),
        w.to(),
        w.from(),
        w.keyId(),
        w.status().name(),
        w.nonce(),
        w.attempts().stream().map(AttemptItem::of).toList(),
        w.failureReason(),
        w.version(),
        w.createdAt().toString(),
        w.updatedAt().toString());
  }

  private static Withdrawal withdrawal(WithdrawalItem item) {
    return new Withdrawal(
        item.id(),
        item.userId(),
        NetworkId.valueOf(item.network()),
        new TokenAmount(Asset.valueOf(item.asset()), item.amount()),
        new TokenAmount(Asset.valueOf(item.asset()), item.fee()),
        item.to(),
        item.from(),
        item.keyId(),
        Withdrawal.Status.valueOf(item.status()),
        item.nonce(),
        item.attempts().stream().map(AttemptItem::attempt).toList(),
        item.failureReason(),
        item.version(),
        Instant.parse(item.createdAt()),
        Instant.parse(item.updatedAt()));
  }

  private static Key key(String id) {
    return Keys.primary("WITHDRAWAL#" + id, SORT);
  }

  private static String openPartition(NetworkId network) {
    return "OPEN_WITHDRAWALS#" + network.name();
  }

  private static Key openKey(Withdrawal w) {
    return Keys.primary(openPartition(w.network()), w.createdAt() + "#" + w.id());
  }
}
