package io.stablepay.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * A treasury and a gas-tank key per network: secp256k1 signing keys under the aliases the
 * application resolves, retained where funds depend on them, a grant that reads public keys and
 * does nothing else, and one signer, named in each key policy and in its own IAM policy.
 */
class TreasuryKeysTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NETWORKS = List.of("POLYGON", "ETHEREUM");

  @TempDir Path workDir;

  @Test
  void createsATreasuryAndAGasTankSecp256k1SigningKeyPerNetwork() {
    Stack stack = stack(false);
    TreasuryKeys treasury = treasury(stack, false);
    Template template = Template.fromStack(stack);

    assertThat(treasury.keys()).hasSize(4);
    template.resourceCountIs("AWS::KMS::Key", 4);
    assertThat(
            template.findResources(
                "AWS::KMS::Key",
                Map.of(
                    "Properties",
                    Map.of(
                        "KeySpec",
                        "ECC_SECG_P256K1",
                        "KeyUsage",
                        "SIGN_VERIFY",
                        "Description",
                        Match.stringLikeRegexp(".+")))))
        .hasSize(4);
    assertThat(tagsOfEachKey(template).values())
        .containsExactlyInAnyOrder(
            Map.of(TreasuryKeys.PURPOSE_TAG, "treasury", TreasuryKeys.NETWORK_TAG, "ETHEREUM"),
            Map.of(TreasuryKeys.PURPOSE_TAG, "gas-tank", TreasuryKeys.NETWORK_TAG, "ETHEREUM"),
            Map.of(TreasuryKeys.PURPOSE_TAG, "treasury", TreasuryKeys.NETWORK_TAG, "POLYGON"),
            Map.of(TreasuryKeys.PURPOSE_TAG, "gas-tank", TreasuryKeys.NETWORK_TAG, "POLYGON"));
  }

  @Test
  void eachKeyHasTheAliasTheApplicationResolvesItBy() {
    Template template = Template.fromStack(withTreasury(false));
    Map<String, Map<String, String>> tags = tagsOfEachKey(template);

    template.resourceCountIs("AWS::KMS::Alias", 4);
    Map<String, Map<String, String>> keyOfAlias =
        template.findResources("AWS::KMS::Alias").values().stream()
            .map(alias -> (Map<?, ?>) alias.get("Properties"))
            .collect(
                Collectors.toMap(
                    p -> (String) p.get("AliasName"),
                    p ->
                        tags.get(
                            ((List<?>) ((Map<?, ?>) p.get("TargetKeyId")).get("Fn::GetAtt"))
                                .getFirst()
                                .toString())));
    assertThat(keyOfAlias)
        .containsOnlyKeys(
            "alias/stablepay/treasury/ETHEREUM",
            "alias/stablepay/gas-tank/ETHEREUM",
            "alias/stablepay/treasury/POLYGON",
            "alias/stablepay/gas-tank/POLYGON");
    keyOfAlias.forEach(
        (alias, keyTags) ->
            assertThat(alias)
                .isEqualTo(
                    "alias/stablepay/"
                        + keyTags.get(TreasuryKeys.PURPOSE_TAG)
                        + "/"
                        + keyTags.get(TreasuryKeys.NETWORK_TAG)));
  }

  @Test
  void keysAndAliasesAreRetainedAndWithoutASignerNobodyMayUseTheKeys() throws Exception {
    Template template = Template.fromStack(withTreasury(false));

    assertThat(
            template.findResources(
                "AWS::KMS::Key",
                Map.of(
                    "DeletionPolicy",
                    "Retain",
                    "UpdateReplacePolicy",
                    "Retain",
                    "Properties",
                    Match.objectLike(Map.of("PendingWindowInDays", 30)))))
        .hasSize(4);
    assertThat(template.findResources("AWS::KMS::Alias", Map.of("DeletionPolicy", "Retain")))
        .hasSize(4);
    // the account administers (which lets IAM grant the public key), but no one may sign
    String keyPolicies = JSON.writeValueAsString(template.findResources("AWS::KMS::Key"));
    assertThat(keyPolicies)
        .contains("AccountAdministersButDoesNotUse")
        .doesNotContain("kms:Sign")
        .doesNotContain("kms:*")
        .doesNotContain("\"Action\":\"*\"");
  }

  @Test
  void keysAndAliasesGoWithTheStackInThrowAwayStages() {
    Template template = Template.fromStack(withTreasury(true));

    assertThat(
            template.findResources(
                "AWS::KMS::Key",
                Map.of(
                    "DeletionPolicy",
                    "Delete",
                    "Properties",
                    Match.objectLike(Map.of("PendingWindowInDays", 7)))))
        .hasSize(4);
    assertThat(template.findResources("AWS::KMS::Alias", Map.of("DeletionPolicy", "Delete")))
        .hasSize(4);
  }

  @Test
  void theGrantReadsPublicKeysOfExactlyTheseKeysAndNothingElse() {
    Stack stack = stack(false);
    TreasuryKeys treasury = treasury(stack, false);
    Role reader =
        Role.Builder.create(stack, "Reader")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    treasury.grantReadPublicKeys(reader);
    Template template = Template.fromStack(stack);

    template.resourceCountIs("AWS::IAM::Policy", 1);
    JsonNode statements =
        JSON.valueToTree(template.findResources("AWS::IAM::Policy").values().iterator().next())
            .at("/Properties/PolicyDocument/Statement");
    assertThat(statements).hasSize(1);
    JsonNode statement = statements.get(0);
    assertThat(fieldNames(statement))
        .containsExactlyInAnyOrder("Sid", "Effect", "Action", "Resource");
    assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
    assertThat(statement.get("Action"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("kms:GetPublicKey", "kms:DescribeKey");
    assertThat(statement.get("Resource")).containsExactlyInAnyOrderElementsOf(keyArns(template));
  }

  @Test
  void theSignerIsTheOnlyPrincipalThatMaySignInEachKeyPolicyAndInIam() {
    Stack stack = stack(false);
    TreasuryKeys treasury = treasury(stack, false);
    treasury.grantSign(lambdaRole(stack, "Signer"));
    treasury.grantReadPublicKeys(lambdaRole(stack, "Reader"));
    Template template = Template.fromStack(stack);
    String signer =
        template.findResources("AWS::IAM::Role").keySet().stream()
            .filter(id -> id.startsWith("Signer"))
            .findFirst()
            .orElseThrow();
    List<JsonNode> keyArns = keyArns(template);

    // each key policy: the account administers (without Sign), the signer's role alone signs
    template
        .findResources("AWS::KMS::Key")
        .values()
        .forEach(
            key -> {
              JsonNode statements = JSON.valueToTree(key).at("/Properties/KeyPolicy/Statement");
              assertThat(statements).hasSize(2);
              List<JsonNode> signing =
                  StreamSupport.stream(statements.spliterator(), false)
                      .filter(st -> st.get("Action").toString().contains("kms:Sign"))
                      .toList();
              assertThat(signing).hasSize(1);
              JsonNode statement = signing.getFirst();
              assertThat(fieldNames(statement))
                  .containsExactlyInAnyOrder("Sid", "Effect", "Principal", "Action", "Resource");
              assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
              assertThat(statement.get("Principal"))
                  .isEqualTo(
                      JSON.valueToTree(
                          Map.of("AWS", Map.of("Fn::GetAtt", List.of(signer, "Arn")))));
              assertThat(statement.get("Action"))
                  .extracting(JsonNode::asText)
                  .containsExactlyInAnyOrder("kms:Sign", "kms:GetPublicKey", "kms:DescribeKey");
            });
    // IAM: the signer signs with exactly these keys; the reader still only reads
    Map<String, JsonNode> policies =
        template.findResources("AWS::IAM::Policy").values().stream()
            .map(policy -> (JsonNode) JSON.valueToTree(policy))
            .collect(
                Collectors.toMap(
                    policy -> policy.at("/Properties/Roles/0/Ref").asText(),
                    policy -> policy.at("/Properties/PolicyDocument/Statement")));
    assertThat(policies).hasSize(2).containsKey(signer);
    JsonNode signs = policies.get(signer);
    assertThat(signs).hasSize(1);
    assertThat(signs.get(0).get("Sid").asText()).isEqualTo("SignWithTreasuryKeys");
    assertThat(signs.get(0).get("Action"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("kms:Sign", "kms:GetPublicKey", "kms:DescribeKey");
    assertThat(signs.get(0).get("Resource")).containsExactlyInAnyOrderElementsOf(keyArns);
    policies.forEach(
        (role, statements) -> {
          if (!role.equals(signer)) {
            assertThat(statements.toString()).doesNotContain("kms:Sign");
          }
        });
  }

  @Test
  void thereIsOnlyOneSigner() {
    Stack stack = stack(false);
    TreasuryKeys treasury = treasury(stack, false);
    treasury.grantSign(lambdaRole(stack, "Signer"));

    assertThatThrownBy(() -> treasury.grantSign(lambdaRole(stack, "Another")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Signer");
  }

  @Test
  void cdkNagFindsNothingUnsuppressed() {
    Stack stack = stack(false);
    TreasuryKeys treasury = treasury(stack, false);
    treasury.grantReadPublicKeys(lambdaRole(stack, "Reader"));
    treasury.grantSign(lambdaRole(stack, "Signer"));
    Annotations annotations = Annotations.fromStack(stack);

    assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
  }

  @Test
  void needsAtLeastOneWellFormedNetworkId() {
    assertThatThrownBy(() -> TreasuryKeys.Props.builder().build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreasuryKeys.Props.builder().networks(List.of("ethereum")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreasuryKeys.Props.builder().networks(List.of("ETH/1")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(TreasuryKeys.Props.builder().networks(NETWORKS).build().networks())
        .containsExactly("ETHEREUM", "POLYGON");
  }

  /** {@code Fn::GetAtt <key> Arn} of each key, as IAM statements name them. */
  private static List<JsonNode> keyArns(Template template) {
    return template.findResources("AWS::KMS::Key").keySet().stream()
        .map(id -> (JsonNode) JSON.valueToTree(Map.of("Fn::GetAtt", List.of(id, "Arn"))))
        .toList();
  }

  private static Role lambdaRole(Stack stack, String id) {
    return Role.Builder.create(stack, id)
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .build();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The tags of each KMS key, by logical id. */
  private static Map<String, Map<String, String>> tagsOfEachKey(Template template) {
    return template.findResources("AWS::KMS::Key").entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey,
                e ->
                    ((List<?>) ((Map<?, ?>) e.getValue().get("Properties")).get("Tags"))
                        .stream()
                            .map(tag -> (Map<?, ?>) tag)
                            .collect(
                                Collectors.toMap(
                                    tag -> (String) tag.get("Key"),
                                    tag -> (String) tag.get("Value")))));
  }

  private Stack withTreasury(boolean disposable) {
    Stack stack = stack(disposable);
    treasury(stack, disposable);
    return stack;
  }

  private Stack stack(boolean disposable) {
    return TestStacks.bare(workDir, "TreasuryKeys" + disposable);
  }

  private static TreasuryKeys treasury(Stack stack, boolean disposable) {
    return new TreasuryKeys(
        stack,
        "Treasury",
        TreasuryKeys.Props.builder()
            .networks(new TreeSet<>(NETWORKS))
            .disposable(disposable)
            .build());
  }
}
