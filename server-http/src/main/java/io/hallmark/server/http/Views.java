package io.hallmark.server.http;

import io.hallmark.core.Pem;
import io.hallmark.protocol.v1.AuditCheckpointView;
import io.hallmark.protocol.v1.AuditEntryView;
import io.hallmark.protocol.v1.BreakGlassView;
import io.hallmark.protocol.v1.MeView;
import io.hallmark.protocol.v1.OrganizationCaView;
import io.hallmark.protocol.v1.OrganizationView;
import io.hallmark.protocol.v1.PageView;
import io.hallmark.protocol.v1.TokenCreated;
import io.hallmark.protocol.v1.TokenView;
import io.hallmark.protocol.v1.UserView;
import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.BreakGlassSession;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Principal;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.TokenService;
import io.hallmark.server.access.User;
import io.hallmark.server.audit.AuditChain;
import io.hallmark.server.audit.AuditCheckpoint;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/** Domain values to wire views (protocol v1). */
final class Views {
    private Views() {}

    static <T, V> PageView<V> page(Page<T> page, Function<T, V> view) {
        return new PageView<>(
                page.items().stream().map(view).toList(), page.next().orElse(null));
    }

    static OrganizationView org(Organization o) {
        return new OrganizationView(
                o.id(),
                o.name(),
                o.kinds().stream().map(OrgKind::wireName).sorted().toList(),
                o.createdAt());
    }

    static OrganizationCaView organizationCa(Organization org, OrganizationCaService cas) {
        OrganizationCa ca = cas.ensure(org)
                .orElseThrow(
                        () -> new NotFoundException("organization " + org.id() + " issues no device certificates"));
        Set<OrganizationCa.Purpose> purposes = ca.purposes();
        return new OrganizationCaView(
                org.id(),
                Pem.certificate(ca.root()),
                purposes.contains(OrganizationCa.Purpose.IDEVID) ? ca.pem(OrganizationCa.Purpose.IDEVID) : null,
                purposes.contains(OrganizationCa.Purpose.LDEVID) ? ca.pem(OrganizationCa.Purpose.LDEVID) : null);
    }

    static UserView user(User u) {
        return new UserView(
                u.id(),
                u.orgId(),
                u.name(),
                u.roles().stream().map(Role::wireName).sorted().toList(),
                u.passwordHash().isPresent(),
                u.disabled(),
                u.createdAt());
    }

    static TokenCreated tokenCreated(TokenService.Issued issued) {
        ApiToken t = issued.token();
        return new TokenCreated(t.id(), t.userId(), t.name(), t.expiresAt(), issued.text());
    }

    static TokenView token(ApiToken t) {
        return new TokenView(
                t.id(),
                t.userId(),
                t.name(),
                t.createdAt(),
                t.expiresAt(),
                t.revokedAt().orElse(null));
    }

    static BreakGlassView breakGlass(BreakGlassSession b, Instant now) {
        return new BreakGlassView(
                b.id(),
                b.userId(),
                b.orgId(),
                b.reason(),
                b.startedAt(),
                b.expiresAt(),
                b.endedAt().orElse(null),
                b.isActive(now),
                b.reviewedBy().orElse(null),
                b.reviewedAt().orElse(null),
                b.reviewNote().orElse(null));
    }

    static AuditEntryView auditEntry(AuditEntry e) {
        var r = e.record();
        return new AuditEntryView(
                e.seq(),
                AuditChain.formatTime(e.time()),
                r.actor(),
                r.orgId().orElse(null),
                r.action(),
                r.target().orElse(null),
                r.outcome().wireName(),
                r.reason().orElse(null),
                r.requestId().orElse(null),
                r.severity().wireName(),
                r.breakGlassId().orElse(null),
                e.hash());
    }

    static AuditCheckpointView checkpoint(AuditCheckpoint c) {
        return new AuditCheckpointView(c.seq(), c.head(), AuditChain.formatTime(c.time()), c.jws());
    }

    static MeView me(Principal p) {
        return new MeView(
                p.userId(),
                p.userName(),
                p.orgId(),
                p.roles().stream().map(Role::wireName).sorted().toList(),
                p.isPlatformAdmin(),
                p.breakGlassId().orElse(null));
    }
}
