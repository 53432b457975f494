package io.stablepay.core.domain.ledger;

import io.stablepay.core.domain.Asset;
import io.stablepay.core.domain.NetworkId;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A ledger account: one owner's balance of one asset. Users have an available and a held account
 * per asset (holds reserve funds for pending withdrawals: a hold is a transfer from available to
 * held). Platform accounts (fees, treasury and clearing per network) are the only ones that may go
 * below zero. Built only through the factories, so names cannot collide.
 */
public record AccountId(String name, Asset asset) {

  private static final String PLATFORM = "platform/";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_:.-]{1,160}");

  public AccountId {
    Objects.requireNonNull(asset, "asset");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not an account name: " + name);
    }
  }

  public static AccountId user(String userId, Asset asset) {
    return new AccountId("user/" + userId, asset);
  }

  public static AccountId userHeld(String userId, Asset asset) {
    return new AccountId("user/" + userId + "/held", asset);
  }

  /**
   * The money of one escrow while it is held: a user-side account, so it can never pay out more
   * than was put in.
   */
  public static AccountId escrow(String escrowId, Asset asset) {
    return new AccountId("escrow/" + escrowId, asset);
  }

  public static AccountId fees(Asset asset) {
    return new AccountId(PLATFORM + "fees", asset);
  }

  /**
   * The tokens in the platform's treasury wallet on {@code network}, as a negative balance (the
   * sign of every on-chain holding in these books: the users' claims are positive).
   */
  public static AccountId treasury(NetworkId network, Asset asset) {
    return new AccountId(PLATFORM + "treasury/" + network, asset);
  }

  /**
   * The tokens the platform's Escrow contract on {@code network} holds for on-chain escrows, as a
   * negative balance like the treasury's.
   */
  public static AccountId escrowContract(NetworkId network, Asset asset) {
    return new AccountId(PLATFORM + "escrow-contract/" + network, asset);
  }

  /** What the operator put into the platform (the treasury's float): the counterpart of funding. */
  public static AccountId capital(Asset asset) {
    return new AccountId(PLATFORM + "capital", asset);
  }

  /**
   * The settlement vault on {@code network} (the multisig the payment gateway pays into), as a
   * negative balance like the treasury: what merchants were paid on-chain is held there.
   */
  public static AccountId vault(NetworkId network, Asset asset) {
    return new AccountId(PLATFORM + "vault/" + network, asset);
  }

  /**
   * Money the platform holds for no one yet: an on-chain payment whose reference names no request.
   * It waits here, never lost, until an operator attributes or returns it.
   */
  public static AccountId suspense(Asset asset) {
    return new AccountId(PLATFORM + "suspense", asset);
  }

  /** Where on-chain value enters and leaves the ledger on {@code network}. */
  public static AccountId clearing(NetworkId network, Asset asset) {
    return new AccountId(PLATFORM + "clearing/" + network, asset);
  }

  /** Platform accounts may be negative; a user's never. */
  public boolean mayGoNegative() {
    return name.startsWith(PLATFORM);
  }

  @Override
  public String toString() {
    return name + ":" + asset;
  }
}
