package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Break-glass: a security officer takes admin rights for a bounded time with a mandatory reason; the start is a
 * high-severity audit entry and an alert; every action under it is marked; it ends by itself; someone else reviews it.
 */
class BreakGlassIT {

    @Test
    void securityOfficerActsAsAdminUnderAMarkedSessionThatEndsByItself() throws Exception {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            Api api = server.api();
            String org = server.givenOrganization("Acme", "manufacturer");
            Actor officer = server.givenUser(org, "security-officer");
            Actor auditor = server.givenUser(org, "auditor");
            Map<String, Object> newUser = Map.of("org", org, "name", "night-shift", "roles", List.of("operator"));

            assertThat(api.post("/api/v1/users", officer.token(), newUser).status())
                    .isEqualTo(403);

            Api.Response started = api.post(
                    "/api/v1/access/break-glass",
                    officer.token(),
                    Map.of("reason", "incident 12: on-call admin unreachable", "minutes", 15));
            assertThat(started.status()).isEqualTo(201);
            String session = started.json().get("id").asText();
            assertThat(started.json().get("active").asBoolean()).isTrue();
            assertThat(api.get("/api/v1/me", officer.token())
                            .json()
                            .get("breakGlass")
                            .asText())
                    .isEqualTo(session);

            Api.Response created = api.post("/api/v1/users", officer.token(), newUser);
            assertThat(created.status()).isEqualTo(201);
            String createdId = created.json().at("/user/id").asText();

            JsonNode start = only(api, server, "access.break-glass.start");
            assertThat(start.get("severity").asText()).isEqualTo("high");
            assertThat(start.get("reason").asText()).contains("incident 12");
            JsonNode act = api.get(
                            "/api/v1/audit/entries?action=user.create&actor=" + officer.id(), server.adminToken())
                    .json()
                    .get("items")
                    .get(0);
            assertThat(act.get("target").asText()).isEqualTo(createdId);
            assertThat(act.get("breakGlass").asText()).isEqualTo(session);
            assertThat(act.get("severity").asText()).isIn("warning", "high");

            // the session ends by itself: its rights go at expiry, and the sweeper records the end
            server.clock().advance(Duration.ofMinutes(16));
            assertThat(api.post(
                                    "/api/v1/users",
                                    officer.token(),
                                    Map.of("org", org, "name", "too-late", "roles", List.of("operator")))
                            .status())
                    .isEqualTo(403);
            assertThat(api.get("/api/v1/me", officer.token())
                            .json()
                            .get("breakGlass")
                            .isNull())
                    .isTrue();
            JsonNode expired = waitFor(api, server, "access.break-glass.expire");
            assertThat(expired.get("severity").asText()).isEqualTo("high");
            assertThat(expired.get("breakGlass").asText()).isEqualTo(session);

            // the holder cannot review their own session; an auditor can, once
            assertThat(api.post(
                                    "/api/v1/access/break-glass/" + session + "/review",
                                    officer.token(),
                                    Map.of("note", "fine"))
                            .status())
                    .isEqualTo(403);
            Api.Response reviewed = api.post(
                    "/api/v1/access/break-glass/" + session + "/review",
                    auditor.token(),
                    Map.of("note", "checked: one user added, justified by incident 12"));
            assertThat(reviewed.status()).isEqualTo(200);
            assertThat(reviewed.json().get("reviewedBy").asText()).isEqualTo(auditor.id());
            assertThat(reviewed.json().get("active").asBoolean()).isFalse();
            assertThat(api.post(
                                    "/api/v1/access/break-glass/" + session + "/review",
                                    auditor.token(),
                                    Map.of("note", "again"))
                            .status())
                    .isEqualTo(400);
        }
    }

    @Test
    void breakGlassNeedsAReasonAndAtMostSixtyMinutes() {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String org = server.givenOrganization("Acme", "manufacturer");
            Actor officer = server.givenUser(org, "security-officer");
            Api api = server.api();
            assertThat(api.post("/api/v1/access/break-glass", officer.token(), Map.of("minutes", 5))
                            .status())
                    .isEqualTo(400);
            Api.Response tooLong = api.post(
                    "/api/v1/access/break-glass",
                    officer.token(),
                    Map.of("reason", "a good enough reason", "minutes", 61));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().get("detail").asText()).contains("minutes");
            Actor operator = server.givenUser(org, "operator");
            assertThat(api.post(
                                    "/api/v1/access/break-glass",
                                    operator.token(),
                                    Map.of("reason", "a good enough reason", "minutes", 5))
                            .status())
                    .isEqualTo(403);
        }
    }

    @Test
    void expiredAndRevokedTokensAreRefusedWithOneMessage() {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String org = server.givenOrganization("Acme", "manufacturer");
            Actor a = server.givenUser(org, "operator");
            Api api = server.api();
            Api.Response shortLived = api.post("/api/v1/tokens", a.token(), Map.of("name", "ci", "ttlDays", 1));
            assertThat(shortLived.status()).isEqualTo(201);
            String t = shortLived.json().get("token").asText();
            assertThat(api.get("/api/v1/me", t).status()).isEqualTo(200);
            assertThat(api.delete("/api/v1/tokens/" + a.tokenId(), a.token()).status())
                    .isEqualTo(204);
            Api.Response revoked = api.get("/api/v1/me", a.token());
            server.clock().advance(Duration.ofDays(2));
            Api.Response expired = api.get("/api/v1/me", t);
            assertThat(revoked.status()).isEqualTo(401);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(revoked.json().get("detail")).isEqualTo(expired.json().get("detail"));
            JsonNode reasons = api.get("/api/v1/audit/entries?action=auth.denied", server.adminToken())
                    .json()
                    .get("items");
            assertThat(reasons)
                    .extracting(e -> e.get("reason").asText())
                    .anySatisfy(r -> assertThat(r).startsWith("revoked token"))
                    .anySatisfy(r -> assertThat(r).startsWith("expired token"));
        }
    }

    @Test
    void disablingAUserRefusesTheirTokenAtOnceAndEnablingDoesNotRestoreIt() {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String org = server.givenOrganization("Acme", "manufacturer");
            Actor admin = server.givenUser(org, "admin");
            Actor operator = server.givenUser(org, "operator");
            Api api = server.api();
            assertThat(api.get("/api/v1/me", operator.token()).status()).isEqualTo(200);
            assertThat(api.patch("/api/v1/users/" + operator.id(), admin.token(), Map.of("disabled", true))
                            .status())
                    .isEqualTo(200);
            // within the token cache's lifetime: the change is seen at once
            assertThat(api.get("/api/v1/me", operator.token()).status()).isEqualTo(401);
            assertThat(api.patch("/api/v1/users/" + operator.id(), admin.token(), Map.of("disabled", false))
                            .status())
                    .isEqualTo(200);
            // disabling revoked the tokens: enabling the user does not bring them back
            assertThat(api.get("/api/v1/me", operator.token()).status()).isEqualTo(401);
        }
    }

    @Test
    void aRoleTakenAwayIsRefusedAtOnce() {
        try (TestServer server = TestServer.givenServer(Store.H2)) {
            String org = server.givenOrganization("Acme", "manufacturer");
            Actor admin = server.givenUser(org, "admin");
            Actor auditor = server.givenUser(org, "auditor");
            Api api = server.api();
            assertThat(api.get("/api/v1/audit/entries", auditor.token()).status())
                    .isEqualTo(200);
            assertThat(api.patch("/api/v1/users/" + auditor.id(), admin.token(), Map.of("roles", List.of("operator")))
                            .status())
                    .isEqualTo(200);
            assertThat(api.get("/api/v1/audit/entries", auditor.token()).status())
                    .isEqualTo(403);
        }
    }

    private static JsonNode only(Api api, TestServer server, String action) {
        JsonNode items = api.get("/api/v1/audit/entries?action=" + action, server.adminToken())
                .json()
                .get("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode waitFor(Api api, TestServer server, String action) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            JsonNode items = api.get("/api/v1/audit/entries?action=" + action, server.adminToken())
                    .json()
                    .get("items");
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + action + " entry within 20 s");
    }
}
