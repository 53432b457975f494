package io.stablepay.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** The stage `make run` deploys into the local emulator. */
  static final String LOCAL_STAGE = "local";

  public StablepayStack(Construct scope, String id, StackProps props, StackSettings settings) {
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
    // the levels the dashboard and the balance alarms read, every five minutes
    Gauges gauges =
        new Gauges(this, "Gauges", new Gauges.Props(platform, settings.minimumBalances()));
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
      // the gauges read what the treasuries hold, as the wallet function does
      treasury.grantReadPublicKeys(gauges.function().role());
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
            .function("Gauges", gauges.function().function())
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
    gauges.alarmBelowMinimums(observability.topic());
    new OperationsDashboard(
        this,
        "Dashboard",
        new OperationsDashboard.Props(
            settings.stage(),
            gateway.api(),
            webhooks.queue(),
            webhooks.deadLetterQueue(),
            Observability.DEFAULT_WATCHER_LAG_BLOCKS,
            OperationsDashboard.treasuries(
                settings.treasuryNetworks(), settings.minimumBalances())));
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
