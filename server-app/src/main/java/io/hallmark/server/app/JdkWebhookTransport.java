package io.hallmark.server.app;

import io.hallmark.server.notify.WebhookTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Webhook deliveries over HTTPS with the JDK's client: TLS 1.2 or 1.3, the receiver's certificate checked against the
 * JDK's trusted roots and the PEM files in {@code DATA/trust/webhooks/} (for receivers with a private CA), no
 * redirects followed, 10 s to connect and to answer.
 */
final class JdkWebhookTransport implements WebhookTransport {
    private final Path trustDir;
    private HttpClient client;
    private String trustSeen = "";

    JdkWebhookTransport(Path trustDir) {
        this.trustDir = trustDir;
    }

    /** The client, made again when the files in the trust directory changed (no restart needed to add a CA). */
    private synchronized HttpClient client() throws IOException {
        String now = listing();
        if (client == null || !now.equals(trustSeen)) {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, new TrustManager[] {trust(trustDir)}, null);
                client = HttpClient.newBuilder()
                        .sslContext(tls)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                trustSeen = now;
            } catch (GeneralSecurityException e) {
                throw new IOException("webhook TLS cannot be set up: " + e.getMessage(), e);
            }
        }
        return client;
    }

    private String listing() throws IOException {
        if (!Files.isDirectory(trustDir)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(trustDir, "*.pem")) {
            for (Path f : files) {
                sb.append(f.getFileName())
                        .append(' ')
                        .append(Files.size(f))
                        .append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis())
                        .append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public int post(URI url, Map<String, String> headers, byte[] body) throws IOException {
        HttpClient client = client();
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public List<InetAddress> resolve(String host) throws IOException {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return Arrays.asList(InetAddress.getAllByName(h));
    }

    /** The JDK's roots, and the certificates in {@code dir} when it exists. */
    private static X509TrustManager trust(Path dir) throws GeneralSecurityException, IOException {
        X509TrustManager jdk = managerOf(null);
        List<X509Certificate> extra = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
                for (Path f : files) {
                    try (java.io.InputStream in = Files.newInputStream(f)) {
                        for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance(
                                        "X.509")
                                .generateCertificates(in)) {
                            extra.add((X509Certificate) c);
                        }
                    }
                }
            }
        }
        if (extra.isEmpty()) {
            return jdk;
        }
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        for (int i = 0; i < extra.size(); i++) {
            anchors.setCertificateEntry("webhook-" + i, extra.get(i));
        }
        X509TrustManager own = managerOf(anchors);
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    own.checkServerTrusted(chain, authType);
                } catch (CertificateException notOurs) {
                    jdk.checkServerTrusted(chain, authType);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                List<X509Certificate> all = new ArrayList<>(Arrays.asList(jdk.getAcceptedIssuers()));
                all.addAll(extra);
                return all.toArray(new X509Certificate[0]);
            }
        };
    }

    private static X509TrustManager managerOf(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(anchors);
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }
}
