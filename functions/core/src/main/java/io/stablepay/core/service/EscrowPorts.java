package io.stablepay.core.service;

import io.stablepay.core.port.out.Alerts;
import io.stablepay.core.port.out.AuditLog;
import io.stablepay.core.port.out.EscrowStore;
import io.stablepay.core.port.out.LedgerStore;
import io.stablepay.core.port.out.UserStore;
import io.stablepay.core.port.out.Workflows;
import java.time.Clock;

/**
 * The ports every escrow service uses ({@link EscrowService}, {@link EscrowWorkflowService}, {@link
 * EscrowRecoveryService}, and {@link OnchainEscrows} for an escrow held on-chain): they always
 * travel together, so they are handed over as one.
 */
public record EscrowPorts(
    EscrowStore store,
    LedgerStore ledger,
    UserStore users,
    Workflows workflows,
    AuditLog audit,
    Alerts alerts,
    Clock clock) {}
