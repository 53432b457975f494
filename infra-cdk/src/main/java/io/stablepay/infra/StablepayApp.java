package io.stablepay.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.IConstruct;

/**
 * The CDK app. Context: {@code stage} (dev), {@code networkProfile} (mainnet), {@code networks}
 * ("ETHEREUM,POLYGON": the enabled networks, whose node URLs the operator puts into the stage's
 * nodes secret, never the context), {@code treasuryNetworks} ("ETHEREUM,POLYGON": the EVM networks
 * that get a treasury and a gas-tank key; default: the {@code networks} but TRON; they also get the
 * withdrawal signer), {@code nativeUsdPrices} ("ETHEREUM=3000,POLYGON=0.5": the dollar price of a
 * treasury network's native coin, for withdrawal fee quotes), {@code mailFrom} (the verified sender
 * of account mail), {@code adminEmail} (the first administrator; its password is generated into
 * Secrets Manager), {@code functionJars} (the directory holding every function module's shaded jar,
 * {@code <module>.jar}; default: each module's functions/<module>/target, relative to infra-cdk),
 * {@code chainSettings} (token and contract addresses that complete the network registry, as JSON:
 * {@code {"stablepay":{"chains":{"ethereum":{"tokens":{"usdt":"0x..."}}}}}}; a local chain's
 * freshly deployed contracts), {@code functionEnvironment} (settings every function gets on top of
 * its own: "NAME=value,NAME=value" of STABLEPAY_* variables, e.g. the local stage's
 * STABLEPAY_WEBHOOKS_ALLOW_HTTP=true), {@code stateMachinesDir} (the workflows' definitions;
 * default ../statemachines, relative to infra-cdk), {@code kycReviewTimeoutSeconds} (how long a KYC
 * review waits for an administrator, first and once escalated: a whole number of seconds; default a
 * week) and, for the local emulator only, {@code lambdaProxyBaseUrl} (function {@code f} gets
 * {@code MINISTACK_LAMBDA_PROXY_URL=<base>/f}). The stack is named {@code Stablepay-<stage>}.
 */
public final class StablepayApp {

  /** The one network the platform knows that is not EVM. */
  private static final String NOT_EVM = "TRON";

  private StablepayApp() {}

  public static void main(String[] args) {
    // the output directory is CDK_OUTDIR when set (the CLI sets it), else cdk.out
    App app = new App(AppProps.builder().build());
    String stage = context(app, "stage", "dev");
    SortedSet<String> networks = networks(context(app, "networks", ""));
    SortedSet<String> treasuryNetworks =
        treasuryNetworks(context(app, "treasuryNetworks", ""), networks);
    StablepayStack.Settings settings =
        StablepayStack.Settings.builder()
            .stage(stage)
            .networkProfile(context(app, "networkProfile", "mainnet"))
            .networks(networks)
            .treasuryNetworks(treasuryNetworks)
            .nativeUsdPrices(nativeUsdPrices(context(app, "nativeUsdPrices", ""), treasuryNetworks))
            .jars(functionJars(app))
            .chainSettings(context(app, "chainSettings", null))
            .functionEnvironment(functionEnvironment(context(app, "functionEnvironment", "")))
            .mailFrom(context(app, "mailFrom", null))
            .adminEmail(context(app, "adminEmail", null))
            .lambdaProxyBaseUrl(context(app, "lambdaProxyBaseUrl", null))
            .stateMachines(stateMachines(app))
            .kycReviewTimeoutSeconds(kycReviewTimeoutSeconds(app))
            .build();
    new StablepayStack(
        app,
        stackName(stage),
        StackProps.builder().description("StablePay stablecoin payments (" + stage + ")").build(),
        settings);
    checkWithCdkNag(app);
    app.synth();
  }

  /**
   * Each function module's shaded jar: {@code <functionJars>/<module>.jar} when the context names a
   * directory, else {@code ../functions/<module>/target/<module>.jar}. Every jar must exist before
   * anything is synthesized.
   */
  private static FunctionJars functionJars(App app) {
    String directory = context(app, "functionJars", null);
    Map<String, Code> jars = new TreeMap<>();
    for (String module : Handler.MODULES) {
      Path jar =
          directory != null
              ? Path.of(directory, module + ".jar")
              : Path.of("..", "functions", module, "target", module + ".jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar.toAbsolutePath().normalize() + " is missing: run `make build`");
      }
      jars.put(module, Code.fromAsset(jar.toString()));
    }
    return jars::get;
  }

  /** The workflows' definitions: context {@code stateMachinesDir}, else ../statemachines. */
  static Path stateMachines(App app) {
    Path directory =
        Path.of(context(app, "stateMachinesDir", StablepayStack.DEFAULT_STATE_MACHINES.toString()));
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          directory.toAbsolutePath().normalize()
              + " is missing: run cdk from infra-cdk or set -c stateMachinesDir=<repo>/statemachines");
    }
    return directory;
  }

  /** Context {@code kycReviewTimeoutSeconds}, else a week. */
  static int kycReviewTimeoutSeconds(App app) {
    return kycReviewTimeoutSeconds(context(app, "kycReviewTimeoutSeconds", null));
  }

  /**
   * Parses a KYC review timeout: a whole number of seconds, 1 to {@link
   * KycReview#MAX_REVIEW_TIMEOUT_SECONDS}; null means the default (a week).
   */
  static int kycReviewTimeoutSeconds(String spec) {
    if (spec == null) {
      return KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS;
    }
    String seconds = spec.trim();
    if (!seconds.matches("[0-9]{1,9}")
        || Integer.parseInt(seconds) < 1
        || Integer.parseInt(seconds) > KycReview.MAX_REVIEW_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          "kycReviewTimeoutSeconds '"
              + spec
              + "' is not a "
              + "whole number of seconds from 1 to "
              + KycReview.MAX_REVIEW_TIMEOUT_SECONDS);
    }
    return Integer.parseInt(seconds);
  }

  public static String stackName(String stage) {
    return "Stablepay-" + stage;
  }

  /** AwsSolutions rules on every synth: an unsuppressed error stops synth and deploy. */
  public static void checkWithCdkNag(IConstruct scope) {
    Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
  }

  /** Parses "ETHEREUM,POLYGON" (context {@code networks}) into a sorted set of network ids. */
  static SortedSet<String> networks(String spec) {
    return networkIds("networks", spec);
  }

  /**
   * Parses "ETHEREUM,POLYGON" into a sorted set of network ids; blank means the enabled {@code
   * networks} but TRON (the treasury and gas-tank keys are per EVM network).
   */
  static SortedSet<String> treasuryNetworks(String spec, Collection<String> enabled) {
    if (spec.isBlank()) {
      SortedSet<String> networks = new TreeSet<>(enabled);
      networks.remove(NOT_EVM);
      return networks;
    }
    return networkIds("treasuryNetworks", spec);
  }

  private static SortedSet<String> networkIds(String context, String spec) {
    SortedSet<String> networks = new TreeSet<>();
    for (String entry : spec.split(",")) {
      String network = entry.trim();
      if (network.isEmpty()) {
        continue;
      }
      if (!network.matches("[A-Z][A-Z0-9_]*")) {
        throw new IllegalArgumentException(
            context + " entry '" + entry + "' is not a network id (ETHEREUM)");
      }
      networks.add(network);
    }
    return networks;
  }

  /**
   * Parses "ETHEREUM=3000,POLYGON=0.5" into a map sorted by network id: each a treasury network,
   * each price a positive decimal with at most 8 decimals (no sign, exponent or grouping).
   */
  static SortedMap<String, String> nativeUsdPrices(String spec, Set<String> treasuryNetworks) {
    SortedMap<String, String> prices = new TreeMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || !parts[0].trim().matches("[A-Z][A-Z0-9_]*")) {
        throw new IllegalArgumentException(
            "nativeUsdPrices entry '" + entry + "' is not NETWORK=price (ETHEREUM=3000)");
      }
      String network = parts[0].trim();
      String price = parts[1].trim();
      if (!WithdrawalSigner.Props.isUsdPrice(price)) {
        throw new IllegalArgumentException(
            "nativeUsdPrices entry '"
                + entry
                + "': '"
                + price
                + "' is not a positive decimal with at most 8 decimals (3000, 0.5)");
      }
      if (!treasuryNetworks.contains(network)) {
        throw new IllegalArgumentException(
            "nativeUsdPrices entry '"
                + entry
                + "': "
                + network
                + " is not a treasury network "
                + treasuryNetworks);
      }
      if (prices.put(network, price) != null) {
        throw new IllegalArgumentException("nativeUsdPrices names " + network + " twice");
      }
    }
    return prices;
  }

  /**
   * Parses "STABLEPAY_X=a,STABLEPAY_Y=b" into variables sorted by name: only {@code STABLEPAY_*}
   * names (the platform's own settings), each once, values without commas.
   */
  static SortedMap<String, String> functionEnvironment(String spec) {
    SortedMap<String, String> variables = new TreeMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", 2);
      if (parts.length != 2 || !parts[0].matches("STABLEPAY_[A-Z0-9_]+")) {
        throw new IllegalArgumentException(
            "functionEnvironment entry '" + entry + "' is not STABLEPAY_NAME=value");
      }
      if (variables.put(parts[0], parts[1]) != null) {
        throw new IllegalArgumentException("functionEnvironment names " + parts[0] + " twice");
      }
    }
    return variables;
  }

  /** A context value; absent or blank ({@code -c key=}) means the fallback. */
  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null || value.toString().isBlank() ? fallback : value.toString();
  }
}
