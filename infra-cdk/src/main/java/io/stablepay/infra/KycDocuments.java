package io.stablepay.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.constructs.Construct;

/**
 * The KYC documents bucket of {@link KycReview}: the bucket itself (private, TLS-only, versioned,
 * retained, taking cross-origin PUTs), the grants on its {@code kyc/} prefix (put for the API
 * function that signs the upload URLs, get and list for the check step) and the cdk-nag findings on
 * them that are decisions. Static helpers only: the bucket is made in the review's own scope.
 */
final class KycDocuments {

  /** The key prefix of every document: the only objects either role may touch. */
  static final String PREFIX = "kyc/*";

  private KycDocuments() {}

  /** The documents bucket, as {@code Documents} in {@code scope}. */
  static Bucket bucket(Construct scope) {
    return Bucket.Builder.create(scope, "Documents")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .versioned(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .id("AbortIncompleteUploads")
                    .abortIncompleteMultipartUploadAfter(Duration.days(1))
                    .build()))
        // uploads come from the user's browser through a presigned URL, with its Content-Type
        .cors(
            List.of(
                CorsRule.builder()
                    .allowedMethods(List.of(HttpMethods.PUT))
                    .allowedOrigins(List.of("*"))
                    .allowedHeaders(List.of("Content-Type"))
                    .build()))
        .build();
  }

  /** Lets {@code role} sign presigned upload URLs: an upload is a PutObject made with its keys. */
  static void grantUpload(Bucket documents, IRole role) {
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("PresignKycUploads")
            .actions(List.of("s3:PutObject"))
            .resources(List.of(documents.arnForObjects(PREFIX)))
            .build());
  }

  /**
   * Lets {@code role} read the documents and list them: without ListBucket S3 answers a HEAD of a
   * missing object 403, not 404, and the checks must tell "never uploaded" (a finding) from a
   * refusal (an error); only under kyc/.
   */
  static void grantRead(Bucket documents, IRole role) {
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadKycDocuments")
            .actions(List.of("s3:GetObject"))
            .resources(List.of(documents.arnForObjects(PREFIX)))
            .build());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .sid("ListKycDocuments")
            .actions(List.of("s3:ListBucket"))
            .resources(List.of(documents.getBucketArn()))
            .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of(PREFIX))))
            .build());
  }

  /** The cdk-nag wildcard finding on the grants under the {@code kyc/} prefix, with its reason. */
  static NagPackSuppression prefixSuppression() {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .reason(
            "Document keys are made at run time, one per upload, under kyc/: the grant is "
                + "one action (PutObject for the API function, GetObject for the check step) "
                + "on that prefix of the documents bucket.")
        .appliesTo(
            List.of(
                RegexAppliesTo.builder()
                    .regex("/^Resource::<.*Documents.*\\.Arn>\\/kyc\\/\\*$/g")
                    .build()))
        .build();
  }

  /** Suppresses the bucket's cdk-nag finding on server access logs, with its reason. */
  static void suppressAccessLogFinding(Bucket documents) {
    NagSuppressions.addResourceSuppressions(
        documents,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "The stack has no log bucket to send server access logs to; each document is "
                        + "written through a URL the API function signs and read only by the check "
                        + "step's role, and the application's audit log records every upload, "
                        + "submission and decision of a review (CloudTrail S3 data events are the "
                        + "account-level trail where an operator enables them).")
                .build()));
  }
}
