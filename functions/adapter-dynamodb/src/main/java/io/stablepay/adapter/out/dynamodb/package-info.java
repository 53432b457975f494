/**
 * Every store of the platform over its one DynamoDB table, keys and index named in {@code
 * io.stablepay.schema.DynamoDbSchema}.
 *
 * <p>The stores read and write through the DynamoDB Enhanced Client ({@code DynamoDbClients} makes
 * it over the process's {@code DynamoDbClient}), item type by item type:
 *
 * <ul>
 *   <li>one package-private record per item type ({@code ApiKeyItem}, ...) holding the item as
 *       stored: its {@code pk}/{@code sk} (and {@code gsi1pk}/{@code gsi1sk}) and its attributes
 *       under the names already in the table, in their stored form (ISO-8601 text for instants,
 *       epoch-second numbers for {@code expiresAt}); a null is an absent attribute;
 *   <li>its {@code static final TableSchema SCHEMA} built with {@code
 *       StaticImmutableTableSchema.builder} and the declarations of {@link ItemSchemas}: getters
 *       and setters as method references and lambdas, no reflection, so the ProGuard pass over the
 *       function jars keeps what the schema uses without keep rules; a nested mutable {@code
 *       Builder} makes the record as an item is read;
 *   <li>the store converts between the record and its domain type (the key patterns stay in the
 *       store) and uses a {@code DynamoDbTable} of the record: conditional puts and deletes with an
 *       {@code Expression} ({@link Conditions}), partial updates with {@code
 *       IgnoreNullsMode.SCALAR_ONLY} (only the attributes set in the record change), queries with a
 *       {@code QueryConditional}, transactions with the enhanced {@code transactWriteItems};
 *   <li>the client runs without extensions: no version or counter attribute is written behind a
 *       store's back, each store states its conditions itself;
 *   <li>the raw {@code DynamoDbClient} stays only where the Enhanced Client cannot express the
 *       write ({@code if_not_exists}, {@code ADD}, arithmetic in an update), each call with a
 *       one-line reason.
 * </ul>
 *
 * Nested maps are nested document schemas ({@code AttemptItems.AttemptItem}, {@code CallItem},
 * {@code EscrowItem}'s on-chain part) declared with {@code EnhancedType.documentOf(..., d ->
 * d.ignoreNulls(true))}; lists of the parties' things are pointer items ({@link PointerLists}). The
 * one converter written by hand is an outbox event's data ({@code OutboxItems.EventData}), which
 * has no fixed schema. Every store's stored shape is pinned by an IT ({@code *ShapesIT}, {@code
 * StoredItemShapesIT}) that wrote the raw-map code's items before the store moved over.
 *
 * <p>Where a transaction must hold a raw update (the ledger's balance arithmetic, a counter's
 * {@code ADD}, a {@code REMOVE}), it is sent through the raw client with its typed items made by
 * their schema ({@code SCHEMA.itemToMap(item, true)}) or by an enhanced request ({@code
 * TransactWriteItemsEnhancedRequest.transactWriteItems()}); each place says why in a {@code //
 * raw:} line.
 */
package io.stablepay.adapter.out.dynamodb;
