package io.hallmark.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

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

    // the same settings as io.hallmark.server.http.ApiServer#tlsConnector, which is not public
    private static ServerConnector tlsConnector(Server server, KeyManager[] keyManagers) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, null, null);
            ssl.setSslContext(ctx);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS context cannot be made", e);
        }
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setIncludeCipherSuites(
                "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        ssl.setRenegotiationAllowed(false);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        src.setStsMaxAge(31_536_000);
        https.addCustomizer(src);
        https.setSendServerVersion(false);
        https.setSendXPoweredBy(false);
        ServerConnector c = new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        c.setHost("127.0.0.1");
        c.setPort(0);
        c.setIdleTimeout(30_000);
        return c;
    }
}
