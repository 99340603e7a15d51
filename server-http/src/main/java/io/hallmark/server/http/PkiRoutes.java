package io.hallmark.server.http;

import io.hallmark.server.pki.CrlPublisher;
import io.hallmark.server.pki.OcspResponder;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRLs and OCSP as relying parties fetch them: {@code GET /crl/<ca-id>.crl} (DER, {@code application/pkix-crl},
 * RFC 5280 §4.2.1.13 and RFC 2585 §4), {@code POST /ocsp} and {@code GET /ocsp/<base64 request>} (RFC 6960
 * Appendix A.1). Served on the device port, and on a plain-HTTP listener of its own: the answers are signed, and a
 * relying party should not need TLS (itself checked by revocation) to check revocation.
 */
final class PkiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(PkiRoutes.class);
    private static final Pattern CRL_FILE = Pattern.compile("([a-z0-9][a-z0-9._-]{0,127})\\.crl");
    private static final int MAX_OCSP_REQUEST = 16 * 1024;

    private final OcspResponder ocsp;
    private final CrlPublisher crls;

    PkiRoutes(OcspResponder ocsp, CrlPublisher crls) {
        this.ocsp = ocsp;
        this.crls = crls;
    }

    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, "/crl/{file}", this::crl);
        routes.addHttpHandler(HandlerType.POST, "/ocsp", this::ocspPost);
        routes.addHttpHandler(HandlerType.GET, "/ocsp/<request>", this::ocspGet);
    }

    private void crl(Context ctx) {
        var m = CRL_FILE.matcher(ctx.pathParam("file"));
        Optional<byte[]> crl = m.matches() ? crls.findCrl(m.group(1)) : Optional.empty();
        if (crl.isEmpty()) {
            Problems.write(ctx, Problems.problem(404, "not-found", "Not found", "no such CRL", ctx));
            return;
        }
        ctx.contentType("application/pkix-crl");
        ctx.header("Cache-Control", "max-age=300");
        ctx.result(crl.get());
    }

    private void ocspPost(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        answer(ctx, body.length > MAX_OCSP_REQUEST ? new byte[0] : body);
    }

    private void ocspGet(Context ctx) {
        String request = ctx.pathParam("request");
        answer(ctx, request.length() > MAX_OCSP_REQUEST ? new byte[0] : OcspResponder.decodeGetPath(request));
    }

    /** Every OCSP answer is a signed or unsigned OCSPResponse with status 200 (RFC 6960 §2.3, Appendix A.1). */
    private void answer(Context ctx, byte[] request) {
        ctx.contentType("application/ocsp-response");
        ctx.result(ocsp.respond(request));
    }

    /** Starts the plain-HTTP listener on {@code bind}:{@code port} (0: any free port). */
    static Javalin startHttp(String bind, int port, PkiRoutes routes) {
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = MAX_OCSP_REQUEST;
            cfg.jetty.addConnector((server, http) -> {
                HttpConfiguration plain = new HttpConfiguration(http);
                plain.setSendServerVersion(false);
                plain.setSendXPoweredBy(false);
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(plain));
                c.setHost(bind);
                c.setPort(port);
                c.setIdleTimeout(30_000);
                return c;
            });
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            cfg.routes.exception(Exception.class, Problems::handle);
            cfg.routes.error(404, ctx -> {
                if (!"application/problem+json".equals(ctx.res().getContentType())) {
                    Problems.write(ctx, Problems.fromStatus(404, ctx));
                }
            });
            cfg.routes.error(405, ctx -> Problems.write(ctx, Problems.fromStatus(405, ctx)));
            cfg.routes.before(RequestIds::assign);
            routes.register(cfg.routes);
            cfg.routes.get("/healthz", ctx -> {
                ctx.contentType("application/json");
                ctx.result(Json.encode(Map.of("status", "ok")));
            });
        });
        app.start();
        LOG.info(
                "CRLs and OCSP on http://{}:{}",
                bind,
                ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort());
        return app;
    }
}
