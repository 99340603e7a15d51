package io.hallmark.server.http;

import io.hallmark.server.pki.CrlPublisher;
import io.hallmark.server.pki.OcspResponder;
import io.javalin.Javalin;
import org.eclipse.jetty.server.ServerConnector;

/** The plain-HTTP listener of CRLs and OCSP ({@code --pki-http-port}); see {@link PkiRoutes}. */
public final class PkiServer implements AutoCloseable {
    private final Javalin app;

    private PkiServer(Javalin app) {
        this.app = app;
    }

    /** Starts the listener on {@code bind}:{@code port} (0: any free port). */
    public static PkiServer start(String bind, int port, OcspResponder ocsp, CrlPublisher crls) {
        return new PkiServer(PkiRoutes.startHttp(bind, port, new PkiRoutes(ocsp, crls)));
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
