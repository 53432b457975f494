package io.stablepay.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;

/** Builds the stack as the app does, with a placeholder code asset instead of the real jar. */
final class TestStacks {

  private TestStacks() {}

  static StablepayStack stack(Path workDir, String stage, String lambdaProxyBaseUrl)
      throws IOException {
    Path code = Files.createDirectories(workDir.resolve("code-" + stage));
    Files.writeString(code.resolve("placeholder.txt"), "function code");
    App app = new App(AppProps.builder().outdir(workDir.resolve("out-" + stage).toString())
        .analyticsReporting(false).build());
    StablepayStack stack = new StablepayStack(app, StablepayApp.stackName(stage),
        StackProps.builder().build(), new StablepayStack.Settings(stage, "mainnet",
            Map.of("POLYGON", "https://polygon.example", "ETHEREUM", "https://eth.example"),
            Code.fromAsset(code.toString()), Code.fromAsset(code.toString()),
            "no-reply@example.com", "admin@example.com", lambdaProxyBaseUrl));
    StablepayApp.checkWithCdkNag(app);
    return stack;
  }
}
