package io.stablepay.core.domain.deposit;

import java.math.BigInteger;

/**
 * An ERC-20 {@code Transfer} event as a node reported it: where it sits on the chain and what it
 * moved. Addresses are normalised (EIP-55); {@code blockHash} pins the block the log was read in.
 */
public record TokenTransferLog(
    long blockNumber,
    String blockHash,
    String txHash,
    long logIndex,
    String tokenContract,
    String from,
    String to,
    BigInteger amount) {}
