package io.stablepay.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.ses.IEmailIdentity;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * KYC and KYB reviews: the documents bucket, the review workflow (a Standard state machine whose
 * definition is {@code statemachines/kyc-review.asl.json}), its step functions (the checks, the
 * wait for a reviewer, the outcome) and the API function that serves users' uploads, submissions
 * and status and administrators' decisions. All run the kyc-function jar with the platform's
 * settings ({@link WalletApi#settings}) plus the bucket and the workflow's ARN, each in a role of
 * its own.
 *
 * <p>Documents go straight from the user's browser or app to the bucket, through a presigned PUT
 * that the API function signs with its own credentials: so its role may put objects under {@code
 * kyc/} and nothing else in the bucket, and the bucket allows cross-origin PUTs with a Content-Type
 * (the presigned URL, not CORS, is what authorizes one). Only the check step's function reads them
 * back, for the automated checks, and only under {@code kyc/}; no role may delete one. The bucket
 * blocks all public access, refuses requests that are not over TLS, keeps every version, drops
 * incomplete multipart uploads after a day and is retained with the stack, in every stage, since
 * identity documents outlive a deployment (an operator empties and deletes the bucket of a deleted
 * throw-away stack). Encryption is S3-managed: an SSE-KMS key would give both roles {@code
 * kms:Decrypt} or {@code kms:GenerateDataKey}, which no function role in this stack but the webhook
 * dispatcher's has.
 *
 * <p>The workflow runs the automated checks, then parks a task token while an administrator decides
 * ({@code HumanReview}), escalates once when nobody does in time ({@code EscalatedReview}) and
 * records the outcome, which mails the user. Each wait lasts the review timeout of {@link Props}.
 * The API function starts executions and answers the parked task ({@code SendTaskSuccess}); only
 * the outcome step's function may send mail. The state machine's own role may invoke the step
 * functions' live aliases and nothing else. The definition is read here and each step's placeholder
 * ({@link #STEPS}) replaced with its alias's ARN in the template itself rather than with
 * CloudFormation's DefinitionSubstitutions, which the local emulator may not implement (as {@link
 * StandardWorkflow} does for every workflow).
 */
public final class KycReview extends Construct {

  /** The routes this API serves, as API Gateway route keys. */
  public static final List<String> ROUTES =
      List.of(
          "POST /api/kyc/documents",
          "POST /api/kyc/submit",
          "GET /api/kyc/status",
          "GET /api/admin/kyc/pending",
          "POST /api/admin/kyc/review",
          "GET /api/admin/kyc/reviews/{id}/audit");

  /** The workflow's definition, in the repository's statemachines directory. */
  public static final String DEFINITION_FILE = "kyc-review.asl.json";

  /** How long each review wait lasts unless configured: a week. */
  public static final int DEFAULT_REVIEW_TIMEOUT_SECONDS = 7 * 24 * 3600;

  /**
   * The longest review wait: a review may wait twice (escalated once), and both waits must fit in
   * the year a Standard execution may last.
   */
  public static final int MAX_REVIEW_TIMEOUT_SECONDS = 365 * 24 * 3600 / 2;

  /** Where its functions find the bucket (the application's stablepay.kyc.documents-bucket). */
  static final String DOCUMENTS_BUCKET_ENV = "STABLEPAY_KYC_DOCUMENTS_BUCKET";

  /** The workflow's ARN (the application's stablepay.workflows.kyc-review-arn). */
  static final String REVIEW_ARN_ENV = "STABLEPAY_WORKFLOWS_KYC_REVIEW_ARN";

  /** Path-style S3 addressing (stablepay.kyc.path-style): the emulator has no bucket hosts. */
  static final String PATH_STYLE_ENV = "STABLEPAY_KYC_PATH_STYLE";

  /** The sender of the outcome mail (stablepay.mail.from), as the auth function has it. */
  static final String MAIL_FROM_ENV = "STABLEPAY_MAIL_FROM";

  /** The automated checks: reads the documents. */
  static final StandardWorkflow.Step CHECK =
      new StandardWorkflow.Step("${KycCheckFunction}", "KycCheck", Handler.KYC_CHECK);

  /** The wait for a reviewer: parks the task token on the review. */
  static final StandardWorkflow.Step AWAIT_DECISION =
      new StandardWorkflow.Step(
          "${KycAwaitDecisionFunction}", "KycAwaitDecision", Handler.KYC_AWAIT_DECISION);

  /** The outcome on the user's status: mails the user. */
  static final StandardWorkflow.Step FINISH =
      new StandardWorkflow.Step("${KycFinishFunction}", "KycFinish", Handler.KYC_FINISH);

  /** The workflow's steps, each a function of its own. */
  static final List<StandardWorkflow.Step> STEPS = List.of(CHECK, AWAIT_DECISION, FINISH);

  /** The states that wait for an administrator, each for the review timeout. */
  static final List<String> REVIEW_STATES = List.of("HumanReview", "EscalatedReview");

  private static final StandardWorkflow WORKFLOW = new StandardWorkflow("KYC review", STEPS);

  /**
   * @param wallet what the wallet function is built from (gateway, jar, table, keys, network
   *     profile, nodes, local proxy): all its functions run the same jar with the same settings
   * @param definition the workflow's Amazon States Language file
   * @param reviewTimeoutSeconds how long each review wait (first and escalated) lasts, at most
   *     {@link #MAX_REVIEW_TIMEOUT_SECONDS}
   * @param mailFrom the sender of account mail: the finish step mails the outcome
   * @param mailSender the verified SES identity of {@code mailFrom} ({@link AuthApi#mailSender})
   * @param pathStyle local emulator only: address the bucket by path, not by host name
   */
  public record Props(
      WalletApi.Props wallet,
      Path definition,
      int reviewTimeoutSeconds,
      String mailFrom,
      IEmailIdentity mailSender,
      boolean pathStyle) {

    public Props {
      if (reviewTimeoutSeconds < 1 || reviewTimeoutSeconds > MAX_REVIEW_TIMEOUT_SECONDS) {
        throw new IllegalArgumentException(
            "the KYC review timeout is 1-"
                + MAX_REVIEW_TIMEOUT_SECONDS
                + " s, not "
                + reviewTimeoutSeconds);
      }
      Objects.requireNonNull(wallet, "wallet");
      Objects.requireNonNull(definition, "definition");
      Objects.requireNonNull(mailFrom, "mailFrom");
      Objects.requireNonNull(mailSender, "mailSender");
    }

    public static Builder builder() {
      return new Builder();
    }

    public static final class Builder {
      private WalletApi.Props wallet;
      private Path definition;
      private int reviewTimeoutSeconds = DEFAULT_REVIEW_TIMEOUT_SECONDS;
      private String mailFrom;
      private IEmailIdentity mailSender;
      private boolean pathStyle;

      public Builder wallet(WalletApi.Props wallet) {
        this.wallet = wallet;
        return this;
      }

      public Builder definition(Path definition) {
        this.definition = definition;
        return this;
      }

      /** How long each review wait lasts (default a week). */
      public Builder reviewTimeoutSeconds(int seconds) {
        this.reviewTimeoutSeconds = seconds;
        return this;
      }

      public Builder mail(String mailFrom, IEmailIdentity mailSender) {
        this.mailFrom = mailFrom;
        this.mailSender = mailSender;
        return this;
      }

      /** Local emulator only: path-style S3 addressing (default false). */
      public Builder pathStyle(boolean pathStyle) {
        this.pathStyle = pathStyle;
        return this;
      }

      public Props build() {
        return new Props(wallet, definition, reviewTimeoutSeconds, mailFrom, mailSender, pathStyle);
      }
    }
  }

  private final Bucket documents;
  private final ApiFunction function;
  private final Map<StandardWorkflow.Step, ApiFunction> steps;
  private final StateMachine stateMachine;

  public KycReview(Construct scope, String id, Props props) {
    super(scope, id);
    documents = KycDocuments.bucket(this);

    // named, so the step functions can know the workflow's ARN without the template's cycle
    // (workflow -> step alias -> step function -> workflow ARN)
    String name = Stack.of(this).getStackName() + "-KycReview";
    String reviewArn = StandardWorkflow.arn(this, "stateMachine", name);
    // the checks read the first bytes of each document
    steps =
        WORKFLOW.stepFunctions(
            this,
            step ->
                settings(props, step.handler())
                    .environment(REVIEW_ARN_ENV, reviewArn)
                    .environment(MAIL_FROM_ENV, props.mailFrom())
                    .timeoutSeconds(30)
                    .build());

    stateMachine =
        WORKFLOW.stateMachine(
            this,
            "StateMachine",
            name,
            definition(WORKFLOW.read(props.definition()), props.reviewTimeoutSeconds()),
            steps,
            "InvokeKycSteps",
            "");

    function =
        new ApiFunction(
            this,
            "Kyc",
            settings(props, Handler.KYC_API)
                .environment(REVIEW_ARN_ENV, stateMachine.getStateMachineArn())
                .build());

    StandardWorkflow.grantWalletData(
        props.wallet(), function, steps.values(), "KycVerifiesTokens", "KycVerifiesApiKeys");
    // signs the presigned upload URLs: an upload is a PutObject made with these credentials
    KycDocuments.grantUpload(documents, function.role());
    stateMachine.grantStartExecution(function.role());
    // an administrator's decision answers the parked task token; when no task waits on it, the
    // API asks whether the review's execution still runs (it may have escalated) or has ended
    // (stopped, failed), and then records the decision itself
    stateMachine.grantTaskResponse(function.role());
    function
        .role()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .sid("DescribeKycReviewExecutions")
                .actions(List.of("states:DescribeExecution"))
                .resources(List.of(StandardWorkflow.arn(this, "execution", name + ":*")))
                .build());
    // the checks read the documents, only under kyc/
    KycDocuments.grantRead(documents, steps.get(CHECK).role());
    props.mailSender().grantSendEmail(steps.get(FINISH).role());

    StandardWorkflow.routes(
        props.wallet(),
        "KycIntegration",
        function,
        ROUTES,
        "Every KYC route takes a Caller, which the function binds only from a valid "
            + "KMS-signed bearer token or API key (401 otherwise); a user uploads, submits "
            + "and reads only their own documents and review, and the /api/admin/kyc "
            + "routes also require the administrator role (403 otherwise).");
    suppressReviewedFindings();
  }

  /** The platform's settings plus the bucket, and path-style addressing where emulated. */
  private ApiFunction.Props.Builder settings(Props props, Handler handler) {
    ApiFunction.Props.Builder settings =
        WalletApi.settings(props.wallet(), handler)
            .environment(DOCUMENTS_BUCKET_ENV, documents.getBucketName());
    if (props.pathStyle()) {
      settings.environment(PATH_STYLE_ENV, "true");
    }
    return settings;
  }

  /**
   * The workflow definition {@code asl} with every review wait ({@link #REVIEW_STATES}) lasting
   * {@code reviewTimeoutSeconds}, and the steps' placeholders still in place.
   *
   * @throws IllegalArgumentException if it is not JSON, lacks a review state or a step's
   *     placeholder, or has a placeholder nothing replaces
   */
  static String definition(String asl, int reviewTimeoutSeconds) {
    JsonNode root = WORKFLOW.parse(asl);
    for (String name : REVIEW_STATES) {
      WORKFLOW
          .taskState(root, name, "it waits for the reviewer there, for the review timeout")
          .put("TimeoutSeconds", reviewTimeoutSeconds);
    }
    return WORKFLOW.text(root);
  }

  /** cdk-nag findings on this construct that are decisions, each with its reason. */
  private void suppressReviewedFindings() {
    NagPackSuppression documentsPrefix = KycDocuments.prefixSuppression();
    NagPackSuppression reviewExecutions =
        NagPackSuppression.builder()
            .id("AwsSolutions-IAM5")
            .reason(
                "Executions are named at run time, one per review: describing them (whether a "
                    + "review's execution still runs) is granted on the executions of this one state "
                    + "machine (execution:<stack>-KycReview:*).")
            .appliesTo(
                List.of(
                    RegexAppliesTo.builder()
                        .regex("/^Resource::arn:.*:states:.*:execution:.*-KycReview:\\*$/g")
                        .build()))
            .build();
    NagSuppressions.addResourceSuppressions(
        function.role(),
        List.of(DataTable.indexWildcardSuppression(), documentsPrefix, reviewExecutions),
        true);
    NagSuppressions.addResourceSuppressions(
        steps.get(CHECK).role(),
        List.of(DataTable.indexWildcardSuppression(), documentsPrefix),
        true);
    for (StandardWorkflow.Step step : List.of(AWAIT_DECISION, FINISH)) {
      NagSuppressions.addResourceSuppressions(
          steps.get(step).role(), List.of(DataTable.indexWildcardSuppression()), true);
    }
    KycDocuments.suppressAccessLogFinding(documents);
  }

  /** The bucket users upload their documents to. */
  public Bucket documents() {
    return documents;
  }

  /** The API function (uploads, submissions, status, administrators' decisions). */
  public ApiFunction function() {
    return function;
  }

  /** The workflow's step functions (checks, parking the task token, the outcome), by step. */
  public Map<StandardWorkflow.Step, ApiFunction> steps() {
    return steps;
  }

  public StateMachine stateMachine() {
    return stateMachine;
  }
}
