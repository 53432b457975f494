package io.stablepay.core.domain.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the audit log: who did what to what, when.
 *
 * @param actor the user id (or the automated step) that acted
 * @param action what was done, e.g. {@code kyc.review.decided}
 * @param subject what it was done to, e.g. a review id
 */
public record AuditEntry(
    String actor, String action, String subject, Map<String, String> detail, Instant at) {

  public AuditEntry {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(at, "at");
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }
}
