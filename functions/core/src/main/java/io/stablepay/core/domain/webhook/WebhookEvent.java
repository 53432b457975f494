package io.stablepay.core.domain.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something a merchant is told about, built once and delivered (and retried) unchanged. Its id is
 * the {@code webhook-id} of every attempt, so the merchant can drop duplicates. {@code data} holds
 * only what JSON carries without loss, with numbers as strings (amounts must not go through a
 * binary float on either side); turning it into a body is the adapter's job.
 *
 * @param id {@code evt_} and 26 letters or digits (a ULID, say)
 * @param occurredAt when it happened, not when it is sent (each attempt has its own timestamp)
 * @param data String, Boolean, and maps (String keys) and lists of these, at most {@value
 *     #MAX_DEPTH} levels deep; no nulls. Copied: immutable, in the given order.
 */
public record WebhookEvent(
    String id,
    WebhookEventType type,
    String merchantId,
    Instant occurredAt,
    Map<String, Object> data) {

  /** How deeply maps and lists may nest in {@code data} (the top-level map is level 1). */
  public static final int MAX_DEPTH = 8;

  private static final Pattern ID = Pattern.compile("evt_[0-9A-Za-z]{26}");

  public WebhookEvent {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("an event id is evt_ and 26 letters or digits");
    }
    Objects.requireNonNull(type, "type");
    if (merchantId == null || merchantId.isBlank() || merchantId.length() > 128) {
      throw new IllegalArgumentException("merchantId is 1-128 characters");
    }
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (data == null) {
      throw new IllegalArgumentException("data is required (it may be empty)");
    }
    data = copyMap(data, "data", 1);
  }

  private static Map<String, Object> copyMap(Map<?, ?> map, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(path + " nests deeper than " + MAX_DEPTH + " levels");
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String key) || key.isEmpty()) {
        throw new IllegalArgumentException(path + " has a key that is not a non-empty string");
      }
      copy.put(key, copyValue(entry.getValue(), path + "." + key, depth));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static Object copyValue(Object value, String path, int depth) {
    return switch (value) {
      case null -> throw new IllegalArgumentException(path + " is null (leave it out instead)");
      case String text -> text;
      case Boolean flag -> flag;
      case Number number ->
          throw new IllegalArgumentException(
              path + " is a number: numbers go as strings, so that no amount loses precision");
      case Map<?, ?> map -> copyMap(map, path, depth + 1);
      case List<?> list -> copyList(list, path, depth + 1);
      default ->
          throw new IllegalArgumentException(
              path + " is a " + value.getClass().getSimpleName() + ", not a JSON value");
    };
  }

  private static List<Object> copyList(List<?> list, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(path + " nests deeper than " + MAX_DEPTH + " levels");
    }
    List<Object> copy = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      copy.add(copyValue(list.get(i), path + "[" + i + "]", depth));
    }
    return Collections.unmodifiableList(copy);
  }
}
