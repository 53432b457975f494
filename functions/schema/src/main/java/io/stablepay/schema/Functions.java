package io.stablepay.schema;

import java.util.List;

/**
 * The deployed functions, each named once. A function's name is also its Micronaut environment:
 * its handler starts its application context in that environment, and every bean a function
 * needs says so with {@code @Requires(env = ...)} naming it. So a function's context holds
 * exactly what its routes and tasks need, whichever jars sit beside it on a classpath, and a
 * newcomer finds what a function loads by searching for its constant.
 *
 * <p>The module that builds a function's jar is named in each constant's comment; the CDK
 * construct that deploys it names the same constant.
 */
public final class Functions {

  private Functions() {}

  /** Networks, address checks, fees, transactions, health, the API document: blockchain-function. */
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
  /** Payment expiry and outbox events onto the delivery queue, every minute: webhook-function. */
  public static final String WEBHOOK_RELAY = "webhook-relay";
  /** Signed webhook deliveries from the queue: webhook-function. */
  public static final String WEBHOOK_DISPATCHER = "webhook-dispatcher";
  /** Documents and review status, the administrators' decisions: kyc-function. */
  public static final String KYC_API = "kyc-api";
  /** The KYC review workflow's tasks: kyc-function. */
  public static final String KYC_TASKS = "kyc-tasks";
  /** Subscriptions: subscription-function. */
  public static final String SUBSCRIPTION_API = "subscription-api";
  /** The subscription workflow's tasks: subscription-function. */
  public static final String SUBSCRIPTION_TASKS = "subscription-tasks";
  /** Escrows: escrow-function. */
  public static final String ESCROW_API = "escrow-api";
  /** The escrow workflow's tasks: escrow-function. */
  public static final String ESCROW_TASKS = "escrow-tasks";

  /** Every function, in the order above. */
  public static final List<String> ALL = List.of(BLOCKCHAIN_API, AUTH_API, WALLET_API,
      CHAIN_WATCHER, MERCHANT_API, SIGNER_API, WITHDRAWAL_TRACKER, SWEEPER, SETTLER,
      WEBHOOK_RELAY, WEBHOOK_DISPATCHER, KYC_API, KYC_TASKS, SUBSCRIPTION_API,
      SUBSCRIPTION_TASKS, ESCROW_API, ESCROW_TASKS);

  /** The functions behind the HTTP API: their handler serves API Gateway (payload v2) events. */
  public static final List<String> APIS = List.of(BLOCKCHAIN_API, AUTH_API, WALLET_API,
      MERCHANT_API, SIGNER_API, KYC_API, SUBSCRIPTION_API, ESCROW_API);
}
