package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a device (or anyone) sends to the device endpoints (EST, BRSKI, TUF) and to the CRL and OCSP endpoints, the
 * answer is never a server error and never shows a stack trace: random bytes and near-miss bodies, with random
 * content types, with and without valid HTTP Basic credentials of a real device.
 */
class DeviceEndpointFuzzIT {
    private static final List<String> STACK_TRACE_FRAGMENTS =
            List.of("at io.", "at java.", "at org.", "Exception", "java.lang", "Caused by");
    private static final List<String> DEVICE_POSTS = List.of(
            "/.well-known/est/simpleenroll",
            "/.well-known/est/simplereenroll",
            "/.well-known/est/serverkeygen",
            "/.well-known/est/Fuzz%20Owners/simpleenroll",
            "/.well-known/brski/requestvoucher",
            "/.well-known/brski/voucher_status",
            "/.well-known/brski/enrollstatus",
            "/attest/nonce",
            "/attest/evidence",
            "/update/report",
            "/ocsp");
    private static final List<String> DEVICE_GETS = List.of(
            "/.well-known/est/cacerts",
            "/.well-known/est/csrattrs",
            "/.well-known/est/nobody/cacerts",
            "/.well-known/est/../cacerts",
            "/crl/x.crl",
            "/crl/..%2f..%2fetc%2fpasswd",
            "/ocsp/MEIwQDA%2BMDwwOjAJBgUrDgMCGgUABBQ",
            "/ocsp/!!!",
            "/update/assignment",
            "/tuf/Fuzz%20Owners/timestamp.json",
            "/tuf/nobody/1.root.json",
            "/tuf/x/99999999999999999999.root.json",
            "/tuf/x/targets/..%2F..%2Fvault.p12",
            "/tuf/x/targets/a/0000000000000000000000000000000000000000000000000000000000000000.b");

    private static TestServer server;
    private static HttpClient client;
    private static String basic;

    @BeforeContainer
    static void start() throws Exception {
        server = TestServer.givenServer(Store.H2);
        String owner = server.givenOrganization("Fuzz Owners", "owner");
        TestServer.Actor admin = server.givenUser(owner, "admin");
        Api.Response added = server.api().post("/api/v1/devices", admin.token(), Map.of("serial", "FZ-1"));
        basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                ("FZ-1:" + added.json().get("enrollmentSecret").asText())
                                        .getBytes(StandardCharsets.UTF_8));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
                "platform",
                CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(
                                Files.readAllBytes(server.dataDir().resolve("trust/platform-ca.pem")))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterContainer
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One request. */
    record Call(String base, String method, String path, String contentType, byte[] body, boolean authenticated) {
        @Override
        public String toString() {
            return method + " " + path + " (" + contentType + ", " + body.length + " bytes"
                    + (authenticated ? ", device credentials" : "") + ")";
        }
    }

    @Property(tries = 400)
    void anyBodyToAnyDeviceEndpointIsAnsweredWithoutAServerError(@ForAll("posts") Call call) throws Exception {
        assertAnsweredSafely(call);
    }

    @Property(tries = 150)
    void anyPathOfTheReadEndpointsIsAnsweredWithoutAServerError(@ForAll("gets") Call call) throws Exception {
        assertAnsweredSafely(call);
    }

    private static void assertAnsweredSafely(Call call) throws Exception {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(call.base() + call.path())).timeout(Duration.ofSeconds(20));
        } catch (IllegalArgumentException unsendable) {
            return; // the client refuses to send it at all
        }
        if (call.contentType() != null) {
            b.header("Content-Type", call.contentType());
        }
        if (call.authenticated()) {
            b.header("Authorization", basic);
        }
        b.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode())
                .as("%s -> %s %s", call, r.statusCode(), r.body())
                .isLessThan(500);
        for (String fragment : STACK_TRACE_FRAGMENTS) {
            assertThat(r.body()).as("%s leaks a stack trace", call).doesNotContain(fragment);
        }
    }

    private static String deviceBase() {
        return "https://127.0.0.1:" + server.server().devicePort().orElseThrow();
    }

    private static String pkiBase() {
        return "http://127.0.0.1:" + server.server().pkiHttpPort().orElseThrow();
    }

    @Provide
    Arbitrary<Call> posts() {
        Arbitrary<String> base = Arbitraries.of(true, false).map(device -> device ? deviceBase() : pkiBase());
        Arbitrary<String> type = Arbitraries.of(
                "application/pkcs10",
                "application/voucher-jws+json",
                "application/json",
                "application/ocsp-request",
                "application/eat+jwt",
                "text/plain",
                "application/pkcs10; charset=\u00ff",
                null);
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
        Arbitrary<byte[]> nearMiss = Arbitraries.of(
                        "MIIBAAAA",
                        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----",
                        "eyJhbGciOiJub25lIn0.e30.",
                        "eyJhbGciOiJFUzI1NiIsIng1YyI6WyJBQUFBIl19.e30.AAAA",
                        "{\"version\":\"1\",\"status\":\"yes\"}",
                        "{\"version\":\"1\",\"status\":true,\"reason\":7}",
                        "{\"ietf-voucher-request:voucher\":{}}",
                        "[]",
                        "")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> body = Arbitraries.oneOf(random, nearMiss);
        return Combinators.combine(base, Arbitraries.of(DEVICE_POSTS), type, body, Arbitraries.of(true, false))
                .as((b, path, t, bytes, auth) ->
                        new Call(path.equals("/ocsp") ? b : deviceBase(), "POST", path, t, bytes, auth));
    }

    @Provide
    Arbitrary<Call> gets() {
        Arbitrary<String> path = Arbitraries.oneOf(
                Arbitraries.of(DEVICE_GETS),
                Arbitraries.strings()
                        .withChars("abcdefABC012/.%-_~+=")
                        .ofMinLength(1)
                        .ofMaxLength(60)
                        .map(s -> "/.well-known/est/" + s),
                Arbitraries.strings()
                        .withChars("abcdefABC012/.%-_+=")
                        .ofMinLength(1)
                        .ofMaxLength(80)
                        .map(s -> "/ocsp/" + s));
        return Combinators.combine(Arbitraries.of(true, false), path, Arbitraries.of(true, false))
                .as((device, p, auth) ->
                        new Call(device ? deviceBase() : pkiBase(), "GET", p, null, new byte[0], auth));
    }
}
