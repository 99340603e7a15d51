package io.hallmark.store.jdbc;

import io.hallmark.core.Ids;
import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.BreakGlassSession;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.User;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Values for store tests; each {@code given*} makes a valid value with fresh ids. */
final class Given {
    /** A fixed instant with milliseconds, the precision instants are stored with. */
    static final Instant T0 = Instant.parse("2026-03-01T12:34:56.789Z");

    private Given() {}

    static Organization givenOrganization(String name) {
        return new Organization(Ids.newId("org"), name, Set.of(OrgKind.MANUFACTURER, OrgKind.OWNER), T0);
    }

    static User givenUser(String orgId, String name) {
        return new User(
                Ids.newId("usr"), orgId, name, Set.of(Role.ADMIN, Role.SECURITY_OFFICER), Optional.empty(), T0, false);
    }

    static ApiToken givenToken(String userId, Instant createdAt) {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (i * 7 - 100);
        }
        return new ApiToken(
                Ids.newId("tok"), userId, "ci", hash, createdAt, createdAt.plusSeconds(3600), Optional.empty());
    }

    static BreakGlassSession givenBreakGlass(String userId, String orgId, Instant startedAt, Instant expiresAt) {
        return new BreakGlassSession(
                Ids.newId("bg"),
                userId,
                orgId,
                "incident 42",
                startedAt,
                expiresAt,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    static AuditRecord givenRecord(String action) {
        return new AuditRecord(
                "system",
                Optional.empty(),
                action,
                Optional.empty(),
                Outcome.SUCCESS,
                Optional.empty(),
                Optional.empty(),
                Severity.INFO,
                Optional.empty());
    }

    static AuditRecord givenRecord(String actor, String orgId, String action, Outcome outcome, Severity severity) {
        return new AuditRecord(
                actor,
                Optional.of(orgId),
                action,
                Optional.of("target-1"),
                outcome,
                Optional.of("because"),
                Optional.of("req-1"),
                severity,
                Optional.empty());
    }
}
