package io.stablepay.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The CDK app. What a stage is comes from its stage file, {@code stages/<stage>.json} ({@link
 * StageFile}; context {@code stage}, default dev; context {@code stageFile} names another file),
 * checked against its schema before anything is synthesized. Context flags override single settings
 * of the file: {@code networkProfile}, {@code networks} ("ETHEREUM,POLYGON": the enabled networks,
 * whose node URLs the operator puts into the stage's nodes secret, never the context), {@code
 * treasuryNetworks} ("ETHEREUM,POLYGON"), {@code nativeUsdPrices} ("ETHEREUM=3000,POLYGON=0.5"),
 * {@code mailFrom}, {@code adminEmail}, {@code alarmEmail}, {@code gradualDeployment} and {@code
 * reservedConcurrency} (true/false), {@code kycReviewTimeoutSeconds}, {@code functionEnvironment}
 * ("STABLEPAY_X=a,STABLEPAY_Y=b", on top of the file's, name by name) and {@code chainSettings}
 * (addresses as JSON, {@code {"stablepay":{"chains":{"ethereum":{"tokens":{"usdt":"0x..."}}}}}},
 * merged over the file's field by field). Build inputs are context only: {@code functionJars} (the
 * directory holding every function module's shaded jar, {@code <module>.jar}; default: each
 * module's functions/<module>/target, relative to infra-cdk), {@code stateMachinesDir} (default
 * ../statemachines) and, for the local emulator only, {@code lambdaProxyBaseUrl} (function {@code
 * f} gets {@code MINISTACK_LAMBDA_PROXY_URL=<base>/f}). The stack is named {@code
 * Stablepay-<stage>}.
 */
public final class StablepayApp {

  /** The one network the platform knows that is not EVM. */
  private static final String NOT_EVM = "TRON";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StablepayApp() {}

  public static void main(String[] args) {
    // the output directory is CDK_OUTDIR when set (the CLI sets it), else cdk.out
    App app = new App(AppProps.builder().build());
    StackSettings settings = settings(app);
    new StablepayStack(
        app,
        stackName(settings.stage()),
        StackProps.builder()
            .description("StablePay stablecoin payments (" + settings.stage() + ")")
            .build(),
        settings);
    checkWithCdkNag(app);
    app.synth();
  }

  /**
   * The stack's settings: the stage file ({@code stageFile}, else {@code stages/<stage>.json}),
   * with each context flag given overriding the file's value.
   */
  static StackSettings settings(App app) {
    String stage = context(app, "stage", "dev");
    StageFile file =
        StageFile.load(
            Path.of(
                context(
                    app,
                    "stageFile",
                    StageFile.of(StageFile.DEFAULT_DIRECTORY, stage).toString())));
    String networkList = context(app, "networks", null);
    SortedSet<String> networks = networkList != null ? networks(networkList) : file.networks();
    SortedSet<String> treasuryNetworks =
        treasuryNetworks(context(app, "treasuryNetworks", ""), file.treasuryNetworks());
    String prices = context(app, "nativeUsdPrices", null);
    SortedMap<String, String> functionEnvironment = new TreeMap<>(file.functionEnvironment());
    functionEnvironment.putAll(functionEnvironment(context(app, "functionEnvironment", "")));
    String kycTimeout = context(app, "kycReviewTimeoutSeconds", null);
    return StackSettings.builder()
        .stage(stage)
        .networkProfile(context(app, "networkProfile", file.networkProfile()))
        .networks(networks)
        .quorums(narrowed(file.quorums(), networks))
        .treasuryNetworks(treasuryNetworks)
        .nativeUsdPrices(
            prices != null
                ? nativeUsdPrices(prices, treasuryNetworks)
                : narrowed(file.nativeUsdPrices(), treasuryNetworks))
        .minimumBalances(narrowed(file.minimumBalances(), treasuryNetworks))
        .jars(functionJars(app))
        .chainSettings(
            chainSettings(file.chainSettings().orElse(null), context(app, "chainSettings", null)))
        .functionEnvironment(functionEnvironment)
        .mailFrom(context(app, "mailFrom", file.text("mailFrom").orElse(null)))
        .adminEmail(context(app, "adminEmail", file.text("adminEmail").orElse(null)))
        .alarmEmail(context(app, "alarmEmail", file.text("alarmEmail").orElse(null)))
        .gradualDeployment(flag(app, "gradualDeployment", file.flag("gradualDeployment")))
        .reservedConcurrency(flag(app, "reservedConcurrency", file.flag("reservedConcurrency")))
        .domain(file.domain().orElse(null))
        .throttling(file.throttling())
        .lambdaProxyBaseUrl(context(app, "lambdaProxyBaseUrl", null))
        .stateMachines(stateMachines(app))
        .kycReviewTimeoutSeconds(
            kycTimeout != null || file.kycReviewTimeoutSeconds().isEmpty()
                ? kycReviewTimeoutSeconds(kycTimeout)
                : file.kycReviewTimeoutSeconds().getAsInt())
        .build();
  }

  /**
   * The stage file's settings of the networks a context flag may have narrowed (its quorums of the
   * enabled networks; its prices and minimum balances of the treasury networks).
   */
  private static <T> SortedMap<String, T> narrowed(
      SortedMap<String, T> byNetwork, Set<String> networks) {
    SortedMap<String, T> kept = new TreeMap<>(byNetwork);
    kept.keySet().retainAll(networks);
    return kept;
  }

  /**
   * The stage file's addresses with the {@code chainSettings} context's on top (a local chain's
   * freshly deployed test tokens), merged field by field; null when neither has any.
   */
  static String chainSettings(ObjectNode fromFile, String fromContext) {
    if (fromContext == null) {
      return fromFile == null ? null : fromFile.toString();
    }
    try {
      JsonNode context = JSON.readTree(fromContext);
      if (!context.isObject()) {
        throw new IllegalArgumentException("chainSettings is not a JSON object");
      }
      return fromFile == null
          ? context.toString()
          : merge(fromFile.deepCopy(), (ObjectNode) context).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("chainSettings is not JSON: " + e.getOriginalMessage());
    }
  }

  private static ObjectNode merge(ObjectNode into, ObjectNode from) {
    from.fields()
        .forEachRemaining(
            field -> {
              JsonNode existing = into.get(field.getKey());
              if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode) {
                merge(target, (ObjectNode) field.getValue());
              } else {
                into.set(field.getKey(), field.getValue());
              }
            });
    return into;
  }

  /** A true/false context flag, else {@code fallback}. */
  private static boolean flag(App app, String key, boolean fallback) {
    String value = context(app, key, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " '" + value + "' is not true or false");
    };
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
