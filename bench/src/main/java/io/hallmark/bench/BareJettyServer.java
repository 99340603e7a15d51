package io.hallmark.bench;

import io.hallmark.server.http.ApiServer;
import java.nio.ByteBuffer;
import javax.net.ssl.KeyManager;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The reference of the HTTPS benchmark: Jetty 12 (the version Javalin brings) with one {@link Handler.Abstract} that
 * answers every GET with a fixed JSON body, behind the same TLS set-up as the operator API (the key managers given,
 * TLS 1.3/1.2, the same cipher suites, the same request customizer) and Jetty's default thread pool. No routing, no
 * authentication, no database: what is left is what HTTPS keep-alive costs on this machine.
 */
final class BareJettyServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private BareJettyServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts the server on {@code 127.0.0.1} and a free port, answering {@code body} as application/json. */
    static BareJettyServer start(KeyManager[] keyManagers, byte[] body) {
        Server server = new Server();
        ServerConnector connector = tlsConnector(server, keyManagers);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"GET".equals(request.getMethod())) {
                    Response.writeError(request, response, callback, 405);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("bare Jetty did not start", e);
        }
        return new BareJettyServer(server, connector);
    }

    /** The port it listens on. */
    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("bare Jetty did not stop", e);
        }
    }

    // the very TLS set-up of Hallmark's listeners, so that only what runs above TLS differs
    private static ServerConnector tlsConnector(Server server, KeyManager[] keyManagers) {
        return (ServerConnector) ApiServer.tlsConnector(
                server, new HttpConfiguration(), new ApiServer.Settings("127.0.0.1", 0, keyManagers, 65_536));
    }
}
