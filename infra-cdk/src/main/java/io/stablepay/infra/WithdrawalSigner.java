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
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * Money leaving the platform, and everything that may sign with the treasury and gas-tank keys to
 * move it, in one role, {@code SignerRole}, which the stack makes the keys' only signer ({@link
 * TreasuryKeys#grantSign}). The signer API ({@link Handler#SIGNER_API}) serves transfers (P2P and
 * withdrawals are one endpoint), fee quotes, withdrawal status, merchants' settlements, payment
 * refunds (an on-chain refund is a withdrawal; refunds to a balance are served here too) and the
 * sweeps view. With treasury networks ({@link Props#signs}), three more functions of the signer
 * module run in the same role, each on a schedule of its own: the withdrawal tracker (every minute:
 * follows broadcast transactions, replaces stuck ones, which signs again), the sweeper (every
 * minute: tops deposit addresses up with gas and sweeps them into the treasury, signing with wallet
 * keys) and the automatic settlement (hourly). The escrow's two functions run in this role too
 * then, with the same settings ({@link #settings}), since an escrow held on-chain is funded,
 * released and refunded by transactions signed with these keys ({@link Escrow}); what they may do
 * on the escrow's workflow is granted to this role.
 *
 * <p>Without treasury networks the signer API is still there, without withdrawals: it moves money
 * between users and refunds to balances, and answers that on-chain withdrawals, fees, settlements
 * and sweeps are off. The routes never move between functions with the stack's shape.
 *
 * <p>Keeping signing out of the wallet function keeps the treasury keys away from the code that
 * creates keys and serves everything else; sharing the role between the signers keeps a single
 * principal to audit. Like the wallet function, the role reads and writes the table, reads the
 * token key's public key and verifies API keys; it may not create, tag or delete keys.
 */
public final class WithdrawalSigner extends Construct {

  /** The routes the signer serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/wallet/transfer",
          "GET /api/wallet/fees",
          "GET /api/wallet/withdrawals/{id}",
          // the sweeps the sweeper makes (ADMIN), read where they are made
          "GET /api/admin/sweeps",
          // a merchant's settlement is a withdrawal of its balance
          "POST /api/merchant/settle",
          // an on-chain refund is a withdrawal signed with the treasury key (balance refunds too)
          "POST /api/payments/{id}/refund");

  /** Turns withdrawals on in the signer's functions (off everywhere else). */
  static final String ENABLED_ENV = "STABLEPAY_WITHDRAWALS_ENABLED";

  /** Followed by a network id: the dollar price of that network's native coin. */
  static final String NATIVE_USD_PRICE_ENV = "STABLEPAY_WITHDRAWALS_NATIVE_USD_PRICE_";

  /**
   * @param wallet what every function of the platform is built from (gateway, jars, table, keys,
   *     network profile, nodes, local proxy)
   * @param nativeUsdPrices the dollar price of each network's native coin (fee quotes), a positive
   *     decimal string with at most 8 decimals, per network id
   * @param signs whether the stack has treasury networks, whose keys this role signs with:
   *     withdrawals on, and the tracker, the sweeper and the settlement
   */
  public record Props(
      WalletApi.Props wallet, SortedMap<String, String> nativeUsdPrices, boolean signs) {

    public Props {
      Objects.requireNonNull(wallet, "wallet");
      nativeUsdPrices = Collections.unmodifiableSortedMap(new TreeMap<>(nativeUsdPrices));
      nativeUsdPrices.forEach(
          (network, price) -> {
            if (!network.matches("[A-Z][A-Z0-9_]*")) {
              throw new IllegalArgumentException(
                  "'" + network + "' is not a network id (ETHEREUM)");
            }
            if (!isUsdPrice(price)) {
              throw new IllegalArgumentException(
                  "the native coin price of "
                      + network
                      + ", '"
                      + price
                      + "', is not a positive decimal with at most 8 decimals");
            }
          });
    }

    public Props(WalletApi.Props wallet, Map<String, String> nativeUsdPrices, boolean signs) {
      this(wallet, new TreeMap<>(nativeUsdPrices), signs);
    }

    /** A positive decimal ("3000", "0.5") with at most 8 decimals and no exponent or sign. */
    static boolean isUsdPrice(String price) {
      return price != null
          && price.matches("[0-9]+(\\.[0-9]{1,8})?")
          && new BigDecimal(price).signum() > 0;
    }
  }

  private final Props props;
  private final Role role;
  private final ApiFunction signer;
  private final ApiFunction tracker;
  private final ApiFunction sweeper;
  private final ApiFunction settler;

  public WithdrawalSigner(Construct scope, String id, Props props) {
    super(scope, id);
    this.props = props;
    role =
        Role.Builder.create(this, "SignerRole")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("StablePay withdrawal signer: the only role that signs with treasury keys")
            .build();
    signer = new ApiFunction(this, "Signer", settings(Handler.SIGNER_API).build());
    props.wallet().table().grantReadWriteData(role);
    props.wallet().jwtKey().allow(role, "SignerVerifiesTokens", List.of("kms:GetPublicKey"));
    props.wallet().apiKeyMac().allow(role, "SignerVerifiesApiKeys", List.of("kms:VerifyMac"));

    if (props.signs()) {
      // one run at a time (two could replace the same stuck transaction: the tracker holds a lease
      // in the table while it runs); within the minute
      tracker =
          scheduled(
              "Tracker",
              Handler.WITHDRAWAL_TRACKER,
              "TrackerSchedule",
              "StablePay withdrawal tracker: one pass over open withdrawals a minute",
              Duration.minutes(1),
              0,
              Duration.minutes(1));
      // one run at a time (two could top up the same address: the sweeper holds a lease in the
      // table while it runs); within the minute
      sweeper =
          scheduled(
              "Sweeper",
              Handler.SWEEPER,
              "SweeperSchedule",
              "StablePay sweeper: deposit addresses into the treasury, a pass a minute",
              Duration.minutes(1),
              0,
              Duration.minutes(1));
      grantSweeping();
      // retried for half an hour (a missed hour is caught by the next one, and settlement is
      // idempotent per merchant, asset and UTC day)
      settler =
          scheduled(
              "Settler",
              Handler.SETTLER,
              "SettlementSchedule",
              "StablePay automatic settlement: merchants' due settlements, hourly",
              Duration.hours(1),
              5,
              Duration.minutes(30));
    } else {
      tracker = null;
      sweeper = null;
      settler = null;
    }

    HttpLambdaIntegration integration =
        new HttpLambdaIntegration("SignerIntegration", signer.live());
    List<HttpRoute> routes =
        props.wallet().gateway().routes(integration, ROUTES.toArray(String[]::new));
    suppressReviewedFindings(routes);
  }

  /**
   * A function of the signer module in this role that EventBridge Scheduler invokes every {@code
   * rate}, ending within 55 s.
   */
  private ApiFunction scheduled(
      String id,
      Handler handler,
      String scheduleId,
      String description,
      Duration rate,
      int retries,
      Duration maxEventAge) {
    ApiFunction function = new ApiFunction(this, id, settings(handler).timeoutSeconds(55).build());
    Schedule.Builder.create(this, scheduleId)
        .description(description)
        .schedule(ScheduleExpression.rate(rate))
        .target(
            new LambdaInvoke(
                function.live(),
                ScheduleTargetBaseProps.builder()
                    .retryAttempts(retries)
                    .maxEventAge(maxEventAge)
                    .build()))
        .build();
    return function;
  }

  /**
   * What {@code handler}'s function runs with when it may sign with the treasury keys: the
   * platform's settings ({@link WalletApi#settings}) in this role, with withdrawals on and each
   * treasury network's native coin price where the stack has treasury networks. The signer's
   * functions run with these, and so do the escrow's where the stack has treasury networks.
   */
  ApiFunction.Props.Builder settings(Handler handler) {
    ApiFunction.Props.Builder settings = WalletApi.settings(props.wallet(), handler).role(role);
    if (props.signs()) {
      settings.environment(ENABLED_ENV, "true");
      props
          .nativeUsdPrices()
          .forEach((network, price) -> settings.environment(NATIVE_USD_PRICE_ENV + network, price));
    }
    return settings;
  }

  /**
   * Sweeps move deposits from users' addresses to the treasury, so the sweeper signs with wallet
   * keys too (the grant is the shared role's, so every function in it may): only keys tagged {@code
   * stablepay:purpose=wallet} that are secp256k1 signing keys. Wallet keys are created at run time
   * with the account's default key policy, so this IAM statement is what lets this role, and no
   * other, sign with them; the wallet role can tag only untagged keys, so it cannot make a treasury
   * key look like a wallet key.
   */
  private void grantSweeping() {
    String keys =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder().service("kms").resource("key").resourceName("*").build());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("SignWithWalletKeysToSweep")
            .actions(List.of("kms:Sign", "kms:GetPublicKey"))
            .resources(List.of(keys))
            .conditions(Map.of("StringEquals", WalletApi.WALLET_KEY))
            .build());
  }

  /** cdk-nag findings on the signer that are decisions, each with its reason. */
  private void suppressReviewedFindings(List<HttpRoute> routes) {
    NagSuppressions.addResourceSuppressions(
        routes,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason(
                    "Every signer route takes a Caller, which the function binds only from a valid "
                        + "KMS-signed bearer token or API key (401 otherwise); a withdrawal or a "
                        + "settlement moves only the caller's own balance, and a refund requires the "
                        + "merchant role (403 otherwise) and pays back only the merchant's own payment "
                        + "requests, from its own balance.")
                .build(),
            NagPackSuppression.builder()
                .id("AwsSolutions-COG4")
                .reason(
                    "Users authenticate with the platform's own KMS-signed JWTs (ES256) and API keys, "
                        + "not a Cognito user pool.")
                .build()),
        true);
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            DataTable.indexWildcardSuppression(),
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(
                    "Wallet keys are created at run time, one per user, so their ARNs are not "
                        + "known here: signing for sweeps is limited to keys tagged "
                        + "stablepay:purpose=wallet with key spec ECC_SECG_P256K1 and usage SIGN_VERIFY.")
                .appliesTo(
                    List.of(
                        RegexAppliesTo.builder()
                            .regex("/^Resource::arn:.*:kms:.*:key\\/\\*$/g")
                            .build()))
                .build()),
        true);
  }

  /**
   * The role the signer's functions run in (and the escrow's, with treasury networks): the one the
   * stack lets sign with the treasury keys.
   */
  public Role role() {
    return role;
  }

  /** Whether the stack has treasury networks, whose keys this role signs with. */
  public boolean signs() {
    return props.signs();
  }

  /** What the signer's functions are built from, as {@link #settings} uses it. */
  WalletApi.Props wallet() {
    return props.wallet();
  }

  /** The API function (transfers, fees, withdrawal status, refunds, settlement, sweeps). */
  public ApiFunction signer() {
    return signer;
  }

  /** The withdrawal tracker, or null without treasury networks. */
  public ApiFunction tracker() {
    return tracker;
  }

  /** The sweeper, or null without treasury networks. */
  public ApiFunction sweeper() {
    return sweeper;
  }

  /** The automatic settlement, or null without treasury networks. */
  public ApiFunction settler() {
    return settler;
  }
}
