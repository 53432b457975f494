package io.stablepay.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The CDK app. Context: {@code stage} (dev), {@code networkProfile} (mainnet),
 * {@code rpcUrls} ("ETHEREUM=https://...,POLYGON=..."), {@code mailFrom} (the verified sender of
 * account mail), {@code adminEmail} (the first administrator; its password is generated into
 * Secrets Manager), {@code <name>FunctionJar} (default: the
 * shaded jar the build leaves in functions/<name>-function/target) and, for `make run` only,
 * {@code lambdaProxyBaseUrl}.
 */
public final class StablepayApp {

  private StablepayApp() {}

  public static void main(String[] args) {
    App app = new App(AppProps.builder().build());
    String stage = context(app, "stage", "dev");
    StablepayStack.Settings settings = new StablepayStack.Settings(stage,
        context(app, "networkProfile", "mainnet"), rpcUrls(context(app, "rpcUrls", "")),
        functionJar(app, "blockchain"), functionJar(app, "auth"),
        context(app, "mailFrom", "no-reply@" + stage + ".stablepay.local"),
        context(app, "adminEmail", "admin@" + stage + ".stablepay.local"),
        context(app, "lambdaProxyBaseUrl", null));
    new StablepayStack(app, stackName(stage), StackProps.builder()
        .description("StablePay stablecoin payments (" + stage + ")").build(), settings);
    checkWithCdkNag(app);
    app.synth();
  }

  /** The shaded jar of functions/<name>-function (context {@code <name>FunctionJar} overrides). */
  private static Code functionJar(App app, String name) {
    Path jar = Path.of(context(app, name + "FunctionJar",
        "../functions/" + name + "-function/target/" + name + "-function.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run `make build`");
    }
    return Code.fromAsset(jar.toString());
  }

  public static String stackName(String stage) {
    return "Stablepay-" + stage;
  }

  /** AwsSolutions rules on every synth: an unsuppressed error stops synth and deploy. */
  public static void checkWithCdkNag(software.constructs.IConstruct scope) {
    Aspects.of(scope).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
  }

  static Map<String, String> rpcUrls(String spec) {
    Map<String, String> urls = new TreeMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || !parts[0].matches("[A-Z]+") || !parts[1].startsWith("http")) {
        throw new IllegalArgumentException(
            "rpcUrls entry '" + entry + "' is not NETWORK=https://url");
      }
      urls.put(parts[0], parts[1]);
    }
    return urls;
  }

  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}
