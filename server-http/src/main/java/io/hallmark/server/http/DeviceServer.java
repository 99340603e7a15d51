package io.hallmark.server.http;

import io.hallmark.server.attestation.AttestationService;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.pki.CrlPublisher;
import io.hallmark.server.pki.OcspResponder;
import io.hallmark.server.update.TufRepositoryService;
import io.javalin.Javalin;
import java.util.Map;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device listener (HTTPS): where devices enroll (EST), onboard (BRSKI), report telemetry, attest and fetch
 * updates (the manufacturers' TUF repositories under {@code /tuf/}), and {@code /healthz}. Errors are problem
 * documents, as on
 * the operator API.
 */
public final class DeviceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceServer.class);
    private final Javalin app;

    private DeviceServer(Javalin app) {
        this.app = app;
    }

    /** Builds and starts the device listener. */
    public static DeviceServer start(
            ApiServer.Settings settings,
            IdentityServices identity,
            TelemetryService telemetry,
            TelemetryIngest ingest,
            AttestationService attestation,
            OcspResponder ocsp,
            CrlPublisher crls,
            TufRepositoryService tuf,
            io.hallmark.server.update.RolloutDelivery rollouts) {
        TelemetryRoutes telemetryRoutes = new TelemetryRoutes(telemetry, ingest);
        AttestationRoutes attestationRoutes = new AttestationRoutes(attestation);
        PkiRoutes pki = new PkiRoutes(ocsp, crls);
        BrskiRoutes brski = new BrskiRoutes(identity.onboarding());
        DeviceTrustManager trust = new DeviceTrustManager(identity.authenticator());
        EstRoutes est = new EstRoutes(identity.enrollment());
        TufRoutes tufRoutes = new TufRoutes(tuf);
        RolloutRoutes rolloutRoutes = new RolloutRoutes(rollouts);
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = settings.maxBodyBytes();
            // as on the API port: small answers gain nothing from gzip, and release images are compressed already
            // (gzip'ing them cost the server CPU and dropped the Content-Length devices check against TUF's length)
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            cfg.jetty.addConnector((server, http) -> ApiServer.tlsConnector(server, http, settings, trust));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
            cfg.routes.before(ctx -> {
                RequestIds.assign(ctx);
                ApiServer.refuseOversizedBody(ctx, settings.maxBodyBytes());
            });
            cfg.routes.exception(Exception.class, Problems::handle);
            cfg.routes.error(404, ctx -> Problems.write(ctx, Problems.fromStatus(404, ctx)));
            cfg.routes.error(405, ctx -> Problems.write(ctx, Problems.fromStatus(405, ctx)));
            est.register(cfg.routes);
            pki.register(cfg.routes);
            brski.register(cfg.routes);
            telemetryRoutes.register(cfg.routes);
            attestationRoutes.register(cfg.routes);
            tufRoutes.register(cfg.routes);
            rolloutRoutes.register(cfg.routes);
            cfg.routes.get("/healthz", ctx -> {
                ctx.contentType("application/json");
                ctx.result(Json.encode(Map.of("status", "ok")));
            });
        });
        app.start();
        DeviceServer s = new DeviceServer(app);
        LOG.info("device endpoints on https://{}:{}", settings.bind(), s.port());
        return s;
    }

    /** The port the listener is bound to. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
    }
}
