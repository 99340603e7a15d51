package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_OPERATE;
import static io.hallmark.server.access.Permission.DEVICE_READ;
import static io.hallmark.server.access.Permission.ENROLLMENT_POLICY_WRITE;
import static io.hallmark.server.access.Permission.PRODUCT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_WRITE;

import io.hallmark.protocol.attestation.EarClaims;
import io.hallmark.protocol.attestation.EvidenceParser;
import io.hallmark.protocol.attestation.Finding;
import io.hallmark.protocol.attestation.TrustVector;
import io.hallmark.protocol.v1.AttestationFindingView;
import io.hallmark.protocol.v1.AttestationHistoryView;
import io.hallmark.protocol.v1.AttestationNonceView;
import io.hallmark.protocol.v1.AttestationPolicyView;
import io.hallmark.protocol.v1.AttestationView;
import io.hallmark.protocol.v1.DeviceProductionView;
import io.hallmark.protocol.v1.ReferenceValuesView;
import io.hallmark.server.attestation.AttestationPolicy;
import io.hallmark.server.attestation.AttestationQueries;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.attestation.AttestationService;
import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.Device;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Remote attestation ({@code docs/protocol/attestation.md}): on the device port {@code POST /attest/nonce} and {@code
 * POST /attest/evidence} (mutual TLS with the device's certificate; the answer is the signed EAR); on the operator
 * API a device's latest result and history, an owner's attestation policy, a product's reference values and the
 * public attestation key (JWK).
 */
final class AttestationRoutes {
    /** The media type of evidence (RFC 9711 §9.5, EAT in JWT form). */
    static final String EVIDENCE_TYPE = "application/eat+jwt";

    private final AttestationService verifier;

    AttestationRoutes(AttestationService verifier) {
        this.verifier = verifier;
    }

    /** The device port's routes. */
    void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.POST, "/attest/nonce", this::nonce);
        routes.addHttpHandler(HandlerType.POST, "/attest/evidence", this::evidence);
    }

    private void nonce(Context ctx) {
        String nonce = verifier.nonce(BrskiRoutes.clientCertificate(ctx).orElse(null), RequestIds.of(ctx));
        ctx.contentType("application/json");
        ctx.result(Json.encode(
                new AttestationNonceView(nonce, verifier.nonceLifetime().toSeconds())));
    }

    private void evidence(Context ctx) {
        String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith(EVIDENCE_TYPE)) {
            Problems.write(
                    ctx,
                    Problems.problem(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "Content-Type: expected " + EVIDENCE_TYPE,
                            ctx));
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        // the parser bounds the token too; this keeps an oversized body from being decoded at all
        String token = body.length > EvidenceParser.MAX_TOKEN_CHARS
                ? "x".repeat(EvidenceParser.MAX_TOKEN_CHARS + 1)
                : new String(body, StandardCharsets.US_ASCII).strip();
        AttestationService.Result result =
                verifier.appraise(BrskiRoutes.clientCertificate(ctx).orElse(null), token, RequestIds.of(ctx));
        ctx.contentType(EarClaims.MEDIA_TYPE);
        ctx.result(result.ear());
    }

    /** The operator API's routes. */
    static void define(ApiRoutes r, ApiServices s) {
        AttestationQueries q = s.attestation().queries();
        r.pub(
                "GET",
                "/api/v1/attestation/key",
                "attestationKey",
                "The platform attestation key (JWK) that signs attestation results, to verify them offline",
                null,
                "application/jwk+json",
                (ctx, c) -> new ApiRoutes.Raw(
                        "application/jwk+json",
                        s.attestation().verifier().publicKeyJwk().getBytes(StandardCharsets.UTF_8)));
        r.route(
                "GET",
                "/api/v1/devices/{device}/attestation",
                "getDeviceAttestation",
                "A device's live integrity and its latest signed attestation result (EAR) with the findings",
                Set.of(DEVICE_READ),
                null,
                AttestationView.class,
                200,
                false,
                (ctx, c) -> {
                    AttestationQueries.DeviceIntegrity i = q.integrity(c, ctx.pathParam("device"));
                    return view(i.device(), i.integrity(), i.latest());
                });
        r.route(
                "GET",
                "/api/v1/devices/{device}/attestation/history",
                "getDeviceAttestationHistory",
                "A device's attestation results, newest first (limit 1..100, default 20)",
                Set.of(DEVICE_READ),
                null,
                AttestationHistoryView.class,
                200,
                false,
                (ctx, c) -> {
                    int limit = limit(ctx.queryParam("limit"));
                    String ref = ctx.pathParam("device");
                    Device device = s.identity().devices().show(c, ref).device();
                    List<AttestationView> items = new ArrayList<>();
                    for (AttestationRecord rec : q.history(c, ref, limit)) {
                        items.add(view(device, integrityOf(rec), Optional.of(rec)));
                    }
                    return new AttestationHistoryView(items);
                });
        r.route(
                "GET",
                "/api/v1/devices/{device}/attestation/production",
                "getDeviceProduction",
                "Whether a device is in production (debug must be disabled) or marked as development",
                Set.of(DEVICE_READ),
                null,
                DeviceProductionView.class,
                200,
                false,
                (ctx, c) -> {
                    String ref = ctx.pathParam("device");
                    Device device = s.identity().devices().show(c, ref).device();
                    return new DeviceProductionView(device.id(), device.serial(), q.production(c, ref));
                });
        r.route(
                "PUT",
                "/api/v1/devices/{device}/attestation/production",
                "setDeviceProduction",
                "Mark a device as in production (debug must be disabled) or as development (debug allowed)",
                Set.of(DEVICE_OPERATE),
                DeviceProductionView.class,
                DeviceProductionView.class,
                200,
                true,
                (ctx, c, body) -> {
                    boolean production = ApiRoutes.nonNull(body.production(), "production");
                    Device device = q.setProduction(c, ctx.pathParam("device"), production);
                    return new DeviceProductionView(device.id(), device.serial(), production);
                });
        r.route(
                "GET",
                "/api/v1/organizations/{org}/attestation-policy",
                "getAttestationPolicy",
                "An owner's attestation policy",
                Set.of(DEVICE_READ),
                null,
                AttestationPolicyView.class,
                200,
                false,
                (ctx, c) -> policyView(q.policy(c, ctx.pathParam("org"))));
        r.route(
                "PUT",
                "/api/v1/organizations/{org}/attestation-policy",
                "setAttestationPolicy",
                "Set an owner's attestation interval and whether a contraindicated result quarantines the device",
                Set.of(ENROLLMENT_POLICY_WRITE),
                AttestationPolicyView.class,
                AttestationPolicyView.class,
                200,
                true,
                (ctx, c, body) -> {
                    AttestationPolicy current = q.policy(c, ctx.pathParam("org"));
                    AttestationPolicy next = parsePolicy(body, current);
                    return policyView(q.setPolicy(c, ctx.pathParam("org"), next));
                });
        r.route(
                "GET",
                "/api/v1/products/{product}/attestation/production",
                "getProductProduction",
                "Whether a product is in production (debug must be disabled) or marked as development",
                Set.of(PRODUCT_READ),
                null,
                DeviceProductionView.class,
                200,
                false,
                (ctx, c) -> {
                    String ref = ctx.pathParam("product");
                    io.hallmark.server.identity.Product p =
                            s.identity().products().get(c, ctx.queryParam("org"), ref);
                    return new DeviceProductionView(
                            p.id(), p.model(), q.productProduction(c, ctx.queryParam("org"), ref));
                });
        r.route(
                "PUT",
                "/api/v1/products/{product}/attestation/production",
                "setProductProduction",
                "Mark a product as in production or as development (its devices may then attest with debug enabled)",
                Set.of(PRODUCT_WRITE),
                DeviceProductionView.class,
                DeviceProductionView.class,
                200,
                true,
                (ctx, c, body) -> {
                    boolean production = ApiRoutes.nonNull(body.production(), "production");
                    io.hallmark.server.identity.Product p =
                            q.setProductProduction(c, ctx.queryParam("org"), ctx.pathParam("product"), production);
                    return new DeviceProductionView(p.id(), p.model(), production);
                });
        r.route(
                "PUT",
                "/api/v1/products/{product}/reference-values",
                "setProductReferenceValues",
                "Set a product's attestation reference values (per component, the digests its devices may report)",
                Set.of(PRODUCT_WRITE),
                ReferenceValuesView.class,
                ReferenceValuesView.class,
                200,
                true,
                (ctx, c, body) -> {
                    Map<String, List<String>> components = ApiRoutes.nonNull(body.components(), "components");
                    Map<String, Set<String>> values = new LinkedHashMap<>();
                    components.forEach((k, v) -> values.put(k, v == null ? Set.of() : new HashSet<>(v)));
                    Map<String, Set<String>> set =
                            q.setReferenceValues(c, ctx.queryParam("org"), ctx.pathParam("product"), values);
                    Map<String, List<String>> out = new TreeMap<>();
                    set.forEach((k, v) -> out.put(k, List.copyOf(v)));
                    return new ReferenceValuesView(out);
                });
    }

    private static AttestationPolicy parsePolicy(AttestationPolicyView body, AttestationPolicy current) {
        Duration interval =
                body.intervalSeconds() == null ? current.interval() : Duration.ofSeconds(body.intervalSeconds());
        boolean quarantine = body.quarantineOnContraindicated() == null
                ? current.quarantineOnContraindicated()
                : body.quarantineOnContraindicated();
        try {
            return new AttestationPolicy(interval, quarantine);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("intervalSeconds: " + interval.toSeconds() + " (expected: "
                    + AttestationPolicy.MIN_INTERVAL.toSeconds() + ".." + AttestationPolicy.MAX_INTERVAL.toSeconds()
                    + ")");
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= AttestationQueries.MAX_HISTORY) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("limit: " + text + " (expected: 1.." + AttestationQueries.MAX_HISTORY + ")");
    }

    private static AttestationPolicyView policyView(AttestationPolicy p) {
        return new AttestationPolicyView(p.interval().toSeconds(), p.quarantineOnContraindicated());
    }

    private static Integrity integrityOf(AttestationRecord r) {
        return Integrity.valueOf(
                r.status() == io.hallmark.protocol.attestation.Tier.NONE
                        ? "UNKNOWN"
                        : r.status().name());
    }

    static AttestationView view(Device device, Integrity integrity, Optional<AttestationRecord> latest) {
        if (latest.isEmpty()) {
            return new AttestationView(
                    device.id(), device.serial(), integrity.wire(), null, null, Map.of(), List.of(), null);
        }
        AttestationRecord rec = latest.get();
        EarClaims.Result result = EarClaims.read(payload(rec.ear()));
        Map<String, Integer> vector = new LinkedHashMap<>();
        TrustVector v = result.vector();
        vector.put("instance-identity", v.instanceIdentity());
        vector.put("configuration", v.configuration());
        vector.put("executables", v.executables());
        vector.put("file-system", v.fileSystem());
        vector.put("hardware", v.hardware());
        vector.put("runtime-opaque", v.runtimeOpaque());
        vector.put("storage-opaque", v.storageOpaque());
        vector.put("sourced-data", v.sourcedData());
        List<AttestationFindingView> findings = new ArrayList<>();
        for (Finding f : result.findings()) {
            findings.add(new AttestationFindingView(f.id(), f.severity().wire(), f.expected(), f.actual()));
        }
        return new AttestationView(
                device.id(),
                device.serial(),
                integrity.wire(),
                rec.status().wire(),
                rec.appraisedAt(),
                vector,
                findings,
                rec.ear());
    }

    private static byte[] payload(String jws) {
        int a = jws.indexOf('.');
        int b = jws.indexOf('.', a + 1);
        return Base64.getUrlDecoder().decode(jws.substring(a + 1, b));
    }
}
