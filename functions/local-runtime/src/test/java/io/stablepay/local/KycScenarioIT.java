package io.stablepay.local;

import static io.stablepay.local.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Black-box: KYC and KYB reviews through the API, the emulator's S3 (presigned uploads) and its
 * Step Functions, which runs {@code statemachines/kyc-review.asl.json} and invokes the task
 * function through its Lambda proxy. Here a review waits {@value
 * RunningPlatform#KYC_REVIEW_TIMEOUT_SECONDS} s for a decision before it escalates.
 */
@ExtendWith(RunningPlatform.class)
class KycScenarioIT {

  private static final String PASSWORD = "correct horse battery";
  static final byte[] PDF =
      "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0};
  private static ApiClient api;
  private static String admin;

  /** The platform's client and the administrator's token (other scenarios use the helpers). */
  @BeforeAll
  static synchronized void platform() {
    if (api == null) {
      api = ApiClient.platform();
      admin = RunningPlatform.get().adminBearer();
    }
  }

  @Test
  void aUserIsVerifiedWhenAnAdministratorApprovesTheReviewThroughTheApi() throws Exception {
    ApiClient.Account user = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("NOT_STARTED");
    String document = upload(user, "PASSPORT", "application/pdf", PDF);

    HttpResponse<String> submitted = submit(user, null, List.of(document), "Test User");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String review = json(submitted).path("id").asText();
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("PENDING");

    JsonNode pending = awaitPending(review, "AWAITING_REVIEW");
    assertThat(pending.path("userId").asText()).isEqualTo(user.id());
    assertThat(pending.path("findings").toString())
        .contains("matches the profile")
        .contains("no sanctions list match");
    LocalRuntimeIT.assertProblem(
        api.get("/api/admin/kyc/pending", "Authorization", user.bearer()), 403, "forbidden");

    HttpResponse<String> approved = decide(review, "APPROVE", null);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    Awaitility.await("verified")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(user).path("kycStatus").asText().equals("VERIFIED"));
    JsonNode done = status(user).path("reviews").get(0);
    assertThat(done.path("status").asText()).isEqualTo("APPROVED");
    assertThat(done.path("decidedAt").isNull()).isFalse();

    LocalRuntimeIT.assertProblem(decide(review, "APPROVE", null), 409, "conflict");
    LocalRuntimeIT.assertProblem(
        submit(user, null, List.of(upload(user, "NATIONAL_ID", "image/png", PNG)), "Test User"),
        409,
        "conflict");
    List<String> actions = new ArrayList<>();
    HttpResponse<String> audit =
        api.get("/api/admin/kyc/reviews/" + review + "/audit", "Authorization", admin);
    json(audit).forEach(entry -> actions.add(entry.path("action").asText()));
    assertThat(actions)
        .containsExactly("kyc.review.submitted", "kyc.review.decision-sent", "kyc.review.decided");
    assertThat(json(audit).get(2).path("actor").asText())
        .isEqualTo(json(audit).get(1).path("actor").asText())
        .isNotEqualTo(user.id());
    // the workflow's task token never leaves the platform
    assertThat(audit.body() + submitted.body() + pending).doesNotContainIgnoringCase("token");
  }

  @Test
  void theChecksRejectAnUnreadableDocumentOrASanctionedNameWithoutAHuman() throws Exception {
    ApiClient.Account user = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String fake =
        upload(
            user,
            "DRIVER_LICENSE",
            "application/pdf",
            "just text".getBytes(StandardCharsets.US_ASCII));
    submit(user, "KYC", List.of(fake), "Test User");
    JsonNode rejected = awaitOutcome(user, "REJECTED");
    assertThat(rejected.path("reason").asText()).contains("not a readable application/pdf");
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("REJECTED");

    String email = "listed-" + UUID.randomUUID() + "@example.com";
    api.post(
        "/api/auth/register",
        Map.of(
            "email", email, "password", PASSWORD, "firstName", "Ivan", "lastName", "Embargovich"));
    ApiClient.Account listed =
        new ApiClient.Account(
            email,
            null,
            "Bearer "
                + json(api.post("/api/auth/login", Map.of("email", email, "password", PASSWORD)))
                    .path("accessToken")
                    .asText());
    submit(
        listed, "KYC", List.of(upload(listed, "PASSPORT", "image/png", PNG)), "Ivan Embargovich");
    assertThat(awaitOutcome(listed, "REJECTED").path("reason").asText()).contains("sanctions list");
  }

  @Test
  void aReviewNobodyDecidesInTimeEscalatesAndCanStillBeDecided() throws Exception {
    ApiClient.Account user = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String review =
        json(submit(
                user, null, List.of(upload(user, "PASSPORT", "application/pdf", PDF)), "User Test"))
            .path("id")
            .asText();
    awaitPending(review, "AWAITING_REVIEW");
    LocalRuntimeIT.assertProblem(decide(review, "REJECT", " "), 422, "invalid-value");

    Awaitility.await("escalated")
        .atMost(Duration.ofSeconds(RunningPlatform.KYC_REVIEW_TIMEOUT_SECONDS * 3L))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                pendingReview(review) != null
                    && pendingReview(review).path("status").asText().equals("ESCALATED"));
    HttpResponse<String> rejected = decide(review, "REJECT", "the photo is too dark");
    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(202);
    JsonNode outcome = awaitOutcome(user, "REJECTED");
    assertThat(outcome.path("reason").asText()).isEqualTo("the photo is too dark");
    List<String> actions = new ArrayList<>();
    json(api.get("/api/admin/kyc/reviews/" + review + "/audit", "Authorization", admin))
        .forEach(entry -> actions.add(entry.path("action").asText()));
    assertThat(actions).contains("kyc.review.escalated", "kyc.review.decided");
  }

  /**
   * The review's execution ends while it waits (an operator stops it; an emulator restart fails
   * it): no task waits on the review's token any more and nothing would ever record a decision. The
   * administrator's decision is recorded at once instead, and said so in the audit trail.
   */
  @Test
  void aDecisionOnAReviewWhoseWorkflowHasEndedIsRecordedWithoutIt() throws Exception {
    ApiClient.Account user = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    String review =
        json(submit(
                user, null, List.of(upload(user, "PASSPORT", "application/pdf", PDF)), "Test User"))
            .path("id")
            .asText();
    awaitPending(review, "AWAITING_REVIEW");
    String execution =
        RunningPlatform.get()
                .stack
                .outputs()
                .kycReviewArn()
                .replace(":stateMachine:", ":execution:")
            + ":"
            + review;
    try (SfnClient sfn = RunningPlatform.get().sfn()) {
      sfn.stopExecution(s -> s.executionArn(execution));
      Awaitility.await("stopped")
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  sfn.describeExecution(d -> d.executionArn(execution)).status()
                      != ExecutionStatus.RUNNING);
    }

    HttpResponse<String> approved = decide(review, "APPROVE", null);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);
    assertThat(json(approved).path("status").asText()).isEqualTo("APPROVED");
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("VERIFIED");
    LocalRuntimeIT.assertProblem(decide(review, "REJECT", "second thoughts"), 409, "conflict");
    List<String> actions = new ArrayList<>();
    json(api.get("/api/admin/kyc/reviews/" + review + "/audit", "Authorization", admin))
        .forEach(entry -> actions.add(entry.path("action").asText()));
    assertThat(actions)
        .containsExactly(
            "kyc.review.submitted", "kyc.review.decided-without-workflow", "kyc.review.decided");
    Awaitility.await("the alert")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(RunningPlatform.functionLogs())
                    .anySatisfy(
                        line ->
                            assertThat(line.path("formattedMessage").asText())
                                .startsWith("ALERT kyc-workflow-ended review " + review)));
  }

  @Test
  void aMerchantsBusinessIsVerifiedThroughKyb() throws Exception {
    ApiClient.Account user = api.signUp("kyb-" + UUID.randomUUID() + "@example.com", PASSWORD);
    LocalRuntimeIT.assertProblem(
        submit(
            user,
            "KYB",
            List.of(upload(user, "BUSINESS_REGISTRATION", "application/pdf", PDF)),
            "Coffee Ltd"),
        409,
        "conflict");
    api.post(
        "/api/merchant/register",
        Map.of("businessName", "Coffee Ltd", "businessType", "retail"),
        "Authorization",
        user.bearer());
    String registration = upload(user, "BUSINESS_REGISTRATION", "application/pdf", PDF);

    String review =
        json(submit(user, "KYB", List.of(registration), "COFFEE LTD.")).path("id").asText();
    assertThat(awaitPending(review, "AWAITING_REVIEW").path("kind").asText()).isEqualTo("KYB");
    assertThat(decide(review, "APPROVE", "registry extract checked").statusCode()).isEqualTo(202);

    Awaitility.await("KYB verified")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(user).path("kybStatus").asText().equals("VERIFIED"));
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("NOT_STARTED");
    assertThat(
            json(api.get("/api/merchant/dashboard", "Authorization", user.bearer()))
                .path("merchant")
                .path("kybStatus")
                .asText())
        .isEqualTo("VERIFIED");
  }

  @Test
  void badUploadsAndSubmissionsAreRefusedAndChangeNothing() throws Exception {
    ApiClient.Account user = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    ApiClient.Account other = api.signUp("kyc-" + UUID.randomUUID() + "@example.com", PASSWORD);
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/kyc/documents",
            Map.of("type", "SELFIE", "contentType", "image/png"),
            "Authorization",
            user.bearer()),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/kyc/documents",
            Map.of("type", "PASSPORT", "contentType", "text/plain"),
            "Authorization",
            user.bearer()),
        400,
        "invalid-request");
    LocalRuntimeIT.assertProblem(
        submit(user, null, List.of(), "Test User"), 400, "invalid-request");
    String theirs = upload(other, "PASSPORT", "application/pdf", PDF);
    LocalRuntimeIT.assertProblem(
        submit(user, null, List.of(theirs), "Test User"), 422, "invalid-value");
    LocalRuntimeIT.assertProblem(
        submit(user, "KYZ", List.of(theirs), "Test User"), 400, "invalid-request");
    LocalRuntimeIT.assertProblem(
        api.post(
            "/api/kyc/documents", Map.of("type", "PASSPORT", "contentType", "application/pdf")),
        401,
        "unauthorized");
    assertThat(status(user).path("kycStatus").asText()).isEqualTo("NOT_STARTED");
    assertThat(status(user).path("reviews")).isEmpty();
  }

  /** Registers a document and PUTs its bytes to the presigned URL; its id. */
  static String upload(ApiClient.Account user, String type, String contentType, byte[] bytes)
      throws Exception {
    HttpResponse<String> ticket =
        api.post(
            "/api/kyc/documents",
            Map.of("type", type, "contentType", contentType),
            "Authorization",
            user.bearer());
    assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(201);
    JsonNode body = json(ticket);
    HttpRequest.Builder put =
        HttpRequest.newBuilder(URI.create(body.path("uploadUrl").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes));
    body.path("headers")
        .fields()
        .forEachRemaining(h -> put.header(h.getKey(), h.getValue().asText()));
    HttpResponse<String> stored =
        HttpClient.newHttpClient().send(put.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    return body.path("documentId").asText();
  }

  static HttpResponse<String> submit(
      ApiClient.Account user, String kind, List<String> documents, String name) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("documentIds", documents, "nameOnDocument", name));
    if (kind != null) {
      body.put("kind", kind);
    }
    return api.post("/api/kyc/submit", body, "Authorization", user.bearer());
  }

  static HttpResponse<String> decide(String review, String decision, String reason) {
    Map<String, Object> body =
        new java.util.HashMap<>(Map.of("reviewId", review, "decision", decision));
    if (reason != null) {
      body.put("reason", reason);
    }
    return api.post("/api/admin/kyc/review", body, "Authorization", admin);
  }

  static JsonNode status(ApiClient.Account user) {
    return json(api.get("/api/kyc/status", "Authorization", user.bearer()));
  }

  /** The review in the administrators' pending list, or null. */
  static JsonNode pendingReview(String review) {
    String cursor = null;
    do {
      JsonNode page =
          json(
              api.get(
                  "/api/admin/kyc/pending?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                  "Authorization",
                  admin));
      for (JsonNode r : page.path("data")) {
        if (r.path("id").asText().equals(review)) {
          return r;
        }
      }
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    return null;
  }

  static JsonNode awaitPending(String review, String status) {
    JsonNode[] found = new JsonNode[1];
    Awaitility.await(review + " " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              found[0] = pendingReview(review);
              return found[0] != null && found[0].path("status").asText().equals(status);
            });
    return found[0];
  }

  /** The user's newest review once it is {@code status}. */
  static JsonNode awaitOutcome(ApiClient.Account user, String status) {
    Awaitility.await("review " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> status(user).path("reviews").path(0).path("status").asText().equals(status));
    return status(user).path("reviews").get(0);
  }
}
