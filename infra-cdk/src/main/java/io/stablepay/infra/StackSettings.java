package io.stablepay.infra;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between deployments.
 *
 * @param stage dev, local, test (disposable) or any other name (retained data)
 * @param networkProfile which network registry the functions load
 * @param treasuryNetworks the EVM networks that get a treasury and a gas-tank key (none: no {@link
 *     TreasuryKeys} and no {@link WithdrawalSigner})
 * @param nativeUsdPrices the dollar price of each treasury network's native coin, for withdrawal
 *     fee quotes, sorted by network id
 * @param jars each function module's shaded jar ({@link Handler#MODULES})
 * @param chainSettings token and contract addresses that complete the registry, as a JSON property
 *     source ({@code {"stablepay":{"chains":{...}}}}), or null
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
 * @param gradualDeployment the API functions take a new version through CodeDeploy (a canary rolled
 *     back on their alarms) rather than all at once; off where CodeDeploy is not there (the local
 *     emulator)
 * @param reservedConcurrency the background functions reserve their concurrency (an account's
 *     default quota of 10 cannot give any)
 * @param domain the API's own name, served through CloudFront with AWS WAF, or null
 * @param throttling API Gateway throttling of each route that moves money
 * @param networks the enabled networks (those with nodes), by id; their node URLs are in the
 *     stage's {@link NodesSecret}, never in the template
 * @param quorums node endpoints that must agree on a crediting read, by network id (absent: one)
 * @param minimumBalances what each treasury network's wallets should hold at least, by network id
 *     (absent: no balance alarm)
 */
public record StackSettings(
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
    SortedMap<String, Integer> quorums,
    SortedMap<String, MinimumBalances> minimumBalances) {

  /** Stages whose data may go with the stack. */
  private static final Set<String> DISPOSABLE_STAGES = Set.of("dev", "local", "test");

  public StackSettings {
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
    minimumBalances = new TreeMap<>(minimumBalances);
    if (!treasuryNetworks.containsAll(minimumBalances.keySet())) {
      throw new IllegalArgumentException(
          "minimum balances "
              + minimumBalances.keySet()
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
    return StablepayStack.LOCAL_STAGE.equals(stage);
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
    private Path stateMachines = StablepayStack.DEFAULT_STATE_MACHINES;
    private int kycReviewTimeoutSeconds = KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS;
    private String alarmEmail;
    private boolean gradualDeployment;
    private boolean reservedConcurrency;
    private Domain domain;
    private Throttling throttling = Throttling.DEFAULT;
    private final SortedSet<String> networks = new TreeSet<>();
    private final SortedMap<String, Integer> quorums = new TreeMap<>();
    private final SortedMap<String, MinimumBalances> minimumBalances = new TreeMap<>();

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

    /** What each treasury network's wallets should hold at least (default: no alarm). */
    public Builder minimumBalances(Map<String, MinimumBalances> minimums) {
      this.minimumBalances.putAll(minimums);
      return this;
    }

    public StackSettings build() {
      return new StackSettings(
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
          quorums,
          minimumBalances);
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
}
