package io.stablepay.core.testing;

import io.stablepay.core.domain.audit.AuditEntry;
import io.stablepay.core.port.out.AuditLog;
import java.util.ArrayList;
import java.util.List;

/** An audit log in a list, oldest first. */
public final class MemoryAuditLog implements AuditLog {

  public final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public void record(AuditEntry entry) {
    entries.add(entry);
  }

  @Override
  public List<AuditEntry> about(String subject) {
    return entries.stream().filter(entry -> entry.subject().equals(subject)).toList();
  }

  /** The actions recorded, in order. */
  public List<String> actions() {
    return entries.stream().map(AuditEntry::action).toList();
  }
}
