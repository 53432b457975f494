package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every workflow definition in the repository's statemachines/ is valid Amazon States Language, as
 * asl-validator (the npm devDependency of infra-cdk, installed by `make deps`) checks it: states,
 * transitions, paths and ARNs. So are the KYC review, subscription and escrow definitions as the
 * stack writes them (the review timeouts set, each step function's alias ARN in place of its
 * placeholder); a broken one is not, which is what shows the check can fail.
 */
class StateMachineDefinitionsTest {

  /** The pinned validator: infra-cdk/node_modules, from the repository root. */
  private static final Path VALIDATOR =
      Path.of(System.getProperty("stablepay.root", ".."))
          .resolve("infra-cdk/node_modules/.bin/asl-validator");

  private static final String ALIAS_ARN =
      "arn:aws:lambda:us-east-1:123456789012:function:kyc-check:live";

  @TempDir Path workDir;

  @Test
  void everyDefinitionInTheRepositoryIsValidAsl() throws Exception {
    List<Path> definitions;
    try (Stream<Path> files = Files.list(TestStacks.STATE_MACHINES)) {
      definitions =
          files
              .filter(file -> file.getFileName().toString().endsWith(".asl.json"))
              .sorted()
              .toList();
    }

    assertThat(definitions)
        .isNotEmpty()
        .contains(TestStacks.STATE_MACHINES.resolve(KycReview.DEFINITION_FILE))
        .contains(TestStacks.STATE_MACHINES.resolve(Subscriptions.DEFINITION_FILE))
        .contains(TestStacks.STATE_MACHINES.resolve(Escrow.DEFINITION_FILE));
    for (Path definition : definitions) {
      Validation validation = validate(definition);
      assertThat(validation.exitCode()).as("%s: %s", definition, validation.output()).isZero();
    }
  }

  @Test
  void theKycReviewDefinitionAsTheStackWritesItIsValidAsl() throws Exception {
    assertValidAsTheStackWritesIt(
        KycReview.DEFINITION_FILE, asl -> KycReview.definition(asl, 20), KycReview.STEPS);
  }

  @Test
  void theSubscriptionDefinitionAsTheStackWritesItIsValidAsl() throws Exception {
    assertValidAsTheStackWritesIt(
        Subscriptions.DEFINITION_FILE, Subscriptions::definition, Subscriptions.STEPS);
  }

  @Test
  void theEscrowDefinitionAsTheStackWritesItIsValidAsl() throws Exception {
    assertValidAsTheStackWritesIt(Escrow.DEFINITION_FILE, Escrow::definition, Escrow.STEPS);
  }

  @Test
  void aBrokenDefinitionFailsValidation() throws Exception {
    Path broken = workDir.resolve("broken.asl.json");
    Files.writeString(
        broken,
        "{\"StartAt\":\"Check\",\"States\":{\"Check\":{\"Type\":\"Task\","
            + "\"Resource\":\""
            + ALIAS_ARN
            + "\",\"Next\":\"NoSuchState\"}}}");

    Validation validation = validate(broken);

    assertThat(validation.exitCode()).as(validation.output()).isNotZero();
    assertThat(validation.output()).contains("NoSuchState");
  }

  private record Validation(int exitCode, String output) {}

  /**
   * The definition {@code file} as the stack writes it, read by {@code definition} and with each of
   * {@code steps}' placeholders replaced by the ARN of its function's live alias, is valid, and
   * names each step's function and no placeholder any more.
   */
  private void assertValidAsTheStackWritesIt(
      String file, UnaryOperator<String> definition, List<StandardWorkflow.Step> steps)
      throws IOException, InterruptedException {
    String asl = Files.readString(TestStacks.STATE_MACHINES.resolve(file));
    Path rendered = workDir.resolve(file.replace(".asl.json", "-rendered.asl.json"));
    String text = definition.apply(asl);
    for (StandardWorkflow.Step step : steps) {
      text = text.replace(step.placeholder(), aliasArn(step));
    }
    Files.writeString(rendered, text);
    String written = text;

    assertThat(written).doesNotContain("${");
    assertThat(steps)
        .allSatisfy(
            step -> assertThat(written).contains("\"FunctionName\":\"" + aliasArn(step) + "\""));
    Validation validation = validate(rendered);

    assertThat(validation.exitCode()).as(validation.output()).isZero();
  }

  /** The ARN of the live alias of {@code step}'s function, as a deployed stack has it. */
  private static String aliasArn(StandardWorkflow.Step step) {
    return "arn:aws:lambda:us-east-1:123456789012:function:" + step.handler().function() + ":live";
  }

  private static Validation validate(Path definition) throws IOException, InterruptedException {
    assertThat(VALIDATOR)
        .as("asl-validator is missing: run npm ci in infra-cdk (make deps)")
        .isRegularFile();
    Process process =
        new ProcessBuilder(VALIDATOR.toString(), "--json-path", definition.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("asl-validator finished").isTrue();
    return new Validation(process.exitValue(), output);
  }
}
