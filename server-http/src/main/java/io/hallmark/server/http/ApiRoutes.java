package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.AUDIT_EXPORT;
import static io.hallmark.server.access.Permission.AUDIT_READ;
import static io.hallmark.server.access.Permission.AUDIT_VERIFY;
import static io.hallmark.server.access.Permission.BREAK_GLASS_READ;
import static io.hallmark.server.access.Permission.BREAK_GLASS_REVIEW;
import static io.hallmark.server.access.Permission.BREAK_GLASS_START;
import static io.hallmark.server.access.Permission.METRICS_READ;
import static io.hallmark.server.access.Permission.ORG_CREATE;
import static io.hallmark.server.access.Permission.ORG_READ;
import static io.hallmark.server.access.Permission.TOKEN_MANAGE;
import static io.hallmark.server.access.Permission.TOKEN_OWN;
import static io.hallmark.server.access.Permission.USER_READ;
import static io.hallmark.server.access.Permission.USER_UPDATE;

import io.hallmark.protocol.v1.AuditCheckpointView;
import io.hallmark.protocol.v1.AuditEntryView;
import io.hallmark.protocol.v1.AuditVerificationView;
import io.hallmark.protocol.v1.BreakGlassReview;
import io.hallmark.protocol.v1.BreakGlassStart;
import io.hallmark.protocol.v1.BreakGlassView;
import io.hallmark.protocol.v1.MeView;
import io.hallmark.protocol.v1.OrganizationCaView;
import io.hallmark.protocol.v1.OrganizationCreate;
import io.hallmark.protocol.v1.OrganizationView;
import io.hallmark.protocol.v1.PageView;
import io.hallmark.protocol.v1.TokenCreate;
import io.hallmark.protocol.v1.TokenCreated;
import io.hallmark.protocol.v1.TokenView;
import io.hallmark.protocol.v1.TotpConfirm;
import io.hallmark.protocol.v1.TotpEnable;
import io.hallmark.protocol.v1.TotpEnrollmentView;
import io.hallmark.protocol.v1.UserCreate;
import io.hallmark.protocol.v1.UserCreated;
import io.hallmark.protocol.v1.UserUpdate;
import io.hallmark.protocol.v1.UserView;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Role;
import io.hallmark.server.audit.AuditQuery;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.persistence.PageRequest;
import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator API's routes: the one list from which the server registers its handlers, the OpenAPI document is
 * written and the authorization matrix test is generated.
 */
final class ApiRoutes {
    /** Handles a routed request; {@code caller} is null on public routes. */
    @FunctionalInterface
    interface Handler {
        Object handle(Context ctx, io.hallmark.server.access.Caller caller) throws Exception;
    }

    /** Handles a routed request whose JSON body has been decoded strictly into {@code body}. */
    @FunctionalInterface
    interface BodyHandler<B> {
        Object handle(Context ctx, io.hallmark.server.access.Caller caller, B body) throws Exception;
    }

    /** A route and its handler. */
    record Bound(RouteSpec spec, Handler handler) {}

    /** A non-JSON answer. */
    record Raw(String contentType, byte[] body) {}

    /** An answer written by the handler itself to the response stream. */
    record Streamed(String contentType, StreamBody body) {}

    /** Writes a streamed answer. */
    @FunctionalInterface
    interface StreamBody {
        void write(Writer out) throws Exception;
    }

    private final List<Bound> routes = new ArrayList<>();
    private final ApiServices s;

    private ApiRoutes(ApiServices services) {
        this.s = services;
    }

    static List<Bound> build(ApiServices services) {
        ApiRoutes r = new ApiRoutes(services);
        r.define();
        IdentityRoutes.define(r, services);
        LabelRoutes.define(r, services);
        BehaviourRoutes.define(r, services);
        BehaviourRoutes.defineWebhooks(r, services);
        AttestationRoutes.define(r, services);
        FleetAuditRoutes.define(r, services);
        ReleaseRoutes.define(r, services);
        VulnRoutes.define(r, services);
        RolloutRoutes.define(r, services);
        DeviceTagRoutes.define(r, services);
        CraRoutes.define(r, services);
        return List.copyOf(r.routes);
    }

    private void define() {
        pub(
                "GET",
                "/healthz",
                "health",
                "Liveness: the process answers",
                Map.class,
                (ctx, c) -> Map.of("status", "ok"));
        pub("GET", "/readyz", "ready", "Readiness: the database answers", Map.class, (ctx, c) -> {
            if (!s.ready().getAsBoolean()) {
                ctx.status(503);
                return Map.of("status", "unavailable");
            }
            return Map.of("status", "ready");
        });
        pub("GET", "/api/v1/openapi.json", "openapi", "This API's OpenAPI 3.1 document", Map.class, null);
        pub(
                "GET",
                "/api/v1/audit/public-key",
                "auditPublicKey",
                "The audit checkpoint public key (PEM)",
                null,
                (ctx, c) -> new Raw(
                        "application/x-pem-file", s.audit().publicKeyPem().getBytes(StandardCharsets.UTF_8)));
        route(
                "GET",
                "/metrics",
                "metrics",
                "Prometheus metrics (text format 0.0.4)",
                Set.of(METRICS_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> {
                    s.guard().check(c, METRICS_READ, c.principal().orgId(), "metrics.read", "/metrics");
                    return new Raw(
                            "text/plain; version=0.0.4; charset=utf-8",
                            s.metrics().scrape().getBytes(StandardCharsets.UTF_8));
                });

        route(
                "GET",
                "/api/v1/me",
                "me",
                "Who the token acts for",
                Set.of(),
                null,
                MeView.class,
                200,
                false,
                (ctx, c) -> Views.me(c.principal()));

        route(
                "POST",
                "/api/v1/organizations",
                "createOrganization",
                "Create an organization (platform admins)",
                Set.of(ORG_CREATE),
                OrganizationCreate.class,
                OrganizationView.class,
                201,
                true,
                (ctx, c, body) -> {
                    Set<OrgKind> kinds = EnumSet.noneOf(OrgKind.class);
                    for (String k : nonNull(body.kinds(), "kinds")) {
                        kinds.add(parse(() -> OrgKind.fromWire(k)));
                    }
                    return Views.org(s.access().createOrganization(c, body.name(), kinds));
                });
        page(
                "GET",
                "/api/v1/organizations",
                "listOrganizations",
                "List organizations (one's own unless platform admin)",
                Set.of(ORG_READ),
                OrganizationView.class,
                (ctx, c) -> Views.page(s.access().organizations(c, pageOf(ctx)), Views::org));
        route(
                "GET",
                "/api/v1/organizations/{org}",
                "getOrganization",
                "An organization by id or name",
                Set.of(ORG_READ),
                null,
                OrganizationView.class,
                200,
                false,
                (ctx, c) -> Views.org(s.access().organization(c, ctx.pathParam("org"))));

        route(
                "GET",
                "/api/v1/organizations/{org}/ca",
                "getOrganizationCa",
                "The organization's certificate authorities (PEM): root, IDevID and LDevID issuing CAs",
                Set.of(ORG_READ),
                null,
                OrganizationCaView.class,
                200,
                false,
                (ctx, c) ->
                        Views.organizationCa(s.access().organization(c, ctx.pathParam("org")), s.organizationCas()));
        route(
                "POST",
                "/api/v1/organizations/{org}/ca/revocations",
                "revokeOrganizationCa",
                "Revoke one of the organization's issuing CAs by its root: its serial goes on the root's CRL and it"
                        + " issues nothing more",
                Set.of(Permission.CA_REVOKE),
                io.hallmark.protocol.v1.CaRevocationRequest.class,
                io.hallmark.protocol.v1.CaRevocationView.class,
                201,
                true,
                (ctx, c, body) -> {
                    var r = s.identity()
                            .caRevocations()
                            .revoke(c, ctx.pathParam("org"), nonNull(body.purpose(), "purpose"), body.reason());
                    return new io.hallmark.protocol.v1.CaRevocationView(
                            r.orgId(),
                            r.caAlias(),
                            r.rootAlias(),
                            r.serialHex(),
                            io.hallmark.server.identity.CaRevocationService.reasonName(r.reason()),
                            r.revokedAt().toString(),
                            r.revokedBy());
                });

        route(
                "POST",
                "/api/v1/users",
                "createUser",
                "Add a user; answers with their first API token (shown once)",
                Set.of(Permission.USER_CREATE),
                UserCreate.class,
                UserCreated.class,
                201,
                true,
                (ctx, c, body) -> {
                    var created = s.access()
                            .addUser(
                                    c,
                                    nonNull(body.org(), "org"),
                                    body.name(),
                                    roles(nonNull(body.roles(), "roles")),
                                    body.password() == null
                                            ? null
                                            : body.password().toCharArray(),
                                    Optional.ofNullable(body.tokenTtlDays()));
                    return new UserCreated(Views.user(created.user()), Views.tokenCreated(created.token()));
                });
        page(
                "GET",
                "/api/v1/users",
                "listUsers",
                "List users of an organization",
                Set.of(USER_READ),
                UserView.class,
                (ctx, c) -> Views.page(
                        s.access().users(c, Optional.ofNullable(ctx.queryParam("org")), pageOf(ctx)), Views::user));
        route(
                "GET",
                "/api/v1/users/{user}",
                "getUser",
                "A user",
                Set.of(USER_READ, TOKEN_OWN),
                null,
                UserView.class,
                200,
                false,
                (ctx, c) -> Views.user(s.access().user(c, ctx.pathParam("user"))));
        route(
                "PATCH",
                "/api/v1/users/{user}",
                "updateUser",
                "Change a user's roles, disable or enable them",
                Set.of(USER_UPDATE),
                UserUpdate.class,
                UserView.class,
                200,
                true,
                (ctx, c, body) -> {
                    return Views.user(s.access()
                            .updateUser(
                                    c,
                                    ctx.pathParam("user"),
                                    Optional.ofNullable(body.roles()).map(ApiRoutes::roles),
                                    Optional.ofNullable(body.disabled())));
                });

        route(
                "POST",
                "/api/v1/me/totp",
                "enableTotp",
                "Turn on two-step console sign-in (TOTP) for oneself; answers with the secret (shown once)",
                Set.of(TOKEN_OWN),
                TotpEnable.class,
                TotpEnrollmentView.class,
                201,
                true,
                (ctx, c, body) -> {
                    var e = s.totp()
                            .enable(
                                    c,
                                    body.password() == null
                                            ? null
                                            : body.password().toCharArray());
                    return new TotpEnrollmentView(e.otpauthUri(), e.secret());
                });
        route(
                "POST",
                "/api/v1/me/totp/confirm",
                "confirmTotp",
                "Confirm one's new TOTP secret with its first code",
                Set.of(TOKEN_OWN),
                TotpConfirm.class,
                null,
                204,
                true,
                (ctx, c, body) -> {
                    s.totp().confirm(c, nonNull(body.code(), "code"));
                    return null;
                });
        route(
                "DELETE",
                "/api/v1/users/{user}/totp",
                "disableTotp",
                "Turn off two-step console sign-in: one's own, or another user's with user-update",
                Set.of(TOKEN_OWN, USER_UPDATE),
                null,
                null,
                204,
                true,
                (ctx, c) -> {
                    s.totp().disable(c, ctx.pathParam("user"));
                    return null;
                });

        route(
                "POST",
                "/api/v1/tokens",
                "createToken",
                "Make an API token (shown once)",
                Set.of(TOKEN_OWN, TOKEN_MANAGE),
                TokenCreate.class,
                TokenCreated.class,
                201,
                true,
                (ctx, c, body) -> {
                    return Views.tokenCreated(s.tokens()
                            .create(
                                    c,
                                    Optional.ofNullable(body.user()),
                                    body.name(),
                                    Optional.ofNullable(body.ttlDays())));
                });
        page(
                "GET",
                "/api/v1/tokens",
                "listTokens",
                "List a user's tokens (never their secrets)",
                Set.of(TOKEN_OWN, TOKEN_MANAGE),
                TokenView.class,
                (ctx, c) -> new PageView<>(
                        s.tokens().list(c, Optional.ofNullable(ctx.queryParam("user"))).stream()
                                .map(Views::token)
                                .toList(),
                        null));
        route(
                "DELETE",
                "/api/v1/tokens/{token}",
                "revokeToken",
                "Revoke a token",
                Set.of(TOKEN_OWN, TOKEN_MANAGE),
                null,
                null,
                204,
                true,
                (ctx, c) -> {
                    s.tokens().revoke(c, ctx.pathParam("token"));
                    return null;
                });

        route(
                "POST",
                "/api/v1/access/break-glass",
                "startBreakGlass",
                "Take the admin role for at most 60 minutes, with a reason (security officers)",
                Set.of(BREAK_GLASS_START),
                BreakGlassStart.class,
                BreakGlassView.class,
                201,
                true,
                (ctx, c, body) -> {
                    return Views.breakGlass(
                            s.breakGlass().start(c, body.reason(), nonNull(body.minutes(), "minutes")),
                            s.clock().instant());
                });
        page(
                "GET",
                "/api/v1/access/break-glass",
                "listBreakGlass",
                "Break-glass sessions, newest first",
                Set.of(BREAK_GLASS_READ),
                BreakGlassView.class,
                (ctx, c) -> new PageView<>(
                        s.breakGlass().list(c, Optional.ofNullable(ctx.queryParam("org")), limit(ctx)).stream()
                                .map(b -> Views.breakGlass(b, s.clock().instant()))
                                .toList(),
                        null));
        route(
                "POST",
                "/api/v1/access/break-glass/{id}/end",
                "endBreakGlass",
                "End a break-glass session early (its holder or an admin)",
                Set.of(BREAK_GLASS_START, USER_UPDATE),
                null,
                BreakGlassView.class,
                200,
                true,
                (ctx, c) -> Views.breakGlass(
                        s.breakGlass().end(c, ctx.pathParam("id")), s.clock().instant()));
        route(
                "POST",
                "/api/v1/access/break-glass/{id}/review",
                "reviewBreakGlass",
                "Record the review of a break-glass session (not by its holder)",
                Set.of(BREAK_GLASS_REVIEW),
                BreakGlassReview.class,
                BreakGlassView.class,
                200,
                true,
                (ctx, c, body) -> {
                    return Views.breakGlass(
                            s.breakGlass().review(c, ctx.pathParam("id"), body.note()),
                            s.clock().instant());
                });

        page(
                "GET",
                "/api/v1/audit/entries",
                "listAuditEntries",
                "Audit entries, newest first, filtered",
                Set.of(AUDIT_READ),
                AuditEntryView.class,
                (ctx, c) -> Views.page(s.audit().list(c, auditQuery(ctx), pageOf(ctx)), Views::auditEntry));
        page(
                "GET",
                "/api/v1/audit/checkpoints",
                "listAuditCheckpoints",
                "Signed checkpoints of the audit chain",
                Set.of(AUDIT_READ),
                AuditCheckpointView.class,
                (ctx, c) -> new PageView<>(
                        s.audit().checkpoints(c).stream().map(Views::checkpoint).toList(), null));
        route(
                "POST",
                "/api/v1/audit/checkpoints",
                "createAuditCheckpoint",
                "Sign a checkpoint now (204 when no entry is new)",
                Set.of(AUDIT_VERIFY),
                null,
                AuditCheckpointView.class,
                201,
                true,
                (ctx, c) -> s.audit().checkpointNow(c).map(Views::checkpoint).orElse(null));
        route(
                "GET",
                "/api/v1/audit/export",
                "exportAudit",
                "The audit log as JSON Lines (other organizations' entries redacted)",
                Set.of(AUDIT_EXPORT),
                null,
                null,
                200,
                false,
                (ctx, c) ->
                        new Streamed("application/x-ndjson", out -> s.audit().export(c, out)));
        route(
                "GET",
                "/api/v1/audit/verify",
                "verifyAudit",
                "Verify the audit chain and its checkpoints",
                Set.of(AUDIT_VERIFY),
                null,
                AuditVerificationView.class,
                200,
                false,
                (ctx, c) -> s.audit().verify(c).view());
    }

    void pub(String method, String path, String id, String summary, Class<?> response, Handler h) {
        pub(method, path, id, summary, response, response == null ? "application/x-pem-file" : "application/json", h);
    }

    /** A public route (no token; OpenAPI {@code security: []}) answering {@code media}. */
    void pub(String method, String path, String id, String summary, Class<?> response, String media, Handler h) {
        routes.add(new Bound(
                new RouteSpec(
                        method,
                        path,
                        RouteSpec.Access.PUBLIC,
                        Set.of(),
                        id,
                        summary,
                        null,
                        response,
                        null,
                        media,
                        200,
                        false),
                h));
    }

    void route(
            String method,
            String path,
            String id,
            String summary,
            Set<Permission> anyOf,
            Class<?> request,
            Class<?> response,
            int status,
            boolean mutating,
            Handler h) {
        String media = response != null
                ? "application/json"
                : path.endsWith("/export")
                        ? "application/x-ndjson"
                        : path.endsWith("/pdf")
                                ? "application/pdf"
                                : path.equals("/metrics")
                                        ? "text/plain"
                                        : path.endsWith("/tuf/root") || path.endsWith("/tuf/pending")
                                                ? "application/json"
                                                : null;
        routes.add(new Bound(
                new RouteSpec(
                        method,
                        path,
                        RouteSpec.Access.TOKEN,
                        anyOf,
                        id,
                        summary,
                        request,
                        response,
                        null,
                        media,
                        status,
                        mutating),
                h));
    }

    <B> void route(
            String method,
            String path,
            String id,
            String summary,
            Set<Permission> anyOf,
            Class<B> request,
            Class<?> response,
            int status,
            boolean mutating,
            BodyHandler<B> h) {
        route(
                method,
                path,
                id,
                summary,
                anyOf,
                request,
                response,
                status,
                mutating,
                (ctx, c) -> h.handle(ctx, c, Json.decode(ctx.bodyAsBytes(), request)));
    }

    void page(String method, String path, String id, String summary, Set<Permission> anyOf, Class<?> item, Handler h) {
        routes.add(new Bound(
                new RouteSpec(
                        method,
                        path,
                        RouteSpec.Access.TOKEN,
                        anyOf,
                        id,
                        summary,
                        null,
                        PageView.class,
                        item,
                        "application/json",
                        200,
                        false),
                h));
    }

    static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new InvalidRequestException("field '" + field + "': required");
        }
        return value;
    }

    static <T> T parse(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private static Set<Role> roles(List<String> names) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String n : names) {
            roles.add(parse(() -> Role.fromWire(n)));
        }
        return roles;
    }

    private static int limit(Context ctx) {
        String l = ctx.queryParam("limit");
        if (l == null) {
            return 50;
        }
        try {
            int v = Integer.parseInt(l);
            if (v < 1 || v > PageRequest.MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit: " + l + " (expected: 1.." + PageRequest.MAX_LIMIT + ")");
        }
    }

    static PageRequest pageOf(Context ctx) {
        String cursor = ctx.queryParam("cursor");
        if (cursor != null && (cursor.isEmpty() || cursor.length() > 100)) {
            throw new InvalidRequestException("cursor: not a cursor returned by this API");
        }
        return new PageRequest(Optional.ofNullable(cursor), limit(ctx));
    }

    private static AuditQuery auditQuery(Context ctx) {
        return new AuditQuery(
                Optional.ofNullable(ctx.queryParam("org")),
                Optional.ofNullable(ctx.queryParam("actor")),
                Optional.ofNullable(ctx.queryParam("action")),
                opt(ctx, "outcome", Outcome::fromWire),
                opt(ctx, "severity", Severity::fromWire),
                opt(ctx, "since", Instant::parse),
                opt(ctx, "until", Instant::parse));
    }

    private static <T> Optional<T> opt(Context ctx, String name, Function<String, T> parser) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(v));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidRequestException(name + ": '" + v + "' is not valid");
        }
    }

    static Writer writer(java.io.OutputStream out) {
        return new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }
}
