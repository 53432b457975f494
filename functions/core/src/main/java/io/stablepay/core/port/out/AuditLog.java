package io.stablepay.core.port.out;

import io.stablepay.core.domain.audit.AuditEntry;
import java.util.List;

/** An append-only record of who did what to what: decisions a regulator may ask about. */
public interface AuditLog {

  void record(AuditEntry entry);

  /** Everything recorded about {@code subject}, oldest first. */
  List<AuditEntry> about(String subject);
}
