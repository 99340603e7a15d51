package io.hallmark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.access.Permission;
import io.hallmark.server.access.PermissionTable;
import io.hallmark.server.access.Role;
import io.hallmark.server.http.RouteSpec;
import io.hallmark.testkit.Api;
import io.hallmark.testkit.Store;
import io.hallmark.testkit.TestServer;
import io.hallmark.testkit.TestServer.Actor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The authorization matrix, generated from the permission table: every route of the operator API, called by a user
 * holding each role (in an ordinary organization and in the platform organization), is allowed exactly when the
 * table grants one of the route's permissions; every non-public route refuses a request without a token.
 *
 * <p>Requests are shaped so that an allowed call changes nothing (invalid values, unknown ids): the answer is then
 * 2xx, 400 or 404, never 401 or 403.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {
    private TestServer server;
    private final Map<String, Actor> actors = new LinkedHashMap<>();
    private final Map<String, Boolean> platformMember = new LinkedHashMap<>();
    private final Map<String, Role> roleOf = new LinkedHashMap<>();
    private String victimUserId;
    private final AtomicInteger denials = new AtomicInteger();

    @BeforeAll
    void start() {
        server = TestServer.givenServer(Store.H2);
        String org = server.givenOrganization("Matrix Makers", "manufacturer", "owner");
        String platformOrg = server.api()
                .get("/api/v1/me", server.adminToken())
                .json()
                .get("org")
                .asText();
        for (Role role : Role.values()) {
            Actor a = server.givenUser(org, role.wireName());
            actors.put(role.wireName(), a);
            platformMember.put(role.wireName(), false);
            roleOf.put(role.wireName(), role);
            Actor p = server.givenNamedUser(platformOrg, "platform-" + role.wireName(), role.wireName());
            actors.put("platform " + role.wireName(), p);
            platformMember.put("platform " + role.wireName(), true);
            roleOf.put("platform " + role.wireName(), role);
        }
        victimUserId = server.givenUser(org, "operator").id();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** What to send to a route so that an allowed call changes nothing. */
    private record Call(String path, Object body) {}

    private Call callFor(RouteSpec r, Actor a) {
        Map<String, Object> empty = Map.of();
        return switch (r.operationId()) {
            case "createOrganization" -> new Call(r.path(), Map.of("name", "", "kinds", List.of("owner")));
            case "getOrganization" -> new Call("/api/v1/organizations/" + a.orgId(), null);
            case "getOrganizationCa" -> new Call("/api/v1/organizations/" + a.orgId() + "/ca", null);
            case "revokeOrganizationCa" ->
                new Call("/api/v1/organizations/" + a.orgId() + "/ca/revocations", Map.of("purpose", "none"));
            case "createUser" -> new Call(r.path(), Map.of("org", a.orgId(), "name", "", "roles", List.of("operator")));
            case "getUser" -> new Call("/api/v1/users/" + a.id(), null);
            case "updateUser" -> new Call("/api/v1/users/" + sameOrgVictim(a), Map.of("roles", List.of()));
            case "enableTotp" -> new Call(r.path(), Map.of("password", ""));
            case "confirmTotp" -> new Call(r.path(), Map.of("code", "x"));
            case "disableTotp" -> new Call("/api/v1/users/" + a.id() + "/totp", null);
            case "createToken" -> new Call(r.path(), Map.of("ttlDays", 0));
            case "revokeToken" -> new Call("/api/v1/tokens/tok_00000000000000000000", null);
            case "startBreakGlass" -> new Call(r.path(), Map.of("reason", "short", "minutes", 5));
            case "endBreakGlass" -> new Call("/api/v1/access/break-glass/bg_00000000000000000000/end", empty);
            case "reviewBreakGlass" ->
                new Call("/api/v1/access/break-glass/bg_00000000000000000000/review", Map.of("note", "x"));
            case "createProduct" -> new Call(r.path(), Map.of("org", a.orgId(), "model", "", "name", "x"));
            case "getProduct" -> new Call("/api/v1/products/prd_00000000000000000000", null);
            case "factoryIssue" ->
                new Call(r.path(), Map.of("org", a.orgId(), "product", "none", "requests", List.of()));
            case "addDevice" -> new Call(r.path(), Map.of("org", a.orgId(), "serial", ""));
            case "getDevice" -> new Call("/api/v1/devices/dev_00000000000000000000", null);
            case "attachProductMud" -> new Call("/api/v1/products/prd_00000000000000000000/mud", Map.of("x", 1));
            case "exportProductFirewall" -> new Call("/api/v1/products/prd_00000000000000000000/mud/nftables", null);
            case "getDeviceTelemetry" -> new Call("/api/v1/devices/dev_00000000000000000000/telemetry", null);
            case "approveDevice", "quarantineDevice", "releaseDevice", "decommissionDevice", "transferDevice" ->
                new Call(r.path().replace("{device}", "dev_00000000000000000000"), Map.of("reason", "matrix"));
            case "issueVoucher" -> new Call(r.path(), Map.of("org", a.orgId(), "serial", "none", "owner", "x"));
            case "importVoucher" -> new Call(r.path(), Map.of("org", a.orgId(), "voucher", "not-a-jws"));
            case "trustManufacturer" -> new Call(r.path(), Map.of("org", a.orgId(), "name", "x", "cert", "nope"));
            case "getBehaviourPolicy" -> new Call("/api/v1/organizations/" + a.orgId() + "/behaviour-policy", null);
            case "setBehaviourPolicy" ->
                new Call("/api/v1/organizations/" + a.orgId() + "/behaviour-policy", Map.of("unknown", true));
            case "getEnrollmentPolicy" -> new Call("/api/v1/organizations/" + a.orgId() + "/enrollment-policy", null);
            case "setEnrollmentPolicy" ->
                new Call("/api/v1/organizations/" + a.orgId() + "/enrollment-policy", Map.of("activation", "x"));
            case "requestLabel" ->
                new Call(r.path(), Map.of("product", "prd_00000000000000000000", "level", "L9", "profile", "x"));
            case "getLabel" -> new Call("/api/v1/labels/lbl_00000000000000000000", null);
            case "reviewLabel" ->
                new Call("/api/v1/labels/lbl_00000000000000000000/review", Map.of("decision", "maybe", "reason", "x"));
            case "issueLabel" -> new Call("/api/v1/labels/lbl_00000000000000000000/issue", null);
            case "revokeLabel" -> new Call("/api/v1/labels/lbl_00000000000000000000/revoke", Map.of("reason", ""));
            case "verifyLabel" -> new Call("/verify/lbl_00000000000000000000", null);
            case "labelQrSvg" -> new Call("/verify/lbl_00000000000000000000/qr.svg", null);
            case "labelImage" -> new Call("/verify/lbl_00000000000000000000/label.svg", null);
            case "labelQrPng" -> new Call("/verify/lbl_00000000000000000000/qr.png", null);
            case "getAlert", "acknowledgeAlert", "resolveAlert" ->
                new Call(r.path().replace("{alert}", "alr_00000000000000000000"), Map.of("note", ""));
            case "getBehaviourLimits", "setBehaviourLimits" ->
                new Call(r.path().replace("{product}", "prd_00000000000000000000"), Map.of("limits", Map.of()));
            case "createWebhook" -> new Call(r.path(), Map.of("org", a.orgId(), "url", "http://not-https"));
            case "deleteWebhook" -> new Call("/api/v1/webhooks/whk_00000000000000000000", null);
            case "suppressAlerts" ->
                new Call(r.path(), Map.of("org", a.orgId(), "kind", "", "reason", "", "until", "2000-01-01T00:00:00Z"));
            case "liftAlertSuppression" ->
                new Call("/api/v1/alert-suppressions/als_00000000000000000000/lift", Map.of("note", "matrix"));
            case "getIncident", "resolveIncident" ->
                new Call(r.path().replace("{incident}", "inc_00000000000000000000"), Map.of("note", ""));
            case "getDeviceAttestation" -> new Call("/api/v1/devices/dev_00000000000000000000/attestation", null);
            case "getDeviceAttestationHistory" ->
                new Call("/api/v1/devices/dev_00000000000000000000/attestation/history", null);
            case "getDeviceProduction" ->
                new Call("/api/v1/devices/dev_00000000000000000000/attestation/production", null);
            case "setDeviceProduction" ->
                new Call("/api/v1/devices/dev_00000000000000000000/attestation/production", Map.of("production", true));
            case "getAttestationPolicy" -> new Call("/api/v1/organizations/" + a.orgId() + "/attestation-policy", null);
            case "setAttestationPolicy" ->
                new Call("/api/v1/organizations/" + a.orgId() + "/attestation-policy", Map.of("unknown", true));
            case "getProductProduction" ->
                new Call("/api/v1/products/prd_00000000000000000000/attestation/production", null);
            case "setProductProduction" ->
                new Call(
                        "/api/v1/products/prd_00000000000000000000/attestation/production", Map.of("production", true));
            case "setProductReferenceValues" ->
                new Call("/api/v1/products/prd_00000000000000000000/reference-values", Map.of("x", 1));
            case "runFleetAudit" -> new Call(r.path(), empty);
            case "getFleetAuditFinding" -> new Call("/api/v1/fleet-audit/findings/faf_00000000000000000000", null);
            case "suppressFleetAuditFindings" ->
                new Call(
                        r.path(),
                        Map.of("check", "no.such.check", "reason", "matrix", "expires", "2099-01-01T00:00:00Z"));
            case "setFleetAuditPolicy" ->
                new Call(
                        r.path(),
                        Map.of("rules", List.of(Map.of("match", "no.such.check", "actions", List.of("notify")))));
            case "uploadReleaseFile" -> new Call(r.path(), null);
            case "publishRelease" ->
                new Call(
                        r.path(),
                        Map.of("product", "prd_00000000000000000000", "version", "1", "image", "x", "imageName", "x"));
            case "getTufRoot" -> new Call("/api/v1/organizations/" + a.orgId() + "/tuf/root", null);
            case "rotateTufRoot" -> new Call("/api/v1/organizations/" + a.orgId() + "/tuf/root", Map.of());
            case "createTufKey" -> new Call("/api/v1/organizations/" + a.orgId() + "/tuf/keys", Map.of("role", "root"));
            case "getProductTufRole", "getProductTufPending", "rotateProductTufKey" ->
                new Call(r.path().replace("{product}", "prd_00000000000000000000"), null);
            case "setProductTufKeys", "signProductTufRole" ->
                new Call(r.path().replace("{product}", "prd_00000000000000000000"), Map.of("x", 1));
            case "getRelease" -> new Call("/api/v1/releases/rel_00000000000000000000", null);
            case "revokeRelease" -> new Call("/api/v1/releases/rel_00000000000000000000/revoke", Map.of("reason", ""));
            case "importVulnerabilities" -> new Call(r.path(), Map.of("id", "MATRIX-1"));
            case "createRollout" ->
                new Call(r.path(), Map.of("release", "rel_00000000000000000000", "waves", List.of("0%")));
            case "getRollout" -> new Call("/api/v1/rollouts/rol_00000000000000000000", null);
            case "getDeviceTags" -> new Call("/api/v1/devices/dev_00000000000000000000/tags", null);
            case "changeDeviceTags" ->
                new Call("/api/v1/devices/dev_00000000000000000000/tags", Map.of("remove", List.of("site")));
            case "pauseRollout", "resumeRollout", "cancelRollout" ->
                new Call(r.path().replace("{rollout}", "rol_00000000000000000000"), Map.of("reason", ""));
            case "openCraCase" -> new Call(r.path(), Map.of("kind", "matrix"));
            case "setCraCaseFix" ->
                new Call("/api/v1/cra/cases/cra_00000000000000000000/fix", Map.of("fixAvailableAt", "never"));
            case "getCraCase", "getCraReport", "getCraReportPdf", "submitCraReport", "closeCraCase" ->
                new Call(
                        r.path().replace("{case}", "cra_00000000000000000000").replace("{stage}", "early-warning"),
                        r.operationId().equals("closeCraCase") ? Map.of("note", "matrix") : null);
            case "healthz",
                    "health",
                    "ready",
                    "openapi",
                    "auditPublicKey",
                    "attestationKey",
                    "metrics",
                    "me",
                    "listOrganizations",
                    "listUsers",
                    "listTokens",
                    "listAlerts",
                    "listWebhooks",
                    "listIncidents",
                    "listAlertSuppressions",
                    "listBreakGlass",
                    "listAuditEntries",
                    "listAuditCheckpoints",
                    "createAuditCheckpoint",
                    "exportAudit",
                    "verifyAudit",
                    "listProducts",
                    "listDevices",
                    "listVouchers",
                    "listTrustedManufacturers",
                    "listLabels",
                    "labelPublicKey",
                    "listFleetAuditFindings",
                    "listFleetAuditSuppressions",
                    "getFleetAuditPolicy",
                    "listReleases",
                    "getVulnerabilityExposure",
                    "listRollouts",
                    "listCraCases",
                    "listRiskDevices" -> new Call(r.path(), r.request() == null ? null : empty);
            default -> throw new AssertionError("route " + r.operationId() + " is new: teach the matrix to call it");
        };
    }

    private String sameOrgVictim(Actor a) {
        // a user of the actor's own organization, so that only the role decides
        return a.orgId().equals(actors.get("admin").orgId())
                ? victimUserId
                : actors.get("platform operator").id();
    }

    private boolean expectedAllowed(RouteSpec r, String actorKey) {
        if (r.isPublic() || r.anyOf().isEmpty()) {
            return true;
        }
        Set<Role> roles = Set.of(roleOf.get(actorKey));
        for (Permission p : r.anyOf()) {
            boolean granted = PermissionTable.anyGrants(roles, p)
                    && (p.scope() != Permission.Scope.PLATFORM || platformMember.get(actorKey));
            if (granted) {
                return true;
            }
        }
        return false;
    }

    private Api.Response send(RouteSpec r, Call c, String token) {
        return server.api().send(r.method(), c.path(), token, c.body(), c.body() == null ? null : "application/json");
    }

    @TestFactory
    List<DynamicTest> everyRouteAndRoleIsAllowedExactlyAsThePermissionTableSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteSpec r : server.server().api().routes()) {
            for (String actorKey : actors.keySet()) {
                boolean allowed = expectedAllowed(r, actorKey);
                String name = r.method() + " " + r.path() + " as " + actorKey + " → " + (allowed ? "allow" : "deny");
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Actor a = actors.get(actorKey);
                    Api.Response res = send(r, callFor(r, a), a.token());
                    if (allowed) {
                        assertThat(res.status())
                                .as("%s: %s", name, res)
                                .isNotIn(401, 403)
                                .isLessThan(500);
                    } else {
                        denials.incrementAndGet();
                        assertThat(res.status()).as("%s: %s", name, res).isEqualTo(403);
                        assertThat(res.header("Content-Type")).startsWith("application/problem+json");
                    }
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyNonPublicRouteRefusesARequestWithoutAToken() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RouteSpec r : server.server().api().routes()) {
            String name = r.method() + " " + r.path() + " without a token → " + (r.isPublic() ? "answered" : "401");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Api.Response res = send(r, callFor(r, actors.get("admin")), null);
                if (r.isPublic()) {
                    assertThat(res.status()).as(name).isNotEqualTo(401).isLessThan(500);
                } else {
                    assertThat(res.status()).as("%s: %s", name, res).isEqualTo(401);
                    assertThat(res.header("WWW-Authenticate")).startsWith("Bearer");
                    assertThat(res.json().get("detail").asText()).doesNotContain("expired", "revoked", "unknown");
                }
            }));
        }
        return tests;
    }

    @Test
    void everyDenialIsAudited() {
        // run the matrix in this test's own terms: one denied call per non-admin role on an admin-only route
        Actor operator = actors.get("operator");
        long before = countDenials();
        Api.Response r = server.api()
                .post(
                        "/api/v1/users",
                        operator.token(),
                        Map.of("org", operator.orgId(), "name", "x", "roles", List.of("admin")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(server.api()
                        .get("/api/v1/me", "hm1.tok_00000000000000000000." + "A".repeat(43))
                        .status())
                .isEqualTo(401);
        assertThat(countDenials()).isEqualTo(before + 2);
    }

    private long countDenials() {
        long n = 0;
        for (String action : List.of("access.denied", "auth.denied")) {
            String cursor = null;
            do {
                String q = "/api/v1/audit/entries?limit=500&action=" + action
                        + (cursor == null ? "" : "&cursor=" + cursor);
                Api.Response page = server.api().get(q, server.adminToken());
                assertThat(page.status()).isEqualTo(200);
                n += page.json().get("items").size();
                cursor = page.json().get("nextCursor").isNull()
                        ? null
                        : page.json().get("nextCursor").asText();
            } while (cursor != null);
        }
        return n;
    }
}
