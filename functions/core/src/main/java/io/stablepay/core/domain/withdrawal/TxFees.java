package io.stablepay.core.domain.withdrawal;

import java.math.BigInteger;
import java.util.Objects;

/** What a transaction may spend on fees, in the network's own terms. */
public sealed interface TxFees permits TxFees.Eip1559, TxFees.Tron {

  /** The most the sender can pay for the transaction, in the native coin's base units. */
  BigInteger maxCost();

  /** EIP-1559 fields, wei per gas. */
  record Eip1559(BigInteger gasLimit, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas)
      implements TxFees {

    public Eip1559 {
      Objects.requireNonNull(gasLimit, "gasLimit");
      Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
      Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
      if (gasLimit.signum() <= 0
          || maxFeePerGas.signum() <= 0
          || maxPriorityFeePerGas.signum() < 0
          || maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
        throw new IllegalArgumentException("EIP-1559 fees need gas > 0, 0 <= priority <= max fee");
      }
    }

    @Override
    public BigInteger maxCost() {
      return gasLimit.multiply(maxFeePerGas);
    }

    /**
     * The fees of a replacement: at least {@code bumpPercent} more on both fields (nodes refuse a
     * replacement below +10%), rounded up, or {@code fresh}'s where those are higher.
     */
    public Eip1559 bumped(int bumpPercent, Eip1559 fresh) {
      BigInteger priority =
          max(raise(maxPriorityFeePerGas, bumpPercent), fresh.maxPriorityFeePerGas);
      BigInteger max = max(raise(maxFeePerGas, bumpPercent), fresh.maxFeePerGas).max(priority);
      return new Eip1559(gasLimit.max(fresh.gasLimit), max, priority);
    }

    private static BigInteger raise(BigInteger value, int percent) {
      BigInteger[] qr =
          value
              .multiply(BigInteger.valueOf(100L + percent))
              .divideAndRemainder(BigInteger.valueOf(100));
      BigInteger raised = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
      // a fee of zero raised by a percentage is still zero: one wei more makes it a raise
      return raised.equals(value) ? value.add(BigInteger.ONE) : raised;
    }

    private static BigInteger max(BigInteger a, BigInteger b) {
      return a.max(b);
    }
  }

  /** Tron: the most energy and bandwidth the transaction may burn, in sun. */
  record Tron(BigInteger feeLimitSun) implements TxFees {

    public Tron {
      if (feeLimitSun == null || feeLimitSun.signum() <= 0) {
        throw new IllegalArgumentException("a Tron fee limit is positive");
      }
    }

    @Override
    public BigInteger maxCost() {
      return feeLimitSun;
    }
  }
}
