package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.DEVICE_OPERATE;
import static io.hallmark.server.access.Permission.DEVICE_PROVISION;
import static io.hallmark.server.access.Permission.DEVICE_READ;
import static io.hallmark.server.access.Permission.DEVICE_RETIRE;
import static io.hallmark.server.access.Permission.ENROLLMENT_POLICY_WRITE;
import static io.hallmark.server.access.Permission.PRODUCT_READ;
import static io.hallmark.server.access.Permission.PRODUCT_WRITE;
import static io.hallmark.server.http.ApiRoutes.nonNull;
import static io.hallmark.server.http.ApiRoutes.pageOf;
import static io.hallmark.server.http.ApiRoutes.parse;

import io.hallmark.core.Pem;
import io.hallmark.protocol.v1.BehaviourPolicyView;
import io.hallmark.protocol.v1.DeviceAction;
import io.hallmark.protocol.v1.DeviceAdd;
import io.hallmark.protocol.v1.DeviceAdded;
import io.hallmark.protocol.v1.DeviceDetailView;
import io.hallmark.protocol.v1.DeviceView;
import io.hallmark.protocol.v1.EnrollmentPolicyView;
import io.hallmark.protocol.v1.FactoryIssue;
import io.hallmark.protocol.v1.FactoryIssued;
import io.hallmark.protocol.v1.ProductCreate;
import io.hallmark.protocol.v1.ProductView;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Permission;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.identity.ActivationPolicy;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceService;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.FactoryService;
import io.hallmark.server.identity.Product;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The operator API's routes of device identity: products, factory issuance, devices and their life cycle. */
final class IdentityRoutes {
    private IdentityRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/products",
                "createProduct",
                "Create a product (a manufacturer's device model)",
                Set.of(PRODUCT_WRITE),
                ProductCreate.class,
                ProductView.class,
                201,
                true,
                (ctx, c, body) -> product(s.identity()
                        .products()
                        .create(c, body.org(), body.model(), body.name(), Optional.ofNullable(body.supportUntil()))));
        r.page(
                "GET",
                "/api/v1/products",
                "listProducts",
                "List the products of an organization",
                Set.of(PRODUCT_READ),
                ProductView.class,
                (ctx, c) -> Views.page(
                        s.identity().products().list(c, ctx.queryParam("org"), pageOf(ctx)), IdentityRoutes::product));
        r.route(
                "GET",
                "/api/v1/products/{product}",
                "getProduct",
                "A product by id, or by model in the caller's organization",
                Set.of(PRODUCT_READ),
                null,
                ProductView.class,
                200,
                false,
                (ctx, c) -> product(s.identity().products().get(c, ctx.queryParam("org"), ctx.pathParam("product"))));

        r.route(
                "POST",
                "/api/v1/factory/issue",
                "factoryIssue",
                "Issue birth certificates (IDevID) for devices' CSRs; the devices become manufactured",
                Set.of(DEVICE_PROVISION),
                FactoryIssue.class,
                FactoryIssued.class,
                201,
                true,
                (ctx, c, body) -> {
                    List<FactoryService.Request> requests = new ArrayList<>();
                    for (FactoryIssue.Request q : nonNull(body.requests(), "requests")) {
                        if (q == null || q.csr() == null) {
                            throw new InvalidRequestException("requests[].csr: required");
                        }
                        requests.add(new FactoryService.Request(
                                q.csr().getBytes(StandardCharsets.US_ASCII), Optional.ofNullable(q.serial())));
                    }
                    List<FactoryService.Issued> issued =
                            s.identity().factory().issue(c, body.org(), nonNull(body.product(), "product"), requests);
                    List<FactoryIssued.Item> items = new ArrayList<>();
                    for (FactoryService.Issued i : issued) {
                        items.add(new FactoryIssued.Item(device(i.device()), Pem.certificate(i.certificate())));
                    }
                    StringBuilder chain = new StringBuilder();
                    issued.get(0).chain().forEach(x -> chain.append(Pem.certificate(x)));
                    return new FactoryIssued(items, chain.toString());
                });

        r.route(
                "POST",
                "/api/v1/devices",
                "addDevice",
                "Add a device without a birth certificate; answers with its one-time EST enrollment secret",
                Set.of(DEVICE_PROVISION),
                DeviceAdd.class,
                DeviceAdded.class,
                201,
                true,
                (ctx, c, body) -> {
                    Optional<Duration> ttl =
                            Optional.ofNullable(body.ttlMinutes()).map(Duration::ofMinutes);
                    DeviceService.AddedDevice added = s.identity()
                            .devices()
                            .add(c, body.org(), body.serial(), Optional.ofNullable(body.product()), ttl);
                    return new DeviceAdded(device(added.device()), added.secret(), added.expiresAt());
                });
        r.page(
                "GET",
                "/api/v1/devices",
                "listDevices",
                "List the devices an organization owns or manufactured, by id with cursor paging; filters, each"
                        + " optional: state, integrity (affirming, warning, contraindicated, unknown: the live status),"
                        + " product (id), firmware (the reported version) and tag (name=value)",
                Set.of(DEVICE_READ),
                DeviceView.class,
                (ctx, c) -> {
                    DeviceListParams q = DeviceListParams.parse(ctx::queryParam);
                    return Views.page(
                            s.attestation()
                                    .queries()
                                    .listDevices(c, ctx.queryParam("org"), q.filter(), q.integrity(), pageOf(ctx)),
                            IdentityRoutes::device);
                });
        r.route(
                "GET",
                "/api/v1/devices/{device}",
                "getDevice",
                "A device by id or serial: its state, certificates and history",
                Set.of(DEVICE_READ),
                null,
                DeviceDetailView.class,
                200,
                false,
                (ctx, c) -> detail(s.identity().devices().show(c, ctx.pathParam("device"))));
        action(r, s, "approve", "approveDevice", "Approve a device's activation", DEVICE_OPERATE);
        action(r, s, "quarantine", "quarantineDevice", "Quarantine a device: its credentials are held", DEVICE_OPERATE);
        action(r, s, "release", "releaseDevice", "Release a device from quarantine", DEVICE_OPERATE);
        action(r, s, "decommission", "decommissionDevice", "Decommission a device for good", DEVICE_RETIRE);
        action(
                r,
                s,
                "transfer",
                "transferDevice",
                "Let a device go for resale: the owner's credentials are revoked",
                DEVICE_RETIRE);

        VoucherRoutes.define(r, s);
        TelemetryRoutes.define(r, s);

        r.route(
                "GET",
                "/api/v1/organizations/{org}/behaviour-policy",
                "getBehaviourPolicy",
                "An owner's responses to behaviour findings",
                Set.of(DEVICE_READ),
                null,
                BehaviourPolicyView.class,
                200,
                false,
                (ctx, c) ->
                        new BehaviourPolicyView(s.identity().devices().quarantineOnViolation(c, ctx.pathParam("org"))));
        r.route(
                "PUT",
                "/api/v1/organizations/{org}/behaviour-policy",
                "setBehaviourPolicy",
                "Set whether an owner's devices are quarantined at once on a behaviour violation",
                Set.of(ENROLLMENT_POLICY_WRITE),
                BehaviourPolicyView.class,
                BehaviourPolicyView.class,
                200,
                true,
                (ctx, c, body) -> new BehaviourPolicyView(s.identity()
                        .devices()
                        .setQuarantineOnViolation(
                                c,
                                ctx.pathParam("org"),
                                nonNull(body.quarantineOnViolation(), "quarantineOnViolation"))));
        r.route(
                "GET",
                "/api/v1/organizations/{org}/enrollment-policy",
                "getEnrollmentPolicy",
                "An owner's enrollment policy",
                Set.of(DEVICE_READ),
                null,
                EnrollmentPolicyView.class,
                200,
                false,
                (ctx, c) -> new EnrollmentPolicyView(s.identity()
                        .devices()
                        .activationPolicy(c, ctx.pathParam("org"))
                        .wire()));
        r.route(
                "PUT",
                "/api/v1/organizations/{org}/enrollment-policy",
                "setEnrollmentPolicy",
                "Set an owner's enrollment policy (activation auto or approval)",
                Set.of(ENROLLMENT_POLICY_WRITE),
                EnrollmentPolicyView.class,
                EnrollmentPolicyView.class,
                200,
                true,
                (ctx, c, body) -> {
                    ActivationPolicy policy =
                            parse(() -> ActivationPolicy.fromWire(nonNull(body.activation(), "activation")));
                    return new EnrollmentPolicyView(s.identity()
                            .devices()
                            .setActivationPolicy(c, ctx.pathParam("org"), policy)
                            .wire());
                });
    }

    private static void action(
            ApiRoutes r, ApiServices s, String verb, String operationId, String summary, Permission permission) {
        r.route(
                "POST",
                "/api/v1/devices/{device}/" + verb,
                operationId,
                summary,
                Set.of(permission),
                DeviceAction.class,
                DeviceView.class,
                200,
                true,
                (ctx, c, body) -> device(act(s.identity().devices(), verb, c, ctx.pathParam("device"), body.reason())));
    }

    private static Device act(DeviceService devices, String verb, Caller c, String ref, String reason) {
        return switch (verb) {
            case "approve" -> devices.approve(c, ref, reason);
            case "quarantine" -> devices.quarantine(c, ref, reason);
            case "release" -> devices.release(c, ref, reason);
            case "decommission" -> devices.decommission(c, ref, reason);
            case "transfer" -> devices.transfer(c, ref, reason);
            default -> throw new IllegalArgumentException("verb: " + verb);
        };
    }

    static ProductView product(Product p) {
        return new ProductView(
                p.id(),
                p.orgId(),
                p.model(),
                p.name(),
                p.hardwareType(),
                p.supportUntil().orElse(null),
                p.createdAt());
    }

    static DeviceView device(Device d) {
        return new DeviceView(
                d.id(),
                d.serial(),
                d.manufacturerId().orElse(null),
                d.productId().orElse(null),
                d.ownerId().orElse(null),
                d.state().wire(),
                d.approved(),
                d.createdAt(),
                d.updatedAt());
    }

    static DeviceDetailView detail(DeviceService.DeviceDetail d) {
        return new DeviceDetailView(
                device(d.device()),
                d.certificates().stream()
                        .map(c -> new DeviceDetailView.Certificate(
                                c.serialHex(),
                                c.caAlias(),
                                c.purpose().name().toLowerCase(java.util.Locale.ROOT),
                                c.notBefore(),
                                c.notAfter(),
                                c.status().wire(),
                                c.reason().orElse(null),
                                c.sha256(),
                                Pem.encode("CERTIFICATE", c.der())))
                        .toList(),
                d.events().stream()
                        .map(e -> new DeviceDetailView.Event(
                                e.at(),
                                e.action(),
                                e.from().map(DeviceState::wire).orElse(null),
                                e.to().wire(),
                                e.actor(),
                                e.reason().orElse(null)))
                        .toList());
    }
}
