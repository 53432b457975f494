package io.stablepay.core.testing;

import io.stablepay.core.domain.InvalidValueException;
import io.stablepay.core.domain.webhook.DeliveryOutcome;
import io.stablepay.core.domain.webhook.WebhookEvent;
import io.stablepay.core.domain.webhook.WebhookUrls;
import io.stablepay.core.port.out.WebhookEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Merchants' endpoints without a network. A URL's host is public unless it is in {@link
 * #privateHosts}: checking it then fails as the real check does, at registration and again before
 * every POST (nothing is sent). Each POST is recorded with its headers and body, then answered with
 * the next of {@link #answers} (queued with {@link #answer} or {@link #noAnswer}), or 200 once they
 * run out; "no answer" throws as a timeout does. The body of an event is its JSON,
 * {"type","timestamp","data"}, written here with the keys in order.
 */
public final class RecordingWebhookEndpoint implements WebhookEndpoint {

  /** One POST as the endpoint received it. */
  public record Request(String url, Map<String, String> headers, String body) {}

  /** Hosts that are or resolve to non-public addresses. */
  public final Set<String> privateHosts = new HashSet<>();

  /** Every URL checked, in order (POSTs check theirs too). */
  public final List<String> checked = new ArrayList<>();

  /** Every POST that got through the check, in order. */
  public final List<Request> requests = new ArrayList<>();

  /** What the next POSTs get: an {@link Answer}, or a RuntimeException thrown instead. */
  public final Deque<Object> answers = new ArrayDeque<>();

  /** Queues an answer with {@code status} and no Retry-After. */
  public RecordingWebhookEndpoint answer(int status) {
    answers.add(new Answer(status, Optional.empty(), "status " + status));
    return this;
  }

  /** Queues an answer with {@code status} and a Retry-After of {@code retryAfter}. */
  public RecordingWebhookEndpoint answer(int status, Duration retryAfter) {
    answers.add(new Answer(status, Optional.of(retryAfter), "status " + status));
    return this;
  }

  /** Queues a POST that gets no answer within the time allowed. */
  public RecordingWebhookEndpoint noAnswer() {
    answers.add(
        new UncheckedIOException(
            "no answer from the webhook endpoint:" + " HttpTimeoutException",
            new IOException("request timed out after " + DeliveryOutcome.REQUEST_TIMEOUT)));
    return this;
  }

  @Override
  public synchronized void checkTarget(String url) {
    checked.add(url);
    String host = WebhookUrls.parse(url).getHost();
    if (privateHosts.contains(host)) {
      throw new InvalidValueException(
          "the webhook host "
              + host
              + " resolves to a non-public address; webhooks go to public addresses only");
    }
  }

  @Override
  public synchronized Answer post(String url, Map<String, String> headers, String body) {
    checkTarget(url);
    requests.add(new Request(url, Map.copyOf(headers), body));
    Object next = answers.poll();
    if (next instanceof RuntimeException failure) {
      throw failure;
    }
    return next == null ? new Answer(200, Optional.empty(), "ok") : (Answer) next;
  }

  @Override
  public String body(WebhookEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", event.type().wireName());
    body.put("timestamp", event.occurredAt().toString());
    body.put("data", event.data());
    StringBuilder json = new StringBuilder();
    write(body, json);
    return json.toString();
  }

  private static void write(Object value, StringBuilder json) {
    switch (value) {
      case String text -> {
        json.append('"');
        text.chars()
            .forEach(
                c -> {
                  if (c == '"' || c == '\\') {
                    json.append('\\').append((char) c);
                  } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", c));
                  } else {
                    json.append((char) c);
                  }
                });
        json.append('"');
      }
      case Map<?, ?> map -> {
        json.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          json.append(separator);
          write(entry.getKey(), json);
          json.append(':');
          write(entry.getValue(), json);
          separator = ",";
        }
        json.append('}');
      }
      case List<?> list -> {
        json.append('[');
        for (int i = 0; i < list.size(); i++) {
          json.append(i == 0 ? "" : ",");
          write(list.get(i), json);
        }
        json.append(']');
      }
      default -> json.append(value);
    }
  }
}
