package io.stablepay.adapter.in.http.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.adapter.in.http.problem.DocumentedProblems;
import io.stablepay.core.domain.InvalidRequestException;
import io.stablepay.core.domain.NotFoundException;
import io.stablepay.core.domain.UnauthorizedException;
import io.stablepay.core.domain.webhook.WebhookSecret;
import io.stablepay.core.domain.webhook.WebhookSignature;
import io.stablepay.core.port.in.WatchGatewayPayments;
import io.stablepay.schema.Functions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Chain-event pushes: a node provider's address-activity webhook (or any relay of one) tells the
 * platform which transactions to look at, signed Standard Webhooks style with a shared secret. The
 * push is a hint, not a source of truth: the payments in those transactions are read back from the
 * platform's own node and take the gateway watcher's path, so a replayed or repeated push records
 * nothing twice.
 */
@DocumentedProblems
@Controller("/api/payments")
@Requires(env = Functions.MERCHANT_API)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Payments")
class ChainEventController {

  private final WatchGatewayPayments gateway;
  private final ChainEventKeys keys;
  private final JsonMapper json;
  private final Clock clock;

  ChainEventController(
      WatchGatewayPayments gateway, ChainEventKeys keys, JsonMapper json, Clock clock) {
    this.gateway = gateway;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  @Post(value = "/webhook", consumes = MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Push chain events: name transactions on a network (at most 100) whose"
              + " payment-gateway payments should be attributed now rather than when the watcher"
              + " reaches their block. Signed with the shared chain-events secret, Standard Webhooks"
              + " style (webhook-id, webhook-timestamp within 5 minutes, webhook-signature v1 HMAC-SHA256"
              + " over id.timestamp.body). Payments are read back from the platform's node; repeating a"
              + " push records nothing twice. Crediting still waits for the confirmation depth")
  PushView push(
      @Nullable @Header(WebhookSignature.ID_HEADER) String id,
      @Nullable @Header(WebhookSignature.TIMESTAMP_HEADER) String timestamp,
      @Nullable @Header(WebhookSignature.SIGNATURE_HEADER) String signature,
      @RequestBody(content = @Content(schema = @Schema(implementation = ChainEventPush.class)))
          @Body
          String body) {
    List<WebhookSecret> secrets = keys.keys();
    if (secrets.isEmpty()) {
      throw new NotFoundException("chain-event pushes are not configured here");
    }
    WebhookSignature.Verdict verdict =
        WebhookSignature.check(
            id,
            timestamp,
            signature,
            body == null ? "" : body,
            secrets,
            clock.instant(),
            WebhookSignature.DEFAULT_TOLERANCE);
    if (verdict != WebhookSignature.Verdict.VALID) {
      throw new UnauthorizedException(
          "the push is not signed with the chain-events secret (" + verdict + ")");
    }
    ChainEventPush push = parse(body);
    WatchGatewayPayments.PushReport report = gateway.attribute(push.network(), push.transactions());
    return new PushView(
        report.network().name(),
        report.transactions(),
        report.unmined(),
        report.payments(),
        report.recorded());
  }

  private ChainEventPush parse(String body) {
    ChainEventPush push;
    try {
      push = json.readValue(body, Argument.of(ChainEventPush.class));
    } catch (IOException | RuntimeException e) {
      throw new InvalidRequestException(
          "the body is {\"network\": \"<NETWORK>\", \"transactions\": [\"0x<hash>\", ...]}");
    }
    if (push == null || push.network() == null || push.transactions() == null) {
      throw new InvalidRequestException("network and transactions are required");
    }
    return push;
  }

  @Serdeable
  record ChainEventPush(
      @Schema(example = "ETHEREUM") String network,
      @Schema(description = "transaction hashes, at most 100") List<String> transactions) {}

  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record PushView(
      String network,
      @Schema(description = "distinct transactions named") int transactions,
      @Schema(
              description =
                  "transactions the node has no receipt for (unknown or not mined"
                      + " yet); the watcher's scan finds them once mined")
          int unmined,
      @Schema(description = "gateway payments in the mined transactions") int payments,
      @Schema(description = "of those, payments seen for the first time") int recorded) {}
}
