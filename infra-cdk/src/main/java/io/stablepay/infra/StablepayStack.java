package io.stablepay.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.constructs.Construct;

/**
 * The platform in one stack: the table, the HTTP API, each API function, their keys (the key that
 * seals merchants' webhook secrets included), merchants' webhook delivery, the treasury and
 * gas-tank keys of each EVM network, the withdrawal signer (the one role that may sign with them,
 * and the one function that moves money off the ledger or between users), KYC review (the documents
 * bucket, the workflow and its functions), subscriptions (the charging workflow and its functions),
 * escrow (the holding workflow and its functions, which run in the signer's role where there are
 * treasury keys, for escrows held on-chain), the alarms, the operators' dashboard and, where the
 * stage asks for it, the API functions' gradual deployment. Each concern is a construct of its own
 * that also carries its cdk-nag decisions; this class only composes them and exports what `make
 * run` and operators need.
 */
public final class StablepayStack extends Stack {

  /** The repository's statemachines/ as seen from infra-cdk, where cdk and Maven run. */
  static final Path DEFAULT_STATE_MACHINES = Path.of("..", "statemachines");

  /** Stages whose data may go with the stack. */
  private static final Set<String> DISPOSABLE_STAGES = Set.of("dev", "local", "test");

  /** The stage `make run` deploys into the local emulator. */
  static final String LOCAL_STAGE = "local";

  /**
   * What differs between deployments.
   *
   * @param stage dev, local, test (disposable) or any other name (retained data)
   * @param networkProfile which network registry the functions load
   * @param treasuryNetworks the EVM networks that get a treasury and a gas-tank key (none: no
   *     {@link TreasuryKeys} and no {@link WithdrawalSigner})
   * @param nativeUsdPrices the dollar price of each treasury network's native coin, for withdrawal
   *     fee quotes, sorted by network id
   * @param jars each function module's shaded jar ({@link Handler#MODULES})
   * @param chainSettings token and contract addresses that complete the registry, as a JSON
   *     property source ({@code {"stablepay":{"chains":{...}}}}), or null
   * @param functionEnvironment settings every function gets on top of its own, sorted by name
   * @param mailFrom the sender of account mail
   * @param adminEmail the first administrator's account
   * @param lambdaProxyBaseUrl local only: invocations of function {@code f} go to {@code <base>/f};
   *     null elsewhere
   * @param stateMachines the directory of the workflows' definitions (the repository's
   *     statemachines/)
   * @param kycReviewTimeoutSeconds how long a KYC review waits for an administrator, first and once
   *     escalated
   * @param alarmEmail the address the alarm topic mails, else null (no e-mail subscription)
   * @param gradualDeployment the API functions take a new version through CodeDeploy (a canary
   *     rolled back on their alarms) rather than all at once; off where CodeDeploy is not there
   *     (the local emulator)
   * @param reservedConcurrency the background functions reserve their concurrency (an account's
   *     default quota of 10 cannot give any)
   * @param domain the API's own name, served through CloudFront with AWS WAF, or null
   * @param throttling API Gateway throttling of each route that moves money
   * @param networks the enabled networks (those with nodes), by id; their node URLs are in the
   *     stage's {@link NodesSecret}, never in the template
   * @param quorums node endpoints that must agree on a crediting read, by network id (absent: one)
   */
  public record Settings(
      String stage,
      String networkProfile,
      SortedSet<String> treasuryNetworks,
      SortedMap<String, String> nativeUsdPrices,
      FunctionJars jars,
      String chainSettings,
      SortedMap<String, String> functionEnvironment,
      String mailFrom,
      String adminEmail,
      String lambdaProxyBaseUrl,
      Path stateMachines,
      int kycReviewTimeoutSeconds,
      String alarmEmail,
      boolean gradualDeployment,
      boolean reservedConcurrency,
      Domain domain,
      Throttling throttling,
      SortedSet<String> networks,
      SortedMap<String, Integer> quorums) {

    public Settings {
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(stateMachines, "stateMachines");
      Objects.requireNonNull(networkProfile, "networkProfile");
      Objects.requireNonNull(jars, "jars");
      networks = new TreeSet<>(networks);
      quorums = new TreeMap<>(quorums);
      if (!networks.containsAll(quorums.keySet())) {
        throw new IllegalArgumentException(
            "quorums " + quorums.keySet() + " are only for enabled networks " + networks);
      }
      treasuryNetworks = new TreeSet<>(treasuryNetworks);
      nativeUsdPrices = new TreeMap<>(nativeUsdPrices);
      functionEnvironment = new TreeMap<>(functionEnvironment);
      if (!treasuryNetworks.containsAll(nativeUsdPrices.keySet())) {
        throw new IllegalArgumentException(
            "native coin prices "
                + nativeUsdPrices.keySet()
                + " are only for treasury networks "
                + treasuryNetworks);
      }
      mailFrom = mailFrom != null ? mailFrom : "no-reply@" + stage + ".stablepay.local";
      adminEmail = adminEmail != null ? adminEmail : "admin@" + stage + ".stablepay.local";
      throttling = throttling != null ? throttling : Throttling.DEFAULT;
    }

    public static Builder builder() {
      return new Builder();
    }

    boolean disposable() {
      return DISPOSABLE_STAGES.contains(stage);
    }

    /** The local emulator's stage, whose S3 has no bucket host names. */
    boolean emulated() {
      return LOCAL_STAGE.equals(stage);
    }

    public static final class Builder {
      private String stage = "dev";
      private String networkProfile = "mainnet";
      private final SortedSet<String> treasuryNetworks = new TreeSet<>();
      private final SortedMap<String, String> nativeUsdPrices = new TreeMap<>();
      private FunctionJars jars;
      private String chainSettings;
      private final SortedMap<String, String> functionEnvironment = new TreeMap<>();
      private String mailFrom;
      private String adminEmail;
      private String lambdaProxyBaseUrl;
      private Path stateMachines = DEFAULT_STATE_MACHINES;
      private int kycReviewTimeoutSeconds = KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS;
      private String alarmEmail;
      private boolean gradualDeployment;
      private boolean reservedConcurrency;
      private Domain domain;
      private Throttling throttling = Throttling.DEFAULT;
      private final SortedSet<String> networks = new TreeSet<>();
      private final SortedMap<String, Integer> quorums = new TreeMap<>();

      public Builder stage(String stage) {
        this.stage = stage;
        return this;
      }

      public Builder networkProfile(String networkProfile) {
        this.networkProfile = networkProfile;
        return this;
      }

      public Builder treasuryNetworks(Collection<String> networks) {
        this.treasuryNetworks.addAll(networks);
        return this;
      }

      public Builder nativeUsdPrices(Map<String, String> prices) {
        this.nativeUsdPrices.putAll(prices);
        return this;
      }

      public Builder jars(FunctionJars jars) {
        this.jars = jars;
        return this;
      }

      /** Settings every function gets on top of its own ({@code STABLEPAY_*} variables). */
      public Builder functionEnvironment(Map<String, String> variables) {
        this.functionEnvironment.putAll(variables);
        return this;
      }

      /** Token and contract addresses as a JSON property source (local chains). */
      public Builder chainSettings(String json) {
        this.chainSettings = json;
        return this;
      }

      public Builder mailFrom(String mailFrom) {
        this.mailFrom = mailFrom;
        return this;
      }

      public Builder adminEmail(String adminEmail) {
        this.adminEmail = adminEmail;
        return this;
      }

      public Builder lambdaProxyBaseUrl(String url) {
        this.lambdaProxyBaseUrl = url;
        return this;
      }

      /** The workflows' definitions (default ../statemachines, from infra-cdk). */
      public Builder stateMachines(Path directory) {
        this.stateMachines = directory;
        return this;
      }

      /** How long a KYC review waits for an administrator (default a week). */
      public Builder kycReviewTimeoutSeconds(int seconds) {
        this.kycReviewTimeoutSeconds = seconds;
        return this;
      }

      /** The address the alarm topic mails (default none: no e-mail subscription). */
      public Builder alarmEmail(String email) {
        this.alarmEmail = email;
        return this;
      }

      /** Whether the API functions deploy through CodeDeploy (default false: all at once). */
      public Builder gradualDeployment(boolean gradual) {
        this.gradualDeployment = gradual;
        return this;
      }

      /** The background functions reserve their concurrency (default off). */
      public Builder reservedConcurrency(boolean reservedConcurrency) {
        this.reservedConcurrency = reservedConcurrency;
        return this;
      }

      /** The API's own name through CloudFront with AWS WAF (default none). */
      public Builder domain(Domain domain) {
        this.domain = domain;
        return this;
      }

      /** Throttling of the routes that move money (default {@link Throttling#DEFAULT}). */
      public Builder throttling(Throttling throttling) {
        this.throttling = throttling;
        return this;
      }

      /** The enabled networks (those with nodes). */
      public Builder networks(Collection<String> networks) {
        this.networks.addAll(networks);
        return this;
      }

      /** Node endpoints that must agree on a crediting read, by network (default one). */
      public Builder quorums(Map<String, Integer> quorums) {
        this.quorums.putAll(quorums);
        return this;
      }

      public Settings build() {
        return new Settings(
            stage,
            networkProfile,
            treasuryNetworks,
            nativeUsdPrices,
            jars,
            chainSettings,
            functionEnvironment,
            mailFrom,
            adminEmail,
            lambdaProxyBaseUrl,
            stateMachines,
            kycReviewTimeoutSeconds,
            alarmEmail,
            gradualDeployment,
            reservedConcurrency,
            domain,
            throttling,
            networks,
            quorums);
      }
    }
  }

  /**
   * The API's own name, served through CloudFront with AWS WAF.
   *
   * @param name the host name
   * @param certificateArn an ACM certificate for it, in us-east-1 (CloudFront's region)
   */
  public record Domain(String name, String certificateArn) {

    public Domain {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(certificateArn, "certificateArn");
    }
  }

  /**
   * API Gateway throttling of each route that moves money.
   *
   * @param ratePerSecond steady requests per second
   * @param burst requests above the rate a burst may take
   */
  public record Throttling(int ratePerSecond, int burst) {

    /** 50 requests a second, bursts of 100: far above one merchant's or user's honest use. */
    public static final Throttling DEFAULT = new Throttling(50, 100);

    public Throttling {
      if (ratePerSecond < 1 || burst < 1) {
        throw new IllegalArgumentException("throttling needs a positive rate and burst");
      }
    }
  }

  public StablepayStack(Construct scope, String id, StackProps props, Settings settings) {
    super(scope, id, props);
    DataTable data =
        new DataTable(
            this, "Data", DataTable.Props.builder().disposable(settings.disposable()).build());
    NodesSecret nodes = new NodesSecret(this, "Nodes", settings.stage(), settings.disposable());
    HttpApiGateway gateway =
        new HttpApiGateway(
            this,
            "Http",
            HttpApiGateway.Props.builder()
                .apiName("stablepay-" + settings.stage())
                .moneyRoutes(settings.throttling())
                .build());
    BlockchainApi blockchain =
        new BlockchainApi(
            this,
            "BlockchainApi",
            BlockchainApi.Props.builder()
                .gateway(gateway)
                .jars(settings.jars())
                .networkProfile(settings.networkProfile())
                .networks(settings.networks())
                .quorums(settings.quorums())
                .nodesSecret(nodes.secret())
                .chainSettings(settings.chainSettings())
                .lambdaProxyBaseUrl(settings.lambdaProxyBaseUrl())
                .environment(settings.functionEnvironment())
                .build());
    ServiceKey jwtKey = ServiceKey.jwtSigning(this, settings.disposable());
    ServiceKey apiKeyMac = ServiceKey.apiKeyMac(this, settings.disposable());
    ServiceKey secretsKey = ServiceKey.webhookSecrets(this, settings.disposable());
    AuthApi auth =
        new AuthApi(
            this,
            "AuthApi",
            AuthApi.Props.builder()
                .gateway(gateway)
                .jars(settings.jars())
                .table(data.table())
                .keys(jwtKey, apiKeyMac)
                .mailFrom(settings.mailFrom())
                .adminEmail(settings.adminEmail())
                .networkProfile(settings.networkProfile())
                .lambdaProxyBaseUrl(settings.lambdaProxyBaseUrl())
                .environment(settings.functionEnvironment())
                .build());
    WalletApi.Props platform =
        WalletApi.Props.builder()
            .gateway(gateway)
            .jars(settings.jars())
            .table(data.table())
            .keys(jwtKey, apiKeyMac)
            .networkProfile(settings.networkProfile())
            .networks(settings.networks())
            .quorums(settings.quorums())
            .nodesSecret(nodes.secret())
            .chainSettings(settings.chainSettings())
            .lambdaProxyBaseUrl(settings.lambdaProxyBaseUrl())
            .environment(settings.functionEnvironment())
            .build();
    WalletApi wallet = new WalletApi(this, "WalletApi", platform);
    ChainWatcher watcher = new ChainWatcher(this, "ChainWatcher", new ChainWatcher.Props(platform));
    // merchants and payment requests need no treasury network: always there
    MerchantApi merchant =
        new MerchantApi(this, "MerchantApi", new MerchantApi.Props(platform, secretsKey));
    WebhookDelivery webhooks =
        new WebhookDelivery(this, "Webhooks", new WebhookDelivery.Props(platform, secretsKey));
    // KYC reviews need no treasury network either: always there
    KycReview kyc =
        new KycReview(
            this,
            "KycReview",
            KycReview.Props.builder()
                .wallet(platform)
                .definition(settings.stateMachines().resolve(KycReview.DEFINITION_FILE))
                .reviewTimeoutSeconds(settings.kycReviewTimeoutSeconds())
                .mail(settings.mailFrom(), auth.mailSender())
                .pathStyle(settings.emulated())
                .build());
    // subscriptions are ledger transfers: no treasury network needed, always there
    Subscriptions subscriptions =
        new Subscriptions(
            this,
            "Subscriptions",
            new Subscriptions.Props(
                platform, settings.stateMachines().resolve(Subscriptions.DEFINITION_FILE)));
    // transfers and refunds are always the signer's; it signs only with treasury networks
    boolean treasuries = !settings.treasuryNetworks().isEmpty();
    WithdrawalSigner signer =
        new WithdrawalSigner(
            this,
            "Withdrawals",
            new WithdrawalSigner.Props(platform, settings.nativeUsdPrices(), treasuries));
    if (treasuries) {
      TreasuryKeys treasury =
          new TreasuryKeys(
              this,
              "Treasury",
              TreasuryKeys.Props.builder()
                  .networks(settings.treasuryNetworks())
                  .disposable(settings.disposable())
                  .build());
      // the wallet function shows the treasury (addresses and balances); only the signer signs
      treasury.grantReadPublicKeys(wallet.function().role());
      treasury.grantSign(signer.role());
    }
    // escrows are held in the ledger, always there; with treasury networks they may be held
    // on-chain too, so all the escrow's functions then run in the signer's role (it signs for them)
    Escrow escrow =
        new Escrow(
            this,
            "Escrow",
            new Escrow.Props(platform, settings.stateMachines().resolve(Escrow.DEFINITION_FILE)),
            treasuries ? signer : null);
    Observability.Props.Builder alarms =
        Observability.Props.builder()
            .api(gateway.api())
            .function("Blockchain", blockchain.function().function())
            .function("Auth", auth.function().function())
            .function("Wallet", wallet.function().function())
            .function("Watcher", watcher.function().function())
            .function("Merchant", merchant.function().function())
            .function("Signer", signer.signer().function())
            .function("WebhookRelay", webhooks.relay().function())
            .function("WebhookDispatcher", webhooks.dispatcher().function())
            .function("Kyc", kyc.function().function())
            .stateMachine("KycReview", kyc.stateMachine())
            .function("Subscriptions", subscriptions.function().function())
            .stateMachine("Subscription", subscriptions.stateMachine())
            .function("Escrow", escrow.function().function())
            .stateMachine("Escrow", escrow.stateMachine())
            .watcher(watcher.function().function(), watcher.function().logs())
            .webhooks(webhooks.relay().function(), webhooks.deadLetterQueue());
    // each workflow step is a function of its own, alarmed as the others
    for (var steps : List.of(kyc.steps(), subscriptions.steps(), escrow.steps())) {
      steps.forEach((step, function) -> alarms.function(step.id(), function.function()));
    }
    if (treasuries) {
      alarms
          .function("WithdrawalTracker", signer.tracker().function())
          .function("Sweeper", signer.sweeper().function())
          .function("Settler", signer.settler().function())
          .withdrawalTracker(signer.tracker().function())
          .sweeper(signer.sweeper().function());
    }
    Observability observability =
        new Observability(this, "Alarms", alarms.alarmEmail(settings.alarmEmail()).build());
    new OperationsDashboard(
        this,
        "Dashboard",
        new OperationsDashboard.Props(
            settings.stage(),
            gateway.api(),
            webhooks.queue(),
            webhooks.deadLetterQueue(),
            Observability.DEFAULT_WATCHER_LAG_BLOCKS,
            treasuries));
    if (settings.gradualDeployment()) {
      // the functions behind the HTTP API, by the name their alarms carry
      new GradualDeployment(
          this,
          "Deployments",
          observability,
          new TreeMap<>(
              Map.of(
                  "Blockchain",
                  blockchain.function(),
                  "Auth",
                  auth.function(),
                  "Wallet",
                  wallet.function(),
                  "Merchant",
                  merchant.function(),
                  "Signer",
                  signer.signer(),
                  "Kyc",
                  kyc.function(),
                  "Subscriptions",
                  subscriptions.function(),
                  "Escrow",
                  escrow.function())));
    }
    if (settings.reservedConcurrency()) {
      List<ApiFunction> loops = new ArrayList<>(List.of(watcher.function(), webhooks.relay()));
      if (treasuries) {
        loops.addAll(List.of(signer.tracker(), signer.sweeper(), signer.settler()));
      }
      reserveOneExecution(loops);
    }

    if (settings.domain() != null) {
      ApiEdge edge = new ApiEdge(this, "Edge", gateway.api(), settings.domain());
      output("ApiUrl", "https://" + settings.domain().name() + "/");
      // operators point the domain's DNS record (CNAME or alias) at this name
      output("ApiDistributionDomainName", edge.distribution().getDistributionDomainName());
    }
    output("TableName", data.table().getTableName());
    output("HttpApiId", gateway.api().getApiId());
    output("HttpApiUrl", gateway.api().getApiEndpoint() + "/");
    output("JwtKeyId", jwtKey.key().getKeyId());
    output("ApiKeyMacKeyId", apiKeyMac.key().getKeyId());
    output("SecretsKeyId", secretsKey.key().getKeyId());
    output("MailFrom", settings.mailFrom());
    output("AdminEmail", settings.adminEmail());
    output("AdminPasswordSecretArn", auth.adminPassword().getSecretArn());
    // operators give its value to the node provider that pushes chain events
    output("ChainEventsSecretArn", merchant.chainEventsSecret().getSecretArn());
    // operators put the node URLs here (the README's deploy section has the command)
    output("NodesSecretArn", nodes.secret().getSecretArn());
    output("WebhookQueueUrl", webhooks.queue().getQueueUrl());
    output("WebhookDeadLetterQueueUrl", webhooks.deadLetterQueue().getQueueUrl());
    output("KycReviewStateMachineArn", kyc.stateMachine().getStateMachineArn());
    output("DocumentsBucketName", kyc.documents().getBucketName());
    output("SubscriptionStateMachineArn", subscriptions.stateMachine().getStateMachineArn());
    output("EscrowStateMachineArn", escrow.stateMachine().getStateMachineArn());
  }

  /**
   * Reserves one concurrent execution for each background loop, on top of the leases that keep the
   * tracker, the sweeper and the relay to one run at a time (the watcher's and the settler's writes
   * are idempotent or conditional, so their runs may overlap): a stage turns it on only in an
   * account whose concurrency quota is above the default 10, since Lambda keeps 10 unreserved.
   */
  private static void reserveOneExecution(List<ApiFunction> loops) {
    for (ApiFunction loop : loops) {
      ((CfnFunction) loop.function().getNode().getDefaultChild())
          .setReservedConcurrentExecutions(1);
    }
  }

  private void output(String name, String value) {
    CfnOutput.Builder.create(this, name).value(value).build();
  }
}
