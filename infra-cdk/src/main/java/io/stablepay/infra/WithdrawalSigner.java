package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * On-chain withdrawals: the only code that signs with the treasury and gas-tank keys. Two
 * functions from the wallet jar share one role, {@code SignerRole}, which the stack makes the
 * keys' only signer ({@link TreasuryKeys#grantSign}): the API handler with withdrawals enabled,
 * which serves transfers (P2P and withdrawals are one endpoint), fee quotes, withdrawal status,
 * merchants' settlements and payment refunds (an on-chain refund is a withdrawal signed with the
 * treasury key; refunds to a balance are served here too), and the withdrawal tracker, which
 * EventBridge Scheduler invokes every minute to follow broadcast transactions and replace stuck
 * ones (which signs again, hence the same role). The tracker function also runs merchants'
 * automatic settlement, hourly (event {@code {"task":"settle"}}): a second schedule invokes it
 * with that event, and retries while the minute's run holds its one concurrent execution. The
 * escrow's two functions run in this role too, with the same settings ({@link #settings}), since
 * an escrow held on-chain is funded, released and refunded by transactions signed with these
 * keys ({@link Escrow}); what they may do on the escrow's workflow is granted to this role.
 *
 * <p>Keeping signing out of the wallet function keeps the treasury keys away from the code that
 * creates keys and serves everything else; sharing the role between the signers keeps a single
 * principal to audit. Like the wallet function, the role reads and writes the table, reads the
 * token key's public key and verifies API keys; it may not create, tag or delete keys.
 */
public final class WithdrawalSigner extends Construct {

  /** The routes the signer serves, as API Gateway route keys. */
  public static final List<String> ROUTES = List.of(
      WalletApi.TRANSFER_ROUTE,
      "GET /api/wallet/fees",
      "GET /api/wallet/withdrawals/{id}",
      // the sweeps the tracker makes (ADMIN), read where they are made
      "GET /api/admin/sweeps",
      // a merchant's settlement is a withdrawal of its balance
      "POST /api/merchant/settle",
      // an on-chain refund is a withdrawal signed with the treasury key (balance refunds too)
      MerchantApi.REFUND_ROUTE);

  static final String TRACKER_HANDLER = "io.stablepay.function.wallet.WithdrawalTrackerHandler";
  /** Turns withdrawals on in a function from the wallet jar (off everywhere else). */
  static final String ENABLED_ENV = "STABLEPAY_WITHDRAWALS_ENABLED";
  /** Followed by a network id: the dollar price of that network's native coin. */
  static final String NATIVE_USD_PRICE_ENV = "STABLEPAY_WITHDRAWALS_NATIVE_USD_PRICE_";
  /** The event that makes the tracker function run merchants' automatic settlement. */
  static final Map<String, String> SETTLE_EVENT = Map.of("task", "settle");

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): the signer runs the same jar with the same settings
   * @param nativeUsdPrices the dollar price of each network's native coin (fee quotes), a
   *     positive decimal string with at most 8 decimals, per network id
   */
  public record Props(WalletApi.Props wallet, SortedMap<String, String> nativeUsdPrices) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      nativeUsdPrices = Collections.unmodifiableSortedMap(new TreeMap<>(nativeUsdPrices));
      nativeUsdPrices.forEach((network, price) -> {
        if (!network.matches("[A-Z][A-Z0-9_]*")) {
          throw new IllegalArgumentException("'" + network + "' is not a network id (ETHEREUM)");
        }
        if (!isUsdPrice(price)) {
          throw new IllegalArgumentException("the native coin price of " + network + ", '"
              + price + "', is not a positive decimal with at most 8 decimals");
        }
      });
    }

    public Props(WalletApi.Props wallet, Map<String, String> nativeUsdPrices) {
      this(wallet, new TreeMap<>(nativeUsdPrices));
    }

    /** A positive decimal ("3000", "0.5") with at most 8 decimals and no exponent or sign. */
    static boolean isUsdPrice(String price) {
      return price != null && price.matches("[0-9]+(\\.[0-9]{1,8})?")
          && new BigDecimal(price).signum() > 0;
    }
  }

  private final Props props;
  private final Role role;
  private final ApiFunction signer;
  private final ApiFunction tracker;
  private final Schedule schedule;
  private final Schedule settlementSchedule;

  public WithdrawalSigner(Construct scope, String id, Props props) {
    super(scope, id);
    this.props = props;
    role = Role.Builder.create(this, "SignerRole")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("StablePay withdrawal signer: the only role that signs with treasury keys")
        .build();
    signer = new ApiFunction(this, "Signer", settings()
        .lambdaProxyUrl(props.wallet().proxyUrl("signer"))
        .build());
    // one run at a time (two could replace the same stuck transaction); ends within the minute
    tracker = new ApiFunction(this, "Tracker", settings()
        .handler(TRACKER_HANDLER)
        .timeoutSeconds(55)
        .reservedConcurrency(1)
        .lambdaProxyUrl(props.wallet().proxyUrl("withdrawal-tracker"))
        .build());

    props.wallet().table().grantReadWriteData(role);
    props.wallet().jwtKey().allow(role, "SignerVerifiesTokens", List.of("kms:GetPublicKey"));
    props.wallet().apiKeyMac().allow(role, "SignerVerifiesApiKeys", List.of("kms:VerifyMac"));
    grantSweeping();

    schedule = Schedule.Builder.create(this, "TrackerSchedule")
        .description("StablePay withdrawal tracker: one pass over open withdrawals a minute")
        .schedule(ScheduleExpression.rate(Duration.minutes(1)))
        .target(new LambdaInvoke(tracker.live(), ScheduleTargetBaseProps.builder()
            .retryAttempts(0) // the next run a minute later is the retry
            .maxEventAge(Duration.minutes(1))
            .build()))
        .build();
    // the tracker runs one invocation at a time, so this one may be throttled while the minute's
    // run is busy: retry it for half an hour (a missed hour is caught by the next one, and
    // settlement is idempotent per merchant, asset and UTC day)
    settlementSchedule = Schedule.Builder.create(this, "SettlementSchedule")
        .description("StablePay automatic settlement: merchants' due settlements, hourly")
        .schedule(ScheduleExpression.rate(Duration.hours(1)))
        .target(new LambdaInvoke(tracker.live(), ScheduleTargetBaseProps.builder()
            .input(ScheduleTargetInput.fromObject(SETTLE_EVENT))
            .retryAttempts(5)
            .maxEventAge(Duration.minutes(30))
            .build()))
        .build();

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("SignerIntegration", signer.live());
    List<HttpRoute> routes =
        props.wallet().gateway().routes(integration, ROUTES.toArray(String[]::new));
    suppressReviewedFindings(routes);
  }

  /**
   * What every function that signs with the treasury keys runs with: the wallet jar's settings
   * ({@link WalletApi#settings}) with withdrawals on and each treasury network's native coin
   * price, in this role. Both of the signer's functions run with these, and so do the escrow's
   * where the stack has treasury networks. A new builder each time, for one function.
   */
  ApiFunction.Props.Builder settings() {
    ApiFunction.Props.Builder settings = WalletApi.settings(props.wallet())
        .environment(ENABLED_ENV, "true")
        .role(role);
    props.nativeUsdPrices().forEach((network, price) ->
        settings.environment(NATIVE_USD_PRICE_ENV + network, price));
    return settings;
  }

  /**
   * Sweeps move deposits from users' addresses to the treasury, so the tracker signs with wallet
   * keys too: only keys tagged {@code stablepay:purpose=wallet} that are secp256k1 signing keys.
   * Wallet keys are created at run time with the account's default key policy, so this IAM
   * statement is what lets this role, and no other, sign with them; the wallet role can tag only
   * untagged keys, so it cannot make a treasury key look like a wallet key.
   */
  private void grantSweeping() {
    String keys = Stack.of(this).formatArn(ArnComponents.builder()
        .service("kms").resource("key").resourceName("*").build());
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .sid("SignWithWalletKeysToSweep")
        .actions(List.of("kms:Sign", "kms:GetPublicKey"))
        .resources(List.of(keys))
        .conditions(Map.of("StringEquals", WalletApi.WALLET_KEY))
        .build());
  }

  /** cdk-nag findings on the signer that are decisions, each with its reason. */
  private void suppressReviewedFindings(List<HttpRoute> routes) {
    NagSuppressions.addResourceSuppressions(routes, List.of(
        NagPackSuppression.builder().id("AwsSolutions-APIG4").reason(
            "Every signer route takes a Caller, which the function binds only from a valid "
                + "KMS-signed bearer token or API key (401 otherwise); a withdrawal or a "
                + "settlement moves only the caller's own balance, and a refund requires the "
                + "merchant role (403 otherwise) and pays back only the merchant's own payment "
                + "requests, from its own balance.").build(),
        NagPackSuppression.builder().id("AwsSolutions-COG4").reason(
            "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                + "not a Cognito user pool.").build()),
        true);
    NagSuppressions.addResourceSuppressions(role, List.of(DataTable.indexWildcardSuppression(),
        NagPackSuppression.builder().id("AwsSolutions-IAM5")
            .reason("Wallet keys are created at run time, one per user, so their ARNs are not "
                + "known here: signing for sweeps is limited to keys tagged "
                + "stablepay:purpose=wallet with key spec ECC_SECG_P256K1 and usage SIGN_VERIFY.")
            .appliesTo(List.of(RegexAppliesTo.builder()
                .regex("/^Resource::arn:.*:kms:.*:key\\/\\*$/g").build()))
            .build()),
        true);
  }

  /**
   * The role both functions run in (and the escrow's, with treasury networks): the one the stack
   * lets sign with the treasury keys.
   */
  public Role role() {
    return role;
  }

  /** What the signer's functions are built from, as {@link #settings} uses it. */
  WalletApi.Props wallet() {
    return props.wallet();
  }

  /** The API function (transfers, fees, withdrawal status). */
  public ApiFunction signer() {
    return signer;
  }

  public ApiFunction tracker() {
    return tracker;
  }

  /** Invokes the tracker every minute (open withdrawals). */
  public Schedule schedule() {
    return schedule;
  }

  /** Invokes the tracker hourly with {@link #SETTLE_EVENT} (merchants' automatic settlement). */
  public Schedule settlementSchedule() {
    return settlementSchedule;
  }
}
