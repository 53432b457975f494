package io.stablepay.core.domain;

import java.math.BigInteger;
import java.time.Instant;

/** What it currently costs to get a transaction included on a network. */
public sealed interface FeeQuote permits FeeQuote.Eip1559, FeeQuote.TronResources {

  NetworkId network();

  /** When the quote was taken (from the node's latest block, or configuration). */
  Instant quotedAt();

  /**
   * An EIP-1559 quote in wei per gas.
   *
   * @param maxFeePerGas a cap that survives a few full blocks: 2 x base fee + priority fee
   */
  record Eip1559(
      NetworkId network,
      long blockNumber,
      BigInteger baseFeePerGas,
      BigInteger maxPriorityFeePerGas,
      BigInteger maxFeePerGas,
      Instant quotedAt)
      implements FeeQuote {}

  /**
   * Tron resource prices in sun.
   *
   * @param source {@code configuration} until a Tron node is configured, then {@code node}
   */
  record TronResources(
      NetworkId network,
      BigInteger energyPriceSun,
      BigInteger bandwidthPriceSun,
      String source,
      Instant quotedAt)
      implements FeeQuote {}
}
