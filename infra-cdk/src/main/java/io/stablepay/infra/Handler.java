package io.stablepay.infra;

import io.stablepay.schema.Functions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deployed function as the stack knows it: its name (also its Micronaut environment, see {@link
 * Functions}), the module whose jar it runs ({@code functions/<module>}) and the handler class
 * Lambda calls. One constant per function; the constructs name these, the packaged-jar tests load
 * each jar and handler, and docs/architecture.md's function table lists them.
 */
public record Handler(String function, String module, String className) {

  public Handler {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(className, "className");
  }

  private static final String PACKAGE = "io.stablepay.function.";

  public static final Handler BLOCKCHAIN_API =
      new Handler(
          Functions.BLOCKCHAIN_API,
          "blockchain-function",
          PACKAGE + "blockchain.BlockchainApiHandler");
  public static final Handler AUTH_API =
      new Handler(Functions.AUTH_API, "auth-function", PACKAGE + "auth.AuthApiHandler");
  public static final Handler WALLET_API =
      new Handler(Functions.WALLET_API, "wallet-function", PACKAGE + "wallet.WalletApiHandler");
  public static final Handler CHAIN_WATCHER =
      new Handler(
          Functions.CHAIN_WATCHER, "watcher-function", PACKAGE + "watcher.ChainWatcherHandler");
  public static final Handler MERCHANT_API =
      new Handler(
          Functions.MERCHANT_API, "merchant-function", PACKAGE + "merchant.MerchantApiHandler");
  public static final Handler SIGNER_API =
      new Handler(Functions.SIGNER_API, "signer-function", PACKAGE + "signer.SignerApiHandler");
  public static final Handler WITHDRAWAL_TRACKER =
      new Handler(
          Functions.WITHDRAWAL_TRACKER,
          "signer-function",
          PACKAGE + "signer.WithdrawalTrackerHandler");
  public static final Handler SWEEPER =
      new Handler(Functions.SWEEPER, "signer-function", PACKAGE + "signer.SweeperHandler");
  public static final Handler SETTLER =
      new Handler(Functions.SETTLER, "signer-function", PACKAGE + "signer.SettlementHandler");
  public static final Handler GAUGES =
      new Handler(Functions.GAUGES, "signer-function", PACKAGE + "signer.GaugeHandler");
  public static final Handler WEBHOOK_RELAY =
      new Handler(
          Functions.WEBHOOK_RELAY, "webhook-function", PACKAGE + "webhook.WebhookRelayHandler");
  public static final Handler WEBHOOK_DISPATCHER =
      new Handler(
          Functions.WEBHOOK_DISPATCHER,
          "webhook-function",
          PACKAGE + "webhook.WebhookDispatcherHandler");
  public static final Handler KYC_API =
      new Handler(Functions.KYC_API, "kyc-function", PACKAGE + "kyc.KycApiHandler");
  public static final Handler KYC_CHECK =
      new Handler(Functions.KYC_CHECK, "kyc-function", PACKAGE + "kyc.KycCheckHandler");
  public static final Handler KYC_AWAIT_DECISION =
      new Handler(
          Functions.KYC_AWAIT_DECISION, "kyc-function", PACKAGE + "kyc.KycAwaitDecisionHandler");
  public static final Handler KYC_FINISH =
      new Handler(Functions.KYC_FINISH, "kyc-function", PACKAGE + "kyc.KycFinishHandler");
  public static final Handler SUBSCRIPTION_API =
      new Handler(
          Functions.SUBSCRIPTION_API,
          "subscription-function",
          PACKAGE + "subscription.SubscriptionApiHandler");
  public static final Handler SUBSCRIPTION_SCHEDULE =
      new Handler(
          Functions.SUBSCRIPTION_SCHEDULE,
          "subscription-function",
          PACKAGE + "subscription.SubscriptionScheduleHandler");
  public static final Handler SUBSCRIPTION_CHARGE =
      new Handler(
          Functions.SUBSCRIPTION_CHARGE,
          "subscription-function",
          PACKAGE + "subscription.SubscriptionChargeHandler");
  public static final Handler ESCROW_API =
      new Handler(Functions.ESCROW_API, "escrow-function", PACKAGE + "escrow.EscrowApiHandler");
  public static final Handler ESCROW_SCHEDULE =
      new Handler(
          Functions.ESCROW_SCHEDULE, "escrow-function", PACKAGE + "escrow.EscrowScheduleHandler");
  public static final Handler ESCROW_CHAIN =
      new Handler(Functions.ESCROW_CHAIN, "escrow-function", PACKAGE + "escrow.EscrowChainHandler");
  public static final Handler ESCROW_AWAIT =
      new Handler(Functions.ESCROW_AWAIT, "escrow-function", PACKAGE + "escrow.EscrowAwaitHandler");
  public static final Handler ESCROW_DEADLINE =
      new Handler(
          Functions.ESCROW_DEADLINE, "escrow-function", PACKAGE + "escrow.EscrowDeadlineHandler");

  /** Every function, in the order of {@link Functions#ALL}. */
  public static final List<Handler> ALL =
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

  /** The modules whose functions call chains' nodes (and so read the stage's nodes secret). */
  public static final Set<String> CHAIN_MODULES =
      Set.of(
          "blockchain-function",
          "wallet-function",
          "watcher-function",
          "merchant-function",
          "signer-function",
          "escrow-function");

  /** Whether this function calls chains' nodes. */
  public boolean callsChains() {
    return CHAIN_MODULES.contains(module);
  }

  /** The modules that build a function jar, each once. */
  public static final List<String> MODULES = ALL.stream().map(Handler::module).distinct().toList();

  /** Whether the HTTP API invokes it (an API Gateway v2 handler). */
  public boolean api() {
    return Functions.APIS.contains(function);
  }
}
