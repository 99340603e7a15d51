package io.hallmark.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.protocol.v1.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * An EST client (RFC 7030, with the corrections of RFC 8951) over {@link HttpClient}: {@code cacerts},
 * {@code simpleenroll}, {@code simplereenroll} and {@code csrattrs} under {@code /.well-known/est/[label/]}.
 *
 * <p>The server is authenticated against an explicit trust anchor only (RFC 7030 §3.6.1, §4.1.1), never the JDK's
 * store. The client authenticates with a TLS client certificate (§3.3.2) or HTTP Basic (§3.2.3). Bodies are base64
 * of DER both ways (RFC 8951 §3.2). A {@code 202 Accepted} is repeated after its {@code Retry-After} (§4.2.3), at most
 * {@code maxAttempts} times, waiting through the injected {@link Agent.Sleeper}.
 */
final class EstClient {
    /** The longest wait honoured between two attempts; a server asking for more is asked again after this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** The wait when a 202 carries no usable Retry-After (RFC 7030 §4.2.3 requires one). */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,10}");
    private static final int MAX_DETAIL = 300;
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** How the client proves who it is. */
    sealed interface Credentials permits Basic, ClientCertificate, Anonymous {}

    /** HTTP Basic with the device's serial and its one-time enrollment secret (RFC 7030 §3.2.3, RFC 7617). */
    record Basic(String serial, String secret) implements Credentials {
        Basic {
            if (serial.indexOf(':') >= 0) {
                throw new IllegalArgumentException("serial: " + serial + " (expected: no ':', RFC 7617 §2)");
            }
        }

        @Override
        public String toString() {
            return "Basic[" + serial + ", secret=***]";
        }
    }

    /** A TLS client certificate: the IDevID or the current LDevID (RFC 7030 §3.3.2). */
    record ClientCertificate(TlsCredential credential) implements Credentials {}

    /** No credentials (enough for {@code cacerts} and {@code csrattrs}, RFC 7030 §4.1.1, §4.5.1). */
    record Anonymous() implements Credentials {}

    private final URI server;
    private final Optional<String> label;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;
    private final Agent.Sleeper sleeper;
    private final int maxAttempts;
    private final Duration timeout;

    /**
     * @param server the device port's base URL, {@code https://host:port}
     * @param label the owner organization's id or name (RFC 7030 §3.2.2), or empty
     * @param trustAnchors the explicit trust anchor: the only certificates the server's chain may end at
     */
    EstClient(
            URI server,
            Optional<String> label,
            List<X509Certificate> trustAnchors,
            Clock clock,
            Agent.Sleeper sleeper,
            int maxAttempts,
            Duration timeout) {
        if (!"https".equalsIgnoreCase(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("server: " + server + " (expected: https://host:port)");
        }
        label.ifPresent(l -> {
            if (!LABEL.matcher(l).matches()) {
                throw new IllegalArgumentException("label: " + l + " (expected: an organization id or name)");
            }
        });
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("trustAnchors: [] (expected: the platform CA certificate)");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " (expected: >= 1)");
        }
        this.server = server;
        this.label = label;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
    }

    /**
     * The owner's CA certificates (RFC 7030 §4.1). Without a label the server finds the owner from the client
     * certificate, so a device that has one should present it.
     */
    List<X509Certificate> cacerts(Credentials credentials) {
        HttpRequest.Builder request = request("cacerts", credentials).GET().header("Accept", "application/pkcs7-mime");
        Answer answer = send("cacerts", request, credentials);
        if (answer.status() != 200) {
            throw refused("cacerts", answer);
        }
        return CertsOnly.parse(answer.body());
    }

    /** Simple enrollment (RFC 7030 §4.2.1): the certificate issued for the key of {@code csr} (DER). */
    X509Certificate simpleEnroll(byte[] csr, Credentials credentials) {
        return enroll("simpleenroll", csr, credentials);
    }

    /** Re-enrollment (RFC 7030 §4.2.2), authenticated by the certificate being renewed. */
    X509Certificate simpleReenroll(byte[] csr, TlsCredential current) {
        return enroll("simplereenroll", csr, new ClientCertificate(current));
    }

    /**
     * What the server wants in a CSR (RFC 7030 §4.5): the object identifiers of its CsrAttrs, each an OID on its
     * own or the type of an attribute. Empty when the server has no wishes (§4.5.2: 204 or 404).
     */
    List<String> csrAttrs() {
        Credentials none = new Anonymous();
        Answer answer = send("csrattrs", request("csrattrs", none).GET(), none);
        if (answer.status() == 204 || answer.status() == 404) {
            return List.of();
        }
        if (answer.status() != 200) {
            throw refused("csrattrs", answer);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(new String(answer.body(), StandardCharsets.US_ASCII).strip());
            List<String> oids = new ArrayList<>();
            for (ASN1Encodable e : ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der))) {
                if (e instanceof ASN1ObjectIdentifier oid) {
                    oids.add(oid.getId());
                } else {
                    oids.add(ASN1ObjectIdentifier.getInstance(
                                    ASN1Sequence.getInstance(e).getObjectAt(0))
                            .getId());
                }
            }
            return List.copyOf(oids);
        } catch (IOException | RuntimeException e) {
            throw new EstException(
                    EstException.Reason.MALFORMED_RESPONSE,
                    "EST csrattrs: not a CsrAttrs sequence (expected: base64 DER, RFC 7030 §4.5.2)",
                    e);
        }
    }

    private X509Certificate enroll(String operation, byte[] csr, Credentials credentials) {
        String body = Base64.getMimeEncoder().encodeToString(csr);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder request = request(operation, credentials)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
                    .header("Content-Type", "application/pkcs10")
                    .header("Content-Transfer-Encoding", "base64")
                    .header("Accept", "application/pkcs7-mime");
            Answer answer = send(operation, request, credentials);
            switch (answer.status()) {
                case 200 -> {
                    List<X509Certificate> certificates = CertsOnly.parse(answer.body());
                    // RFC 7030 §4.2.3: the issued certificate; a server may add others, so take the first
                    return certificates.get(0);
                }
                case 202 -> {
                    Duration wait = retryAfter(answer.retryAfter());
                    if (attempt >= maxAttempts) {
                        throw new EstException(
                                EstException.Reason.PENDING,
                                202,
                                null,
                                wait,
                                "EST " + operation + ": still waiting for approval after " + attempt
                                        + " attempt(s); the server asks to retry in " + wait.toSeconds() + " s",
                                null);
                    }
                    pause(operation, wait);
                }
                default -> throw refused(operation, answer);
            }
        }
    }

    /** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, bounded to [1 s, {@link #MAX_RETRY_AFTER}]. */
    Duration retryAfter(Optional<String> header) {
        Duration wait = DEFAULT_RETRY_AFTER;
        if (header.isPresent()) {
            String value = header.get().strip();
            if (SECONDS.matcher(value).matches()) {
                wait = Duration.ofSeconds(Long.parseLong(value));
            } else {
                try {
                    wait = Duration.between(
                            clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                } catch (DateTimeParseException e) {
                    wait = DEFAULT_RETRY_AFTER;
                }
            }
        }
        if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
    }

    private void pause(String operation, Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EstException(
                    EstException.Reason.PENDING, "EST " + operation + ": interrupted while waiting for approval", e);
        }
    }

    private HttpRequest.Builder request(String operation, Credentials credentials) {
        String path = "/.well-known/est/"
                + label.map(l -> l.replace(" ", "%20") + "/").orElse("") + operation;
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(server.resolve(path)).timeout(timeout);
        if (credentials instanceof Basic basic) {
            String pair = basic.serial() + ":" + basic.secret();
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    /**
     * POSTs {@code body} of {@code contentType} to {@code path} on the device port (BRSKI, RFC 8995 §5.2, §5.7,
     * §5.9.4) and returns the answer as received.
     */
    Answer post(String path, String contentType, byte[] body, Credentials credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return send(path, request, credentials);
    }

    /** The parts of an answer the client reads. */
    record Answer(int status, byte[] body, Optional<String> contentType, Optional<String> retryAfter) {}

    private Answer send(String operation, HttpRequest.Builder request, Credentials credentials) {
        Optional<TlsCredential> identity =
                credentials instanceof ClientCertificate c ? Optional.of(c.credential()) : Optional.empty();
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(TlsContexts.create(trustAnchors, identity))
                .sslParameters(parameters)
                .build()) {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(CertsOnly.MAX_BYTES + 1);
            }
            return new Answer(
                    response.statusCode(),
                    body,
                    response.headers().firstValue("Content-Type"),
                    response.headers().firstValue("Retry-After"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EstException(EstException.Reason.UNREACHABLE, "EST " + operation + ": interrupted", e);
        } catch (IOException e) {
            throw transportFailure(operation, e, identity.isPresent());
        }
    }

    private EstException transportFailure(String operation, IOException e, boolean clientCertificate) {
        String where = "EST " + operation + " at " + server.getHost() + ":" + server.getPort();
        if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
            return new EstException(EstException.Reason.UNREACHABLE, where + ": cannot connect (" + e + ")", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new EstException(EstException.Reason.UNREACHABLE, where + ": no answer within " + timeout, e);
        }
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException;
        }
        if (tls || clientCertificate) {
            // TLS 1.3 reports a refused client certificate after the client's Finished, so it may surface as a
            // closed connection rather than an alert
            return new EstException(
                    EstException.Reason.TLS,
                    where + ": the TLS connection failed (" + safe(String.valueOf(e.getMessage())) + ")"
                            + (clientCertificate
                                    ? "; the server refuses a device certificate that is held (quarantined),"
                                            + " revoked, expired or not its own"
                                    : "; is the trust anchor the server's CA?"),
                    e);
        }
        return new EstException(EstException.Reason.UNREACHABLE, where + ": " + e, e);
    }

    static EstException refused(String operation, Answer answer) {
        int status = answer.status();
        EstException.Reason reason =
                switch (status) {
                    case 401 -> EstException.Reason.UNAUTHORIZED;
                    case 403 -> EstException.Reason.FORBIDDEN;
                    default ->
                        status >= 500
                                ? EstException.Reason.SERVER_ERROR
                                : status >= 400
                                        ? EstException.Reason.BAD_REQUEST
                                        : EstException.Reason.MALFORMED_RESPONSE;
                };
        String detail = problemDetail(answer).orElse(null);
        String message = "EST " + operation + ": HTTP " + status + (detail == null ? "" : ": " + detail);
        return new EstException(reason, status, detail, null, message, null);
    }

    /** The {@code detail} of an RFC 9457 problem document, made safe to print (one line, bounded). */
    static Optional<String> problemDetail(Answer answer) {
        boolean json = answer.contentType()
                .map(t -> t.toLowerCase(Locale.ROOT).contains("json"))
                .orElse(false);
        if (!json || answer.body().length == 0 || answer.body().length > CertsOnly.MAX_BYTES) {
            return Optional.empty();
        }
        try {
            Problem problem = JSON.readValue(answer.body(), Problem.class);
            return Optional.ofNullable(problem.detail()).map(EstClient::safe).filter(s -> !s.isBlank());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String safe(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", " ").strip();
        return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine;
    }
}
