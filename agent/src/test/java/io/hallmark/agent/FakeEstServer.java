package io.hallmark.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;

/**
 * A canned EST server on 127.0.0.1 (JDK {@link HttpsServer}): its TLS certificate is signed by {@link #tlsCa}; every
 * request is recorded and answered by the handler the test sets. Client certificates are asked for, not checked.
 */
final class FakeEstServer implements AutoCloseable {
    /** What the handler sees. */
    record Request(
            String method,
            String path,
            Map<String, List<String>> headers,
            byte[] body,
            Optional<X509Certificate> clientCertificate) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** What the handler answers. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        static Response of(int status, String contentType, String body) {
            return new Response(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        static Response problem(int status, String detail) {
            return of(
                    status,
                    "application/problem+json",
                    "{\"type\":\"https://hallmark.dev/problems/x\",\"title\":\"x\",\"status\":" + status
                            + ",\"detail\":\"" + detail + "\",\"instance\":\"/x\",\"requestId\":\"r\"}");
        }

        static Response pending(String retryAfter) {
            return new Response(202, Map.of("Retry-After", retryAfter, "Content-Type", "text/plain"), new byte[0]);
        }

        static Response certs(List<X509Certificate> certificates) {
            try {
                CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
                generator.addCertificates(new JcaCertStore(certificates));
                byte[] der = generator.generate(new CMSAbsentContent()).getEncoded();
                return new Response(
                        200,
                        Map.of("Content-Type", "application/pkcs7-mime; smime-type=certs-only"),
                        Base64.getMimeEncoder().encode(der));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final TestCa tlsCa = new TestCa("Test Platform CA");
    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private volatile Function<Request, Response> handler = r -> Response.problem(404, "no handler");

    FakeEstServer() {
        try {
            KeyPair keys = IdentityStore.generateP256();
            X509Certificate cert = tlsCa.issueServer(keys.getPublic());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("tls", keys.getPrivate(), new char[0], new Certificate[] {cert, tlsCa.certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(store, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new TrustManager[] {new AnyClient()}, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    params.setWantClientAuth(true);
                }
            });
            server.createContext("/", this::handle);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void answer(Function<Request, Response> handler) {
        this.handler = handler;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Optional<X509Certificate> client;
        try {
            Certificate[] peer = ((HttpsExchange) exchange).getSSLSession().getPeerCertificates();
            client = Optional.of((X509Certificate) peer[0]);
        } catch (SSLPeerUnverifiedException e) {
            client = Optional.empty();
        }
        Request request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                exchange.getRequestBody().readAllBytes(),
                client);
        requests.add(request);
        Response response;
        try {
            response = handler.apply(request);
        } catch (RuntimeException e) {
            response = Response.problem(500, "handler failed");
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        if (response.body().length > 0) {
            try (var out = exchange.getResponseBody()) {
                out.write(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** Asks for client certificates to see them; the tests check them, not the TLS layer. */
    private static final class AnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
