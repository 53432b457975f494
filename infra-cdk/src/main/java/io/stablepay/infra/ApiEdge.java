package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.OriginSslPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.constructs.Construct;

/**
 * The API on the stage's own domain name: a CloudFront distribution in front of the HTTP API that
 * caches nothing and passes every request on (all methods, headers but Host, query strings), with
 * an AWS WAF web ACL of AWS's managed rules (common exploits, known bad inputs, IP reputation) and
 * a per-address rate limit, standard access logs in a bucket of its own, TLS 1.2 or newer on both
 * sides. Made only when the stage file names a domain: the local stage has none.
 *
 * <p>A web ACL for CloudFront must be created in us-east-1, so a stack with a domain deploys there
 * (the certificate is in us-east-1 too). The HTTP API's own execute-api address stays reachable:
 * the WAF and the rate limit protect the domain, the stage's throttling protects both.
 */
public final class ApiEdge extends Construct {

  /** Requests one address may make in five minutes before the WAF blocks it for a while. */
  static final int REQUESTS_PER_ADDRESS_PER_5_MINUTES = 2_000;

  /** AWS's managed rule groups the web ACL applies, in order. */
  static final List<String> MANAGED_RULES =
      List.of(
          "AWSManagedRulesAmazonIpReputationList",
          "AWSManagedRulesCommonRuleSet",
          "AWSManagedRulesKnownBadInputsRuleSet");

  private final Distribution distribution;
  private final CfnWebACL webAcl;

  public ApiEdge(Construct scope, String id, HttpApi api, StackSettings.Domain domain) {
    super(scope, id);
    Objects.requireNonNull(domain, "domain");
    String region = Stack.of(this).getRegion();
    if (!Token.isUnresolved(region) && !"us-east-1".equals(region)) {
      throw new IllegalArgumentException(
          "a stage with a domain deploys in us-east-1 (CloudFront's web ACLs live there), not "
              + region);
    }
    webAcl = newWebAcl();
    Bucket logs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            // CloudFront's standard logs are written with an ACL
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // the API's host: https://<id>.execute-api.<region>.amazonaws.com/ without scheme and slash
    String apiHost = Fn.select(2, Fn.split("/", api.getApiEndpoint()));
    distribution =
        Distribution.Builder.create(this, "Distribution")
            .comment("StablePay API on " + domain.name())
            .domainNames(List.of(domain.name()))
            .certificate(
                Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn()))
            .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
            .httpVersion(HttpVersion.HTTP2_AND_3)
            .priceClass(PriceClass.PRICE_CLASS_100)
            .webAclId(webAcl.getAttrArn())
            .enableLogging(true)
            .logBucket(logs)
            .logFilePrefix("cloudfront/")
            .defaultBehavior(
                BehaviorOptions.builder()
                    .origin(
                        HttpOrigin.Builder.create(apiHost)
                            .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                            .originSslProtocols(List.of(OriginSslPolicy.TLS_V1_2))
                            .build())
                    .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                    .allowedMethods(AllowedMethods.ALLOW_ALL)
                    .cachePolicy(CachePolicy.CACHING_DISABLED)
                    .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                    .build())
            .build();
    NagSuppressions.addResourceSuppressions(
        distribution,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-CFR1")
                .reason(
                    "payments are taken worldwide; sanctions are screened per address and"
                        + " person in the platform, not by the viewer's country")
                .build()));
    NagSuppressions.addResourceSuppressions(
        logs,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason("this bucket holds the access logs; logging it would log the logs")
                .build()));
  }

  private CfnWebACL newWebAcl() {
    List<Object> rules = new ArrayList<>();
    int priority = 0;
    for (String group : MANAGED_RULES) {
      rules.add(
          CfnWebACL.RuleProperty.builder()
              .name(group)
              .priority(priority++)
              .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
              .statement(
                  CfnWebACL.StatementProperty.builder()
                      .managedRuleGroupStatement(
                          CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                              .vendorName("AWS")
                              .name(group)
                              .build())
                      .build())
              .visibilityConfig(visibility(group))
              .build());
    }
    rules.add(
        CfnWebACL.RuleProperty.builder()
            .name("RequestsPerAddress")
            .priority(priority)
            .action(
                CfnWebACL.RuleActionProperty.builder()
                    .block(CfnWebACL.BlockActionProperty.builder().build())
                    .build())
            .statement(
                CfnWebACL.StatementProperty.builder()
                    .rateBasedStatement(
                        CfnWebACL.RateBasedStatementProperty.builder()
                            .limit(REQUESTS_PER_ADDRESS_PER_5_MINUTES)
                            .aggregateKeyType("IP")
                            .build())
                    .build())
            .visibilityConfig(visibility("RequestsPerAddress"))
            .build());
    return CfnWebACL.Builder.create(this, "WebAcl")
        .scope("CLOUDFRONT")
        .defaultAction(
            CfnWebACL.DefaultActionProperty.builder()
                .allow(CfnWebACL.AllowActionProperty.builder().build())
                .build())
        .visibilityConfig(visibility("StablePayApi"))
        .rules(rules)
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metric) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .sampledRequestsEnabled(true)
        .metricName(metric)
        .build();
  }

  public Distribution distribution() {
    return distribution;
  }

  public CfnWebACL webAcl() {
    return webAcl;
  }
}
