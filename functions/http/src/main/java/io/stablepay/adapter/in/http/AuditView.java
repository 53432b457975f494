package io.stablepay.adapter.in.http;

import io.micronaut.serde.annotation.Serdeable;
import io.stablepay.core.domain.audit.AuditEntry;
import java.util.Map;

/** One line of the audit log as the API shows it: who did what to what, and when. */
@Serdeable
public record AuditView(
    String actor, String action, String subject, Map<String, String> detail, String at) {

  public static AuditView of(AuditEntry e) {
    return new AuditView(e.actor(), e.action(), e.subject(), e.detail(), e.at().toString());
  }
}
