package io.stablepay.core.port.out;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Merchants' webhook endpoints: only URLs whose host is or resolves to public addresses (none in
 * IANA's special-purpose ranges: no loopback, private, link-local or cloud metadata address, no
 * IPv6 address embedding IPv4) are accepted, at registration and again at every delivery; the local
 * profile may allow loopback by configuration.
 */
public interface WebhookEndpoint {

  /** What an endpoint answered. */
  record Answer(int statusCode, Optional<Duration> retryAfter, String body) {}

  /**
   * @throws io.stablepay.core.domain.InvalidRequestException when the URL's host is not a public
   *     address (or does not resolve)
   */
  void checkTarget(String url);

  /**
   * POSTs {@code body} (JSON) with {@code headers}, within {@link
   * io.stablepay.core.domain.webhook.DeliveryOutcome#REQUEST_TIMEOUT}, following no redirect.
   *
   * @throws io.stablepay.core.domain.InvalidRequestException when the target is refused
   * @throws java.io.UncheckedIOException when there is no answer (refused, reset, timed out)
   */
  Answer post(String url, Map<String, String> headers, String body);

  /** The JSON body of an event: {"type","timestamp","data":{...}}. */
  String body(io.stablepay.core.domain.webhook.WebhookEvent event);
}
