package io.stablepay.schema;

import java.util.List;

/**
 * The deployed functions, each named once. A function's name is also its Micronaut environment: its
 * handler starts its application context in that environment, and every bean a function needs says
 * so with {@code @Requires(env = ...)} naming it. So a function's context holds exactly what its
 * routes and tasks need, whichever jars sit beside it on a classpath, and a newcomer finds what a
 * function loads by searching for its constant.
 *
 * <p>A workflow's steps are functions of their own, one per kind of Task state (its handler runs
 * that step, no switch on the event), so each has only the permissions its step needs.
 *
 * <p>The module that builds a function's jar is named in each constant's comment; the CDK construct
 * that deploys it names the same constant.
 */
public final class Functions {

  private Functions() {}

  /**
   * Networks, address checks, fees, transactions, health, the API document: blockchain-function.
   */
  public static final String BLOCKCHAIN_API = "blockchain-api";

  /** Accounts, sign-in, API keys, user administration: auth-function. */
  public static final String AUTH_API = "auth-api";

  /** Wallets, balances, statements, watch-only addresses, the treasury view: wallet-function. */
  public static final String WALLET_API = "wallet-api";

  /** Deposits and gateway payments read from the chains, every minute: watcher-function. */
  public static final String CHAIN_WATCHER = "chain-watcher";

  /** Merchants, payment requests, webhook deliveries, chain-event pushes: merchant-function. */
  public static final String MERCHANT_API = "merchant-api";

  /** Transfers, withdrawals, fees, refunds, settlement, the sweeps view: signer-function. */
  public static final String SIGNER_API = "signer-api";

  /** Open withdrawals to their confirmation, every minute: signer-function. */
  public static final String WITHDRAWAL_TRACKER = "withdrawal-tracker";

  /** Deposit addresses swept into the treasury, every minute: signer-function. */
  public static final String SWEEPER = "sweeper";

  /** Merchants' automatic settlement, hourly: signer-function. */
  public static final String SETTLER = "settler";

  /**
   * Treasury and gas-tank balances and the KYC queue, as metrics, every five minutes:
   * signer-function (in a role of its own that reads and never signs).
   */
  public static final String GAUGES = "gauges";

  /** Payment expiry and outbox events onto the delivery queue, every minute: webhook-function. */
  public static final String WEBHOOK_RELAY = "webhook-relay";

  /** Signed webhook deliveries from the queue: webhook-function. */
  public static final String WEBHOOK_DISPATCHER = "webhook-dispatcher";

  /** Documents and review status, the administrators' decisions: kyc-function. */
  public static final String KYC_API = "kyc-api";

  /** The KYC review workflow's automated checks of a review's documents: kyc-function. */
  public static final String KYC_CHECK = "kyc-check";

  /** The KYC review workflow's wait for a reviewer (parks the task token): kyc-function. */
  public static final String KYC_AWAIT_DECISION = "kyc-await-decision";

  /** The KYC review workflow's outcome on the user's status, mailed: kyc-function. */
  public static final String KYC_FINISH = "kyc-finish";

  /** Subscriptions: subscription-function. */
  public static final String SUBSCRIPTION_API = "subscription-api";

  /** The subscription workflow's next charge date (or its end): subscription-function. */
  public static final String SUBSCRIPTION_SCHEDULE = "subscription-schedule";

  /** The subscription workflow's charge of a period: subscription-function. */
  public static final String SUBSCRIPTION_CHARGE = "subscription-charge";

  /** Escrows: escrow-function. */
  public static final String ESCROW_API = "escrow-api";

  /** The escrow workflow's next wait (a deadline, the chain, a person): escrow-function. */
  public static final String ESCROW_SCHEDULE = "escrow-schedule";

  /** The escrow workflow's follow-up of an on-chain escrow's transaction: escrow-function. */
  public static final String ESCROW_CHAIN = "escrow-chain";

  /** The escrow workflow's wait for a party's decision (parks the task token): escrow-function. */
  public static final String ESCROW_AWAIT = "escrow-await";

  /** The escrow workflow's release or refund at the deadline: escrow-function. */
  public static final String ESCROW_DEADLINE = "escrow-deadline";

  /** Every function, in the order above. */
  public static final List<String> ALL =
      List.of(
          BLOCKCHAIN_API,
          AUTH_API,
          WALLET_API,
          CHAIN_WATCHER,
          MERCHANT_API,
          SIGNER_API,
          WITHDRAWAL_TRACKER,
          SWEEPER,
          SETTLER,
          GAUGES,
          WEBHOOK_RELAY,
          WEBHOOK_DISPATCHER,
          KYC_API,
          KYC_CHECK,
          KYC_AWAIT_DECISION,
          KYC_FINISH,
          SUBSCRIPTION_API,
          SUBSCRIPTION_SCHEDULE,
          SUBSCRIPTION_CHARGE,
          ESCROW_API,
          ESCROW_SCHEDULE,
          ESCROW_CHAIN,
          ESCROW_AWAIT,
          ESCROW_DEADLINE);

  /** The functions behind the HTTP API: their handler serves API Gateway (payload v2) events. */
  public static final List<String> APIS =
      List.of(
          BLOCKCHAIN_API,
          AUTH_API,
          WALLET_API,
          MERCHANT_API,
          SIGNER_API,
          KYC_API,
          SUBSCRIPTION_API,
          ESCROW_API);
}
