/**
 * Fleet security audit: a catalog of checks ({@link io.hallmark.server.fleetaudit.AuditCheck}) run over an
 * organization's devices, CAs, users, tokens and audit chain, whose findings are kept from run to run (open,
 * suppressed, resolved). {@link io.hallmark.server.fleetaudit.FleetAuditService} is the entry point; the checks
 * themselves are pure classes fed what the auditor reads through the identity, access, audit, pki and behaviour
 * features.
 */
package io.hallmark.server.fleetaudit;
