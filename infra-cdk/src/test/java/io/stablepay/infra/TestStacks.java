package io.stablepay.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;

/**
 * Builds stacks as the app does, but writing into a temporary directory and with a placeholder code
 * asset instead of every function module's real jar ({@link #jars}), so no test needs a function
 * build.
 */
final class TestStacks {

  /** The enabled networks of most stacks. */
  static final Set<String> NETWORKS = Set.of("POLYGON", "ETHEREUM");

  /** Native coin prices; a stack gets those of its treasury networks. */
  static final Map<String, String> NATIVE_USD_PRICES =
      Map.of("ETHEREUM", "3000", "POLYGON", "0.50");

  /** Minimum balances; a stack gets those of its treasury networks. */
  static final Map<String, MinimumBalances> MINIMUM_BALANCES =
      Map.of(
          "ETHEREUM",
          new MinimumBalances(new BigDecimal("0.5"), Map.of("USDT", new BigDecimal("1000"))));

  /**
   * The repository's statemachines/: from the root Maven passes ({@code stablepay.root}), else from
   * infra-cdk, where Maven runs the tests.
   */
  static final Path STATE_MACHINES =
      Path.of(System.getProperty("stablepay.root", "..")).resolve("statemachines");

  /** The one file of the placeholder code asset, and what it holds. */
  static final String PLACEHOLDER_FILE = "placeholder.txt";

  static final String PLACEHOLDER_TEXT = "function code";

  /** The stacks {@link #shared} synthesized in this run, by what they were built from. */
  private static final Map<List<Object>, Synthesized> SHARED = new HashMap<>();

  private static Path sharedDir;

  private TestStacks() {}

  /** A synthesized stack and its template. */
  record Synthesized(StablepayStack stack, Template template) {}

  /** The {@code prod} stage's stack with the treasury networks of {@link #NETWORKS}. */
  static Synthesized prod() {
    return shared("prod", null, NETWORKS, true);
  }

  /** A stack whose only network is Tron: no EVM network, no treasury network. */
  static Synthesized tronOnly() {
    return shared("tron", null, Set.of("TRON"), true);
  }

  /**
   * The stack {@link #stack} (or, without {@code treasury}, {@link #withoutTreasury}) builds for
   * these settings, synthesized once per test run and shared by every test class that asks:
   * synthesis takes seconds, and tests read a stack, never change it. Their directory goes when the
   * run's JVM exits.
   */
  static synchronized Synthesized shared(
      String stage, String lambdaProxyBaseUrl, Collection<String> networks, boolean treasury) {
    List<Object> key =
        List.of(stage, String.valueOf(lambdaProxyBaseUrl), new TreeSet<>(networks), treasury);
    Synthesized known = SHARED.get(key);
    if (known != null) {
      return known;
    }
    try {
      Path workDir = sharedDir().resolve("stack-" + SHARED.size());
      StablepayStack stack =
          treasury
              ? stack(workDir, stage, lambdaProxyBaseUrl, networks)
              : stack(workDir, stage, lambdaProxyBaseUrl, networks, Map.of(), new TreeSet<>());
      Synthesized built = new Synthesized(stack, Template.fromStack(stack));
      SHARED.put(key, built);
      return built;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path sharedDir() throws IOException {
    if (sharedDir == null) {
      Path dir = Files.createTempDirectory("stablepay-stacks");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
      sharedDir = dir;
    }
    return sharedDir;
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a temporary directory the system cleans up anyway
    }
  }

  /** The whole platform stack for {@code stage}, checked by cdk-nag like the app's. */
  static StablepayStack stack(Path workDir, String stage, String lambdaProxyBaseUrl)
      throws IOException {
    return stack(workDir, stage, lambdaProxyBaseUrl, NETWORKS);
  }

  static StablepayStack stack(
      Path workDir, String stage, String lambdaProxyBaseUrl, Collection<String> networks)
      throws IOException {
    return stack(workDir, stage, lambdaProxyBaseUrl, networks, Map.of());
  }

  /**
   * The whole platform stack, with {@code context} as {@code -c key=value} would give it (the
   * settings the app reads from the context through StablepayApp's own parsing: the workflows'
   * directory, the KYC review timeout and {@code functionEnvironment}; and {@code chainSettings},
   * the JSON the app passes on as it is).
   */
  static StablepayStack stack(
      Path workDir,
      String stage,
      String lambdaProxyBaseUrl,
      Collection<String> networks,
      Map<String, String> context)
      throws IOException {
    return stack(
        workDir,
        stage,
        lambdaProxyBaseUrl,
        networks,
        context,
        StablepayApp.treasuryNetworks("", networks));
  }

  /**
   * The whole platform stack for {@code stage} with the EVM networks of {@link #NETWORKS} but no
   * treasury networks: no treasury keys, and a withdrawal signer that signs nothing (its API,
   * without withdrawals, and no tracker, sweeper or settler).
   */
  static StablepayStack withoutTreasury(Path workDir, String stage) throws IOException {
    return stack(workDir, stage, null, NETWORKS, Map.of(), new TreeSet<>());
  }

  /**
   * The whole platform stack for {@code stage} as {@link #stack(Path, String, String)} builds it,
   * with {@code settings} changed by {@code more} (the settings no context key gives).
   */
  static StablepayStack withSettings(
      Path workDir, String stage, Consumer<StackSettings.Builder> more) throws IOException {
    return stack(
        workDir,
        stage,
        null,
        NETWORKS,
        Map.of(),
        StablepayApp.treasuryNetworks("", NETWORKS),
        more);
  }

  private static StablepayStack stack(
      Path workDir,
      String stage,
      String lambdaProxyBaseUrl,
      Collection<String> networks,
      Map<String, String> context,
      SortedSet<String> treasuryNetworks)
      throws IOException {
    return stack(
        workDir, stage, lambdaProxyBaseUrl, networks, context, treasuryNetworks, settings -> {});
  }

  private static StablepayStack stack(
      Path workDir,
      String stage,
      String lambdaProxyBaseUrl,
      Collection<String> networks,
      Map<String, String> context,
      SortedSet<String> treasuryNetworks,
      Consumer<StackSettings.Builder> more)
      throws IOException {
    FunctionJars jars = jars(workDir);
    SortedMap<String, String> prices = new TreeMap<>(NATIVE_USD_PRICES);
    prices.keySet().retainAll(treasuryNetworks);
    SortedMap<String, MinimumBalances> minimums = new TreeMap<>(MINIMUM_BALANCES);
    minimums.keySet().retainAll(treasuryNetworks);
    Map<String, String> withDefaults = new TreeMap<>(context);
    withDefaults.putIfAbsent("stateMachinesDir", STATE_MACHINES.toString());
    App app =
        new App(
            AppProps.builder()
                .outdir(workDir.resolve("out-" + stage).toString())
                .analyticsReporting(false)
                .context(Map.copyOf(withDefaults))
                .build());
    StackSettings.Builder settings =
        StackSettings.builder()
            .stage(stage)
            .networkProfile("mainnet")
            .networks(networks)
            .treasuryNetworks(treasuryNetworks)
            .nativeUsdPrices(prices)
            .minimumBalances(minimums)
            .jars(jars)
            .chainSettings(context.get("chainSettings"))
            .functionEnvironment(
                StablepayApp.functionEnvironment(context.getOrDefault("functionEnvironment", "")))
            .mailFrom("no-reply@example.com")
            .adminEmail("admin@example.com")
            .lambdaProxyBaseUrl(lambdaProxyBaseUrl)
            .stateMachines(StablepayApp.stateMachines(app))
            .kycReviewTimeoutSeconds(StablepayApp.kycReviewTimeoutSeconds(app));
    more.accept(settings);
    StablepayStack stack =
        new StablepayStack(
            app, StablepayApp.stackName(stage), StackProps.builder().build(), settings.build());
    StablepayApp.checkWithCdkNag(stack);
    return stack;
  }

  /** An empty stack to test one construct in, checked by cdk-nag. */
  static Stack bare(Path workDir, String name) {
    Stack stack = new Stack(app(workDir, "out-" + name), name);
    StablepayApp.checkWithCdkNag(stack);
    return stack;
  }

  /**
   * The platform settings a construct's functions are built from ({@link WalletApi#settings}), with
   * a gateway, a table and keys of their own in {@code bare}, and the placeholder jars.
   */
  static WalletApi.Props.Builder wallet(Stack bare, Path workDir) throws IOException {
    return WalletApi.Props.builder()
        .gateway(
            new HttpApiGateway(
                bare, "Http", HttpApiGateway.Props.builder().apiName("test").build()))
        .jars(jars(workDir))
        .table(new DataTable(bare, "Data", DataTable.Props.builder().build()).table())
        .keys(ServiceKey.jwtSigning(bare, false), ServiceKey.apiKeyMac(bare, false))
        .networks(NETWORKS);
  }

  /**
   * The placeholder code ({@link #placeholderCode}) as the jar of every function module ({@link
   * Handler#MODULES}); asking for any other module is an error, so a construct that names a module
   * no function builds fails here as the app would.
   */
  static FunctionJars jars(Path workDir) throws IOException {
    Code code = placeholderCode(workDir);
    return module -> {
      if (!Handler.MODULES.contains(module)) {
        throw new IllegalArgumentException(module + " is not a function module " + Handler.MODULES);
      }
      return code;
    };
  }

  /** A directory asset standing in for a function jar: {@link #PLACEHOLDER_FILE} alone. */
  static Code placeholderCode(Path workDir) throws IOException {
    Path code = Files.createDirectories(workDir.resolve("code"));
    Files.writeString(code.resolve(PLACEHOLDER_FILE), PLACEHOLDER_TEXT);
    return Code.fromAsset(code.toString());
  }

  private static App app(Path workDir, String outDir) {
    return new App(
        AppProps.builder()
            .outdir(workDir.resolve(outDir).toString())
            .analyticsReporting(false)
            .build());
  }
}
