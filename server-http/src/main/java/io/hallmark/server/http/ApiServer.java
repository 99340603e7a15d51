package io.hallmark.server.http;

import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.update.ReleaseService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API listener: HTTPS (TLS 1.2/1.3) on Jetty 12 through Javalin, with virtual threads.
 *
 * <p>Every route comes from {@link ApiRoutes}: public routes answer without a token; the others authenticate the
 * bearer token, check the route's permissions (deny by default, audited), then call one service. Errors become RFC
 * 9457 problem documents in {@link Problems}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** Settings of the listener. */
    public record Settings(String bind, int port, KeyManager[] keyManagers, long maxBodyBytes) {
        /** Checks the settings. */
        public Settings {
            Checks.notBlank(bind, "bind");
            Checks.inRange(port, 0, 65535, "port");
            Checks.notNull(keyManagers, "keyManagers");
            Checks.inRange(maxBodyBytes, 1024, 64L * 1024 * 1024, "maxBodyBytes");
        }
    }

    private final Javalin app;
    private final List<RouteSpec> specs;
    private final List<String> registered = new ArrayList<>();

    private ApiServer(Javalin app, List<RouteSpec> specs) {
        this.app = app;
        this.specs = specs;
    }

    /** Builds and starts the API listener. */
    public static ApiServer start(ApiServices services, Settings settings) {
        return start(services, settings, List.of());
    }

    /**
     * Builds and starts the API listener with {@code mounts} adding their own routes (the operator console) next to
     * the API's. Their routes are not API routes: {@link #registeredRoutes()} leaves them out.
     */
    public static ApiServer start(
            ApiServices services,
            Settings settings,
            List<java.util.function.Consumer<io.javalin.config.JavalinConfig>> mounts) {
        List<ApiRoutes.Bound> routes = ApiRoutes.build(services);
        List<RouteSpec> specs = routes.stream().map(ApiRoutes.Bound::spec).toList();
        byte[] openApi = Json.encode(OpenApi.document(specs));
        List<String> registered = new ArrayList<>();
        boolean[] mounting = {false};
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            cfg.http.generateEtags = false;
            cfg.http.prefer405over404 = true;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.addConnector((server, http) -> tlsConnector(server, http, settings));
            cfg.events.handlerAdded(meta -> {
                if (meta.getHttpMethod().isHttpMethod() && meta.getHttpMethod() != HandlerType.HEAD && !mounting[0]) {
                    registered.add(meta.getHttpMethod().name() + " " + meta.getPath());
                }
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            // small JSON answers: compressing them costs more than it saves (and invites BREACH-like leaks)
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            cfg.routes.exception(Exception.class, Problems::handle);
            cfg.routes.error(404, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    Problems.write(ctx, Problems.fromStatus(404, ctx));
                }
            });
            cfg.routes.error(405, ctx -> Problems.write(ctx, Problems.fromStatus(405, ctx)));
            for (ApiRoutes.Bound b : routes) {
                RouteSpec spec = b.spec();
                Timer timer = Timer.builder("hallmark.http.requests")
                        .description("operator API requests")
                        .tag("route", spec.operationId())
                        .register(services.metrics());
                ApiRoutes.Handler h = spec.operationId().equals("openapi")
                        ? (ctx, c) -> new ApiRoutes.Raw("application/json", openApi)
                        : b.handler();
                cfg.routes.addHttpHandler(
                        HandlerType.findOrCreate(spec.method()),
                        spec.path(),
                        ctx -> timer.record(() -> dispatch(services, spec, h, ctx, settings.maxBodyBytes())));
                if (spec.method().equals("GET")) {
                    // HEAD answers as GET would, authentication and all (RFC 9110 §9.3.2); Jetty drops the body
                    cfg.routes.addHttpHandler(
                            HandlerType.HEAD,
                            spec.path(),
                            ctx -> dispatch(services, spec, h, ctx, settings.maxBodyBytes()));
                }
            }
            mounting[0] = true;
            mounts.forEach(m -> m.accept(cfg));
            mounting[0] = false;
        });
        app.start();
        ApiServer server = new ApiServer(app, specs);
        server.registered.addAll(registered);
        LOG.info("operator API on https://{}:{}", settings.bind(), server.port());
        return server;
    }

    private static void dispatch(ApiServices s, RouteSpec spec, ApiRoutes.Handler h, Context ctx, long maxBodyBytes) {
        try {
            String requestId = RequestIds.assign(ctx);
            // release images are streamed to a file, not read into memory: they have their own, larger bound
            long limit =
                    spec.operationId().equals("uploadReleaseFile") ? ReleaseService.MAX_UPLOAD_BYTES : maxBodyBytes;
            if (refuseOversizedBody(ctx, limit)) {
                return;
            }
            Caller caller = null;
            if (!spec.isPublic()) {
                String route = spec.method() + " " + spec.path();
                Principal p = s.tokens().authenticate(bearer(ctx), route, requestId);
                caller = new Caller(p, requestId);
                if (!spec.anyOf().isEmpty() && spec.anyOf().stream().noneMatch(p::may)) {
                    s.guard().deny(caller, spec.operationId(), p.orgId(), route, "role lacks " + names(spec));
                }
            }
            if (spec.request() != null && !isJson(ctx)) {
                throw new HttpResponseException(415, "send application/json");
            }
            try {
                respond(ctx, spec, h.handle(ctx, caller));
            } catch (InvalidRequestException
                    | UntrustedInputException
                    | ConflictException
                    | NotFoundException
                    | HttpResponseException e) {
                if (spec.mutating() && caller != null) {
                    auditFailure(s, spec, caller, e);
                }
                throw e;
            }
        } catch (Exception e) {
            Problems.handle(e, ctx);
        }
    }

    /** A mutating call that was allowed but failed is recorded too: who tried what, and why it failed. */
    private static void auditFailure(ApiServices s, RouteSpec spec, Caller caller, Exception e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        AuditRecord r = caller.record(
                spec.operationId(),
                Optional.of(caller.principal().orgId()),
                spec.method() + " " + spec.path(),
                Outcome.FAILURE,
                reason.length() > 500 ? reason.substring(0, 500) : reason,
                Severity.INFO);
        s.audit().recordFailure(r);
    }

    private static void respond(Context ctx, RouteSpec spec, Object result) throws Exception {
        if (result == null) {
            ctx.status(204);
            return;
        }
        if (ctx.status().getCode() == 200) {
            ctx.status(spec.status());
        }
        switch (result) {
            case ApiRoutes.Raw raw -> {
                ctx.contentType(raw.contentType());
                ctx.result(raw.body());
            }
            case ApiRoutes.Streamed st -> {
                ctx.contentType(st.contentType());
                OutputStream os = ctx.res().getOutputStream();
                Writer w = ApiRoutes.writer(os);
                st.body().write(w);
                w.flush();
            }
            default -> {
                ctx.contentType("application/json");
                ctx.result(Json.encode(result));
            }
        }
    }

    private static boolean isJson(Context ctx) {
        String ct = ctx.contentType();
        if (ct == null) {
            return false;
        }
        String media = ct.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json");
    }

    /**
     * Answers 413 before routing when the declared body is over the limit. A body up to 16 times the limit is read
     * and discarded first, so that the client, still sending, receives the answer and keeps its connection; a larger
     * one closes the connection. Returns whether the request was answered.
     */
    static boolean refuseOversizedBody(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared <= max) {
            return false;
        }
        if (declared <= 16 * max) {
            try (java.io.InputStream in = ctx.req().getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                ctx.header("Connection", "close");
            }
        } else {
            ctx.header("Connection", "close");
        }
        Problems.write(ctx, Problems.fromStatus(413, ctx));
        ctx.skipRemainingHandlers();
        return true;
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }

    private static String names(RouteSpec spec) {
        return spec.anyOf().stream().map(Permission::name).sorted().toList().toString();
    }

    /**
     * The one recipe of a Hallmark TLS listener (TLS 1.3 and 1.2, forward-secret AEAD suites, no renegotiation, HSTS,
     * no server banner), shared by both listeners and by the bare-Jetty reference of the benchmarks.
     */
    public static Connector tlsConnector(Server server, HttpConfiguration http, Settings settings) {
        return tlsConnector(server, http, settings, null);
    }

    /**
     * A TLS connector that also asks for client certificates (without requiring one) and checks them with {@code
     * clientTrust}; null asks for none.
     */
    static Connector tlsConnector(
            Server server, HttpConfiguration http, Settings settings, javax.net.ssl.TrustManager clientTrust) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        if (clientTrust != null) {
            ssl.setWantClientAuth(true);
        }
        try {
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(
                    settings.keyManagers(),
                    clientTrust == null ? null : new javax.net.ssl.TrustManager[] {clientTrust},
                    null);
            ssl.setSslContext(ctx);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("TLS context cannot be made", e);
        }
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // forward-secret AEAD suites only (BSI TR-02102-2, Mozilla "intermediate")
        ssl.setIncludeCipherSuites(
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        ssl.setRenegotiationAllowed(false);
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        src.setStsMaxAge(31_536_000);
        https.addCustomizer(src);
        https.setSendServerVersion(false);
        https.setSendXPoweredBy(false);
        ServerConnector c = new ServerConnector(
                server, new BatchedSslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost(settings.bind());
        c.setPort(settings.port());
        c.setIdleTimeout(30_000);
        return c;
    }

    /** The port the listener is bound to. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    /** The routes served, as declared. */
    public List<RouteSpec> routes() {
        return specs;
    }

    /** The routes Javalin actually registered ({@code "GET /path"}), to compare with the documentation. */
    public List<String> registeredRoutes() {
        return List.copyOf(registered);
    }

    /** The OpenAPI document served at {@code /api/v1/openapi.json}. */
    public Map<String, Object> openApi() {
        return OpenApi.document(specs);
    }

    @Override
    public void close() {
        app.stop();
    }
}
