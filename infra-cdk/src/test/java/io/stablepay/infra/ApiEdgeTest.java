package io.stablepay.infra;

import static io.stablepay.infra.Templates.assertCdkNagClean;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;

/** With a domain, the API is served through CloudFront behind AWS WAF; without, not at all. */
class ApiEdgeTest {

  private static final StackSettings.Domain DOMAIN =
      new StackSettings.Domain(
          "pay.example.com", "arn:aws:acm:us-east-1:123456789012:certificate/abc-123");

  @TempDir Path workDir;

  @Test
  void servesTheDomainThroughCloudFrontBehindTheWebAclCachingNothing() {
    Stack stack = TestStacks.bare(workDir, "ApiEdgeTest");
    HttpApiGateway gateway =
        new HttpApiGateway(stack, "Http", HttpApiGateway.Props.builder().apiName("test").build());
    new ApiEdge(stack, "Edge", gateway.api(), DOMAIN);
    Template template = Template.fromStack(stack);

    template.hasResourceProperties(
        "AWS::WAFv2::WebACL",
        Map.of(
            "Scope", "CLOUDFRONT",
            "DefaultAction", Map.of("Allow", Map.of()),
            "Rules",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Name", "RequestsPerAddress",
                                "Action", Map.of("Block", Map.of()),
                                "Statement",
                                    Map.of(
                                        "RateBasedStatement",
                                        Map.of("Limit", 2000, "AggregateKeyType", "IP"))))))));
    ApiEdge.MANAGED_RULES.forEach(
        group ->
            template.hasResourceProperties(
                "AWS::WAFv2::WebACL",
                Map.of(
                    "Rules",
                    Match.arrayWith(
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "Statement",
                                    Map.of(
                                        "ManagedRuleGroupStatement",
                                        Map.of("VendorName", "AWS", "Name", group)))))))));
    template.hasResourceProperties(
        "AWS::CloudFront::Distribution",
        Map.of(
            "DistributionConfig",
            Match.objectLike(
                Map.of(
                    "Aliases", List.of("pay.example.com"),
                    "WebACLId",
                        Map.of(
                            "Fn::GetAtt", List.of(Match.stringLikeRegexp("EdgeWebAcl.*"), "Arn")),
                    "ViewerCertificate",
                        Match.objectLike(
                            Map.of(
                                "AcmCertificateArn",
                                DOMAIN.certificateArn(),
                                "MinimumProtocolVersion",
                                "TLSv1.2_2021")),
                    "DefaultCacheBehavior",
                        Match.objectLike(
                            Map.of(
                                "ViewerProtocolPolicy", "https-only",
                                "AllowedMethods", Match.arrayWith(List.of("POST", "DELETE")),
                                // CachingDisabled, a managed cache policy
                                "CachePolicyId", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")),
                    "Logging", Match.objectLike(Map.of("Prefix", "cloudfront/"))))));
    assertCdkNagClean(stack);
  }

  @Test
  void aDomainNeedsUsEast1WhereCloudFrontsWebAclsLive() {
    Stack stack =
        new Stack(
            new App(),
            "Frankfurt",
            StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-central-1").build())
                .build());
    HttpApi api = HttpApi.Builder.create(stack, "Api").build();

    assertThatThrownBy(() -> new ApiEdge(stack, "Edge", api, DOMAIN))
        .hasMessageContaining("deploys in us-east-1");
  }

  @Test
  void prodHasTheEdgeAndAStageWithoutADomainHasNone() {
    Template prod = TestStacks.prod().template();
    prod.resourceCountIs("AWS::CloudFront::Distribution", 0);
    prod.resourceCountIs("AWS::WAFv2::WebACL", 0);
    assertThat(TestStacks.prod().stack().getNode().tryFindChild("Edge")).isNull();
  }
}
