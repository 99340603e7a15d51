package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import java.io.ByteArrayInputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator console over plain HTTPS (no browser): sign-in and its audit, the session cookie's attributes, the
 * Content-Security-Policy, CSRF refusals, and a role without the permission refused when it forces the request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpIT {
    static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private TestServer server;
    private String deviceSerial;

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        String owner = server.givenOrganization("Console Owner", "owner");
        givenPasswordUser(server, owner, "ops-http", "operator");
        givenPasswordUser(server, owner, "auditor-http", "auditor");
        deviceSerial = "CH-1";
        Api.Response added =
                server.api().post("/api/v1/devices", server.adminToken(), Map.of("org", owner, "serial", deviceSerial));
        assertThat(added.status()).as("%s", added).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A user with a console password, made by the platform admin; answers the user's first API token. */
    static String givenPasswordUser(TestServer server, String orgId, String name, String role) {
        Api.Response r = server.api()
                .post(
                        "/api/v1/users",
                        server.adminToken(),
                        Map.of("org", orgId, "name", name, "roles", List.of(role), "password", PASSWORD));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("token").get("token").asText();
    }

    @Test
    void signInSetsAStrictHostCookieAndEveryPageCarriesTheContentSecurityPolicy() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> form = b.get("/login");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(form.body()).doesNotContain("<script>").doesNotContain("style=");

        HttpResponse<String> signedIn = b.login("ops-http", PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("__Host-hallmark-console=")
                .contains("Secure")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        HttpResponse<String> fleet = b.get("/");
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("<h1>Fleet</h1>").contains("ops-http");
        assertThat(auditActions("console.login")).contains("console.login");
        HttpResponse<String> htmx = b.get("/static/htmx.min.js");
        assertThat(htmx.statusCode()).isEqualTo(200);
        assertThat(htmx.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(htmx.body()).contains("htmx");
        assertThat(fleet.body()).contains("<script src=\"/static/htmx.min.js\" defer></script>");
    }

    @Test
    void everyPageRendersUnderTheStrictPolicyAndShowsOnlyWhatTheRoleMayRead() throws Exception {
        Browser b = new Browser();
        b.login("ops-http", PASSWORD);
        for (String path : List.of("/", "/devices", "/alerts", "/rollouts", "/products", "/organization", "/account")) {
            HttpResponse<String> page = b.get(path);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.body())
                    .as(path)
                    .doesNotContain("style=")
                    .doesNotContain("<script>")
                    .doesNotContain("javascript:");
        }
        // an operator has no user-read and no break-glass-read: the organization page leaves those parts out
        String org = b.get("/organization").body();
        assertThat(org)
                .contains("Your API tokens")
                .doesNotContain("users-table")
                .doesNotContain("Break-glass sessions");
        assertThat(b.get("/").body()).doesNotContain("href=\"/audit\"").contains("href=\"/rollouts\"");
    }

    @Test
    void aWrongPasswordIsRefusedWithOneMessageAndAudited() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        HttpResponse<String> r = b.login("ops-http", "not the password at all");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Wrong user name or password.");
        Api.Response denied = server.api().get("/api/v1/audit/entries?action=auth.denied", server.adminToken());
        assertThat(denied.body()).contains("console login failed for ops-http");
    }

    @Test
    void pagesWithoutASessionRedirectToSignIn() throws Exception {
        HttpResponse<String> r = new Browser().get("/devices");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aFormWithoutTheSessionsTokenIsRefused() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        b.login("ops-http", PASSWORD);
        HttpResponse<String> r = b.post("/devices/" + deviceSerial + "/quarantine", Map.of("reason", "no token"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/devices/" + deviceSerial, server.adminToken())
                        .body())
                .doesNotContain("\"quarantined\"");
    }

    @Test
    void aRoleWithoutThePermissionSeesNoActionAndIsRefusedWhenForcingIt() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        b.login("auditor-http", PASSWORD);
        HttpResponse<String> page = b.get("/devices/" + deviceSerial);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Device " + deviceSerial).doesNotContain("Quarantine");
        String csrf = csrf(page.body());
        HttpResponse<String> forced =
                b.post("/devices/" + deviceSerial + "/quarantine", Map.of("csrf", csrf, "reason", "forcing it"));
        assertThat(forced.statusCode()).isEqualTo(403);
        assertThat(forced.body()).contains("Your role does not permit this.");
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=access.denied", server.adminToken())
                        .body())
                .contains("device.quarantine");
    }

    @Test
    void signOutEndsTheSessionAndIsAudited() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        b.login("ops-http", PASSWORD);
        String csrf = csrf(b.get("/").body());
        HttpResponse<String> out = b.post("/logout", Map.of("csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(b.get("/").statusCode()).isEqualTo(303);
        assertThat(auditActions("console.logout")).contains("console.logout");
    }

    @Test
    void aSessionIdleForThirtyMinutesEndsAndItsExpiryIsAudited() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        b.login("auditor-http", PASSWORD);
        assertThat(b.get("/").statusCode()).isEqualTo(200);
        server.clock().advance(java.time.Duration.ofMinutes(30));
        HttpResponse<String> r = b.get("/");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(auditActions("console.expired")).contains("console.expired");
    }

    @Test
    void badFilterValuesAnswer400AsAPageNotAStackTrace() throws Exception {
        Browser b = new Browser();
        b.get("/login");
        b.login("auditor-http", PASSWORD);
        for (String path : List.of(
                "/devices?state=bogus",
                "/audit?outcome=%00",
                "/devices?after=" + "x".repeat(300),
                "/devices?integrity=fine",
                "/devices?tag=site",
                "/devices?firmware=1.0%20beta",
                "/devices?product=%3Cscript%3E")) {
            HttpResponse<String> r = b.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).contains("<h1>").doesNotContain("Exception");
        }
        assertThat(b.get("/devices/no-such-device").statusCode()).isEqualTo(404);
    }

    @Test
    void aDisabledUsersSessionIsRefusedAtItsNextRequest() throws Exception {
        String owner = server.givenOrganization("Console Owner Two", "owner");
        Api.Response made = server.api()
                .post(
                        "/api/v1/users",
                        server.adminToken(),
                        Map.of("org", owner, "name", "leaver", "roles", List.of("operator"), "password", PASSWORD));
        Browser b = new Browser();
        b.get("/login");
        b.login("leaver", PASSWORD);
        assertThat(b.get("/").statusCode()).isEqualTo(200);
        Api.Response disabled = server.api()
                .patch(
                        "/api/v1/users/" + made.json().at("/user/id").asText(),
                        server.adminToken(),
                        Map.of("disabled", true));
        assertThat(disabled.status()).as("%s", disabled).isEqualTo(200);
        assertThat(b.get("/").statusCode()).isEqualTo(303);
    }

    @Test
    void repeatedFailuresForOneNameAreThrottledEvenWithTheRightPassword() throws Exception {
        String owner = server.givenOrganization("Console Owner Three", "owner");
        givenPasswordUser(server, owner, "guessed", "operator");
        Browser b = new Browser();
        for (int i = 0; i < 10; i++) {
            assertThat(b.login("guessed", "wrong password " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = b.login("guessed", PASSWORD);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(server.api()
                        .get("/api/v1/audit/entries?action=auth.denied", server.adminToken())
                        .body())
                .contains("console sign-in throttled");
    }

    @Test
    void consoleRoutesAreNotApiRoutes() {
        assertThat(server.server().api().registeredRoutes()).noneMatch(r -> r.endsWith(" /login"));
    }

    @Test
    void aUserWithTwoStepSignInGivesAFreshCodeEachTimeAndAnAdministratorCanTurnItOff() throws Exception {
        String owner = server.givenOrganization("Totp Owner", "owner");
        String token = givenPasswordUser(server, owner, "totp-http", "operator");
        String userId = server.api().get("/api/v1/me", token).json().get("user").asText();
        Api.Response wrong = server.api().post("/api/v1/me/totp", token, Map.of("password", "not it"));
        assertThat(wrong.status()).as("%s", wrong).isEqualTo(400);
        Api.Response enabled = server.api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD));
        assertThat(enabled.status()).as("%s", enabled).isEqualTo(201);
        String secret = enabled.json().get("secret").asText();
        assertThat(enabled.json().get("otpauthUri").asText())
                .startsWith("otpauth://totp/Hallmark:totp-http?secret=" + secret + "&issuer=Hallmark")
                .endsWith("&algorithm=SHA1&digits=6&period=30");
        // not asked for until confirmed
        assertThat(new Browser().login("totp-http", PASSWORD).statusCode()).isEqualTo(303);
        Api.Response confirmed = server.api()
                .post(
                        "/api/v1/me/totp/confirm",
                        token,
                        Map.of("code", TotpCodes.at(secret, server.clock().instant())));
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(204);

        Browser b = new Browser();
        HttpResponse<String> step = b.login("totp-http", PASSWORD);
        assertThat(step.statusCode()).isEqualTo(200);
        assertThat(step.body()).contains("autocomplete=\"one-time-code\"");
        assertThat(b.get("/").statusCode())
                .as("the password alone opens nothing")
                .isEqualTo(303);
        String stale = TotpCodes.at(secret, server.clock().instant().minusSeconds(90));
        HttpResponse<String> refused = b.post("/login/code", Map.of("csrf", csrf(step.body()), "code", stale));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(auditActions("auth.denied")).contains("wrong two-step code for " + userId);

        // the confirming code was used: the next one comes with the next step
        server.clock().advance(java.time.Duration.ofSeconds(30));
        String code = TotpCodes.at(secret, server.clock().instant());
        HttpResponse<String> in = b.post("/login/code", Map.of("csrf", csrf(refused.body()), "code", code));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(b.get("/").body()).contains("<h1>Fleet</h1>");

        Browser replay = new Browser();
        HttpResponse<String> again = replay.login("totp-http", PASSWORD);
        HttpResponse<String> replayed = replay.post("/login/code", Map.of("csrf", csrf(again.body()), "code", code));
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(auditActions("auth.denied")).contains("two-step code used before for " + userId);

        Api.Response off =
                server.api().send("DELETE", "/api/v1/users/" + userId + "/totp", server.adminToken(), null, null);
        assertThat(off.status()).as("%s", off).isEqualTo(204);
        assertThat(auditActions("totp.disable")).contains("by an administrator");
        assertThat(auditActions("totp.enable") + auditActions("totp.confirm")).doesNotContain(secret);
        assertThat(new Browser().login("totp-http", PASSWORD).statusCode()).isEqualTo(303);
    }

    private String auditActions(String action) {
        return server.api()
                .get("/api/v1/audit/entries?action=" + action, server.adminToken())
                .body();
    }

    static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a form token in %s", html).isTrue();
        return m.group(1);
    }

    /** A cookie-keeping HTTPS client trusting only the platform CA; it does not follow redirects. */
    final class Browser {
        private final HttpClient http;

        Browser() throws Exception {
            http = HttpClient.newBuilder()
                    .sslContext(trusting(server.dataDir().resolve("trust/platform-ca.pem")))
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + path))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.url() + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String name, String password) throws Exception {
            String csrf = csrf(get("/login").body());
            return post("/login", Map.of("csrf", csrf, "username", name, "password", password));
        }
    }

    static SSLContext trusting(Path caFile) throws Exception {
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
