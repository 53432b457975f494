package io.stablepay.core.testing;

import io.stablepay.core.domain.ChainFamily;
import io.stablepay.core.domain.ChainUnavailableException;
import io.stablepay.core.domain.Network;
import io.stablepay.core.domain.Token;
import io.stablepay.core.domain.TransferWouldFailException;
import io.stablepay.core.domain.escrow.OnchainDeal;
import io.stablepay.core.port.out.EscrowContract;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Escrow contract without a chain. Call data is the hex of a text that spells the call out,
 * such as {@code createEscrow:<escrowId>:<token>:<beneficiary>:<amount>:<arbiter>} ({@link #read}
 * turns it back), so a test sees what was asked. What the chain says is what the test sets: {@link
 * #allowances} (zero unless set) and {@link #deals} (by escrow id; NONE, with no parties, unless
 * set, as the contract answers). {@link #estimateGas} answers {@link #GAS} and records the call,
 * fails as a revert for the functions in {@link #reverting}, and every chain read fails as a dead
 * node while {@link #down}.
 */
public final class FakeEscrowContract implements EscrowContract {

  /** What every call is estimated to use. */
  public static final BigInteger GAS = BigInteger.valueOf(80_000);

  /** Allowances by {@link #allowanceKey}, in the token's base units. */
  public final Map<String, BigInteger> allowances = new HashMap<>();

  /** The contract's escrows by the platform's escrow id. */
  public final Map<String, OnchainDeal> deals = new HashMap<>();

  /** Functions (approve, createEscrow, release, refund) whose calls would revert. */
  public final Set<String> reverting = new HashSet<>();

  /** Every call estimated, as {@link #read} spells it, in order. */
  public final List<String> estimated = new ArrayList<>();

  public boolean down;

  public static String allowanceKey(String token, String owner, String spender) {
    return (token + "/" + owner + "/" + spender).toLowerCase(Locale.ROOT);
  }

  /** The text of call data this contract built. */
  public static String read(String data) {
    return new String(HexFormat.of().parseHex(data.substring(2)), StandardCharsets.UTF_8);
  }

  @Override
  public ChainFamily family() {
    return ChainFamily.EVM;
  }

  @Override
  public String onchainId(String escrowId) {
    try {
      return "0x"
          + HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(("stablepay:escrow:" + escrowId).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String approveCall(String spender, BigInteger amount) {
    return data("approve", spender, amount);
  }

  @Override
  public String createCall(
      String escrowId, String token, String beneficiary, BigInteger amount, String arbiter) {
    return data("createEscrow", escrowId, token, beneficiary, amount, arbiter);
  }

  @Override
  public String releaseCall(String escrowId) {
    return data("release", escrowId);
  }

  @Override
  public String refundCall(String escrowId) {
    return data("refund", escrowId);
  }

  @Override
  public BigInteger allowance(Network network, Token token, String owner, String spender) {
    reachable(network);
    return allowances.getOrDefault(allowanceKey(token.address(), owner, spender), BigInteger.ZERO);
  }

  @Override
  public OnchainDeal deal(Network network, String contract, String escrowId) {
    reachable(network);
    OnchainDeal deal = deals.get(escrowId);
    return deal != null
        ? deal
        : new OnchainDeal(OnchainDeal.Status.NONE, null, null, null, null, BigInteger.ZERO, false);
  }

  @Override
  public BigInteger estimateGas(Network network, String from, String to, String data) {
    reachable(network);
    String call = read(data);
    estimated.add(call);
    if (reverting.contains(call.substring(0, call.indexOf(':')))) {
      throw new TransferWouldFailException("execution reverted");
    }
    return GAS;
  }

  private void reachable(Network network) {
    if (down) {
      throw new ChainUnavailableException("the " + network.id() + " node did not answer");
    }
  }

  private static String data(String function, Object... arguments) {
    StringBuilder text = new StringBuilder(function);
    for (Object argument : arguments) {
      text.append(':').append(argument);
    }
    return "0x" + HexFormat.of().formatHex(text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
