package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertCdkNagClean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The app builds the stack's settings from the stage file, and a context flag overrides single
 * settings; `cdk synth` of prod from stages/prod.json needs nothing but the file and the jars.
 */
class StageSettingsTest {

  @TempDir Path workDir;

  @Test
  void prodComesFromItsStageFile() throws IOException {
    StackSettings settings = StablepayApp.settings(app("prod", Map.of()));

    assertThat(settings.networkProfile()).isEqualTo("mainnet");
    assertThat(settings.treasuryNetworks())
        .containsExactly("ARBITRUM", "BASE", "ETHEREUM", "POLYGON");
    assertThat(settings.nativeUsdPrices()).containsEntry("POLYGON", "0.50").hasSize(4);
    assertThat(settings.alarmEmail()).isEqualTo("payments-oncall@example.com");
    assertThat(settings.mailFrom()).isEqualTo("no-reply@example.com");
    assertThat(settings.gradualDeployment()).isTrue();
    assertThat(settings.reservedConcurrency()).isFalse();
    assertThat(settings.domain().name()).isEqualTo("pay.example.com");
    assertThat(settings.throttling()).isEqualTo(new StackSettings.Throttling(50, 100));
    assertThat(settings.functionEnvironment())
        .containsEntry("STABLEPAY_CHAINS_ETHEREUM_CONFIRMATIONS", "12")
        .containsEntry("STABLEPAY_LIMITS_P2P_DAILY_VERIFIED", "100000");
    assertThat(settings.kycReviewTimeoutSeconds())
        .isEqualTo(KycReview.DEFAULT_REVIEW_TIMEOUT_SECONDS);
    assertThat(settings.networks())
        .containsExactly("ARBITRUM", "BASE", "ETHEREUM", "POLYGON", "TRON");
    assertThat(settings.quorums()).containsEntry("ETHEREUM", 2).containsEntry("TRON", 1);
  }

  @Test
  void contextFlagsOverrideSingleSettingsOfTheFile() throws IOException {
    StackSettings settings =
        StablepayApp.settings(
            app(
                "prod",
                Map.of(
                    "treasuryNetworks", "ETHEREUM",
                    "alarmEmail", "night-shift@example.com",
                    "gradualDeployment", "false",
                    "kycReviewTimeoutSeconds", "60",
                    "functionEnvironment",
                        "STABLEPAY_CHAINS_ETHEREUM_CONFIRMATIONS=20,STABLEPAY_X_Y=z")));

    assertThat(settings.treasuryNetworks()).containsExactly("ETHEREUM");
    // the file's prices of the networks the flag left out are dropped, not refused
    assertThat(settings.nativeUsdPrices()).containsOnlyKeys("ETHEREUM");
    assertThat(settings.alarmEmail()).isEqualTo("night-shift@example.com");
    assertThat(settings.gradualDeployment()).isFalse();
    assertThat(settings.kycReviewTimeoutSeconds()).isEqualTo(60);
    assertThat(settings.functionEnvironment())
        .containsEntry("STABLEPAY_CHAINS_ETHEREUM_CONFIRMATIONS", "20")
        .containsEntry("STABLEPAY_CHAINS_POLYGON_CONFIRMATIONS", "128")
        .containsEntry("STABLEPAY_X_Y", "z");
  }

  @Test
  void contextAddressesAreMergedOverTheFilesFieldByField() throws Exception {
    Path stage = workDir.resolve("mine.json");
    Files.writeString(
        stage,
        """
        {"networkProfile": "local",
         "networks": {"ETHEREUM": {"contracts": {"payment-gateway": "0x5FbDB2315678afecb367f032d93F642f64180aa3"}}}}
        """);
    StackSettings settings =
        StablepayApp.settings(
            app(
                "local",
                Map.of(
                    "stageFile",
                    stage.toString(),
                    "chainSettings",
                    "{\"stablepay\":{\"chains\":{\"ethereum\":{\"tokens\":{\"USDT\":\"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\"}}}}}")));

    assertThat(new ObjectMapper().readTree(settings.chainSettings()))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "{\"stablepay\":{\"chains\":{\"ethereum\":{"
                        + "\"contracts\":{\"payment-gateway\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"},"
                        + "\"tokens\":{\"USDT\":\"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\"}}}}}"));
    assertThat(settings.networkProfile()).isEqualTo("local");
  }

  @Test
  void cdkJsonSetsNoContextThatWouldOverrideAStageFile() throws IOException {
    // cdk.json's context reaches the app as if given with -c: a networkProfile there once made
    // every stage, local included, load the mainnet registry
    JsonNode cdkJson =
        new ObjectMapper()
            .readTree(StageFileTest.STAGES.resolveSibling("cdk.json").toFile())
            .path("context");
    assertThat(cdkJson.properties()).extracting(Map.Entry::getKey).containsOnly("stage");
  }

  @Test
  void aWrongFlagOrAMissingFileStopsTheSynth() {
    assertThatThrownBy(() -> StablepayApp.settings(app("prod", Map.of("gradualDeployment", "yes"))))
        .hasMessageContaining("gradualDeployment 'yes' is not true or false");
    assertThatThrownBy(() -> StablepayApp.settings(app("staging", Map.of())))
        .hasMessageContaining("staging.json is missing");
  }

  @Test
  void prodSynthesizesFromItsStageFileCleanOfCdkNagFindings() throws IOException {
    App app = app("prod", Map.of());
    StackSettings settings = StablepayApp.settings(app);
    StablepayStack stack =
        new StablepayStack(
            app, StablepayApp.stackName("prod"), StackProps.builder().build(), settings);
    StablepayApp.checkWithCdkNag(stack);

    Template template = Template.fromStack(stack);
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    // prod names a domain: the API is served through CloudFront behind AWS WAF
    template.resourceCountIs("AWS::CloudFront::Distribution", 1);
    template.resourceCountIs("AWS::WAFv2::WebACL", 1);
    // a fresh account's quota of 10 cannot reserve any: off unless the stage asks
    assertThat(reservedFunctions(template)).isEmpty();
    assertCdkNagClean(stack);
  }

  @Test
  void aStageThatAsksReservesOneExecutionForEachBackgroundLoop() throws IOException {
    App app = app("prod", Map.of("reservedConcurrency", "true"));
    StablepayStack stack =
        new StablepayStack(
            app,
            StablepayApp.stackName("prod"),
            StackProps.builder().build(),
            StablepayApp.settings(app));

    assertThat(reservedFunctions(Template.fromStack(stack)))
        .containsExactlyInAnyOrder(
            Handler.CHAIN_WATCHER.className(),
            Handler.WEBHOOK_RELAY.className(),
            Handler.WITHDRAWAL_TRACKER.className(),
            Handler.SWEEPER.className(),
            Handler.SETTLER.className());
  }

  /** The handler of each function that reserves exactly one concurrent execution. */
  private static List<String> reservedFunctions(Template template) {
    JsonNode functions =
        new ObjectMapper().valueToTree(template.findResources("AWS::Lambda::Function"));
    List<String> reserved = new ArrayList<>();
    functions.forEach(
        function -> {
          JsonNode properties = function.path("Properties");
          if (properties.has("ReservedConcurrentExecutions")) {
            assertThat(properties.path("ReservedConcurrentExecutions").asInt()).isEqualTo(1);
            reserved.add(properties.path("Handler").asText());
          }
        });
    return reserved;
  }

  /** The app as `cdk synth -c stage=<stage>` runs it from infra-cdk, with placeholder jars. */
  private App app(String stage, Map<String, String> flags) throws IOException {
    Map<String, Object> context = new HashMap<>(flags);
    context.put("stage", stage);
    context.putIfAbsent(
        "stageFile", StageFile.of(StageFileTest.STAGES, stage).toAbsolutePath().toString());
    context.put("functionJars", jars().toString());
    context.put("stateMachinesDir", TestStacks.STATE_MACHINES.toString());
    return new App(
        AppProps.builder()
            .outdir(workDir.resolve("out").toString())
            .analyticsReporting(false)
            .context(context)
            .build());
  }

  /** A small real jar as every function module's. */
  private Path jars() throws IOException {
    Path directory = Files.createDirectories(workDir.resolve("jars"));
    for (String module : Handler.MODULES) {
      try (OutputStream out = Files.newOutputStream(directory.resolve(module + ".jar"));
          ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(TestStacks.PLACEHOLDER_FILE));
        zip.write(module.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return directory;
  }
}
