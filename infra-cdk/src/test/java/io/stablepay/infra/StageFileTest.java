package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A stage file is checked against its schema and itself, each error naming its field. */
class StageFileTest {

  static final Path STAGES =
      Path.of(System.getProperty("stablepay.root", "..")).resolve("infra-cdk/stages");

  private static final String MINIMAL =
      """
      {"networkProfile": "mainnet", "networks": {"ETHEREUM": {}, "TRON": {}}}
      """;

  @ParameterizedTest
  @ValueSource(strings = {"local", "dev", "testnet", "prod"})
  void theExampleStagesAreValid(String stage) {
    StageFile file = StageFile.load(StageFile.of(STAGES, stage));

    assertThat(file.networks()).isNotEmpty();
    assertThat(file.networks()).containsAll(file.treasuryNetworks());
  }

  @Test
  void everyStageFileInTheFolderIsValid() throws Exception {
    try (Stream<Path> files = Files.list(STAGES)) {
      List<Path> stages = files.filter(f -> f.toString().endsWith(".json")).toList();
      assertThat(stages).hasSizeGreaterThanOrEqualTo(4);
      stages.forEach(StageFile::load);
    }
  }

  @Test
  void aMinimalFileTakesTheDefaults() {
    StageFile file = StageFile.parse(Path.of("min.json"), MINIMAL);

    assertThat(file.networkProfile()).isEqualTo("mainnet");
    assertThat(file.treasuryNetworks()).containsExactly("ETHEREUM");
    assertThat(file.nativeUsdPrices()).isEmpty();
    assertThat(file.functionEnvironment()).isEmpty();
    assertThat(file.chainSettings()).isEmpty();
    assertThat(file.domain()).isEmpty();
    assertThat(file.flag("gradualDeployment")).isFalse();
    assertThat(file.throttling()).isEqualTo(StackSettings.Throttling.DEFAULT);
    assertThat(file.kycReviewTimeoutSeconds()).isEmpty();
  }

  @Test
  void depthsQuorumsLimitsAndTheMerchantFeeBecomeFunctionSettingsBesideTheFilesOwn() {
    StageFile file =
        StageFile.parse(
            Path.of("s.json"),
            """
            {"networkProfile": "mainnet",
             "networks": {"ETHEREUM": {"confirmations": 14, "quorum": 2}, "TRON": {"confirmations": 20}},
             "limits": {"p2pDaily": {"notStarted": "10", "verified": "5000"}},
             "merchants": {"defaultFeeBasisPoints": 90},
             "functionEnvironment": {"STABLEPAY_WEBHOOKS_ALLOW_HTTP": "false"}}
            """);

    assertThat(file.functionEnvironment())
        .containsExactly(
            java.util.Map.entry("STABLEPAY_CHAINS_ETHEREUM_CONFIRMATIONS", "14"),
            java.util.Map.entry("STABLEPAY_CHAINS_TRON_CONFIRMATIONS", "20"),
            java.util.Map.entry("STABLEPAY_LIMITS_P2P_DAILY_NOT_STARTED", "10"),
            java.util.Map.entry("STABLEPAY_LIMITS_P2P_DAILY_VERIFIED", "5000"),
            java.util.Map.entry("STABLEPAY_MERCHANTS_DEFAULT_FEE_BASIS_POINTS", "90"),
            java.util.Map.entry("STABLEPAY_WEBHOOKS_ALLOW_HTTP", "false"));
    // a quorum above one is the stack's to set, and only in the functions that call chains
    assertThat(file.quorums()).containsExactly(java.util.Map.entry("ETHEREUM", 2));
  }

  @Test
  void contractAndTokenAddressesBecomeTheRegistrysPropertySource() {
    StageFile file =
        StageFile.parse(
            Path.of("s.json"),
            """
            {"networkProfile": "local",
             "networks": {
               "ETHEREUM": {"contracts": {"payment-gateway": "0x5FbDB2315678afecb367f032d93F642f64180aa3"},
                            "tokens": {"USDT": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"}},
               "POLYGON": {"confirmations": 2}}}
            """);

    assertThat(file.chainSettings().orElseThrow())
        .hasToString(
            "{\"stablepay\":{\"chains\":{\"ethereum\":{"
                + "\"contracts\":{\"payment-gateway\":\"0x5FbDB2315678afecb367f032d93F642f64180aa3\"},"
                + "\"tokens\":{\"USDT\":\"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\"}}}}}");
  }

  @Test
  void minimumBalancesAreDecimalsOfEachTreasuryNetwork() {
    StageFile file =
        StageFile.parse(
            Path.of("s.json"),
            """
            {"networkProfile": "mainnet",
             "networks": {
               "ETHEREUM": {"minimumBalances": {"gasTank": "0.25", "treasury": {"USDT": "5000"}}},
               "POLYGON": {"minimumBalances": {"treasury": {"USDC": "10"}}},
               "BASE": {}}}
            """);

    assertThat(file.minimumBalances())
        .containsOnlyKeys("ETHEREUM", "POLYGON")
        .containsEntry(
            "ETHEREUM",
            new MinimumBalances(
                new java.math.BigDecimal("0.25"),
                java.util.Map.of("USDT", new java.math.BigDecimal("5000"))))
        .containsEntry(
            "POLYGON",
            new MinimumBalances(null, java.util.Map.of("USDC", new java.math.BigDecimal("10"))));
  }

  static Stream<Arguments> wrongFiles() {
    return Stream.of(
        Arguments.of("{\"networks\": {\"ETHEREUM\": {}}}", "$.networkProfile"),
        Arguments.of(
            "{\"networkProfile\": \"devnet\", \"networks\": {\"ETHEREUM\": {}}}",
            "$.networkProfile"),
        Arguments.of("{\"networkProfile\": \"mainnet\", \"networks\": {}}", "$.networks"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}},"
                + " \"merchants\": {\"defaultFeeBasisPoints\": 10001}}",
            "$.merchants.defaultFeeBasisPoints"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"SOLANA\": {}}}", "$.networks"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {\"confirmations\": 0}}}",
            "$.networks.ETHEREUM.confirmations"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {\"quorum\": 4}}}",
            "$.networks.ETHEREUM.quorum"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": "
                + "{\"contracts\": {\"payment-gateway\": \"0x12\"}}}}",
            "$.networks.ETHEREUM.contracts.payment-gateway"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"alarmEmail\": \"ops\"}",
            "$.alarmEmail"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"alarmMail\": \"ops@example.com\"}",
            "alarmMail"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"domain\": {\"name\": \"pay.example.com\", "
                + "\"certificateArn\": \"arn:aws:acm:eu-west-1:123456789012:certificate/abc\"}}",
            "$.domain.certificateArn"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"functionEnvironment\": {\"JAVA_TOOL_OPTIONS\": \"-Xmx1g\"}}",
            "$.functionEnvironment"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"treasuryNetworks\": [\"POLYGON\"]}",
            "$.treasuryNetworks: POLYGON is not one of the networks [ETHEREUM]"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"TRON\": {}}, "
                + "\"treasuryNetworks\": [\"TRON\"]}",
            "$.treasuryNetworks: TRON has no treasury key"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}, \"BASE\": {}}, "
                + "\"treasuryNetworks\": [\"ETHEREUM\"], \"nativeUsdPrices\": {\"BASE\": \"3000\"}}",
            "$.nativeUsdPrices.BASE: not a treasury network [ETHEREUM]"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}, \"BASE\":"
                + " {\"minimumBalances\": {\"gasTank\": \"1\"}}}, \"treasuryNetworks\":"
                + " [\"ETHEREUM\"]}",
            "$.networks.BASE.minimumBalances: not a treasury network [ETHEREUM]"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\":"
                + " {\"minimumBalances\": {\"gasTank\": \"-1\"}}}}",
            "$.networks.ETHEREUM.minimumBalances.gasTank"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\":"
                + " {\"minimumBalances\": {\"treasury\": {\"EURC\": \"1\"}}}}}",
            "$.networks.ETHEREUM.minimumBalances.treasury"),
        Arguments.of(
            "{\"networkProfile\": \"mainnet\", \"networks\": {\"ETHEREUM\": {}}, "
                + "\"custody\": {\"treasuryOwners\": "
                + "[\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\"], \"treasuryThreshold\": 2}}",
            "$.custody.treasuryThreshold: 2 is more than the 1 treasuryOwners"));
  }

  @ParameterizedTest
  @MethodSource("wrongFiles")
  void aWrongFileIsRefusedNamingTheField(String json, String field) {
    assertThatThrownBy(() -> StageFile.parse(Path.of("stages/x.json"), json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stage file stages/x.json is not valid:")
        .hasMessageContaining(field);
  }

  @Test
  void aMissingFileSaysWhatToDo() {
    assertThatThrownBy(() -> StageFile.load(StageFile.of(STAGES, "nowhere")))
        .hasMessageContaining("nowhere.json is missing")
        .hasMessageContaining("-c stageFile=");
    assertThatThrownBy(() -> StageFile.of(STAGES, "../prod"))
        .hasMessageContaining("is not a stage name");
  }

  @Test
  void notJsonIsRefused() {
    assertThatThrownBy(() -> StageFile.parse(Path.of("x.json"), "{networks:"))
        .hasMessageContaining("stage file x.json is not JSON");
  }
}
