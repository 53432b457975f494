package io.stablepay.core.domain.ledger;

/**
 * The outcome of posting a transfer.
 *
 * @param replayed true when the id was already posted and nothing moved this time
 */
public record Posting(Transfer transfer, boolean replayed) {}
