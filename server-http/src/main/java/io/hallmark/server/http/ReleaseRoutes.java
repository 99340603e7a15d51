package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.RELEASE_PUBLISH;
import static io.hallmark.server.access.Permission.RELEASE_READ;
import static io.hallmark.server.access.Permission.RELEASE_REVOKE;
import static io.hallmark.server.access.Permission.RELEASE_SIGN;
import static io.hallmark.server.access.Permission.TUF_ROOT_ROTATE;
import static io.hallmark.server.http.ApiRoutes.nonNull;
import static io.hallmark.server.http.ApiRoutes.pageOf;

import io.hallmark.protocol.v1.ReleasePublish;
import io.hallmark.protocol.v1.ReleaseRevoke;
import io.hallmark.protocol.v1.ReleaseUploadView;
import io.hallmark.protocol.v1.ReleaseView;
import io.hallmark.protocol.v1.TufKeyCreate;
import io.hallmark.protocol.v1.TufKeyView;
import io.hallmark.protocol.v1.TufProductRoleView;
import io.hallmark.protocol.v1.TufRootView;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.ReleaseRequest;
import io.hallmark.server.update.ReleaseService;
import io.hallmark.server.update.TufProductRoleService;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The routes of firmware releases under {@code /api/v1/releases}: upload, publish, list, show, revoke. */
final class ReleaseRoutes {
    private static final String PATH = "/api/v1/releases";

    private ReleaseRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        ReleaseService releases = s.releases();
        r.route(
                "POST",
                PATH + "/uploads",
                "uploadReleaseFile",
                "Upload a release image or CycloneDX SBOM (the bytes as body, ?org=); answers its SHA-256",
                Set.of(RELEASE_PUBLISH),
                null,
                ReleaseUploadView.class,
                201,
                true,
                (ctx, c) -> {
                    var stored = releases.upload(c, ctx.queryParam("org"), ctx.bodyInputStream());
                    return new ReleaseUploadView(stored.sha256(), stored.length());
                });
        r.route(
                "POST",
                PATH,
                "publishRelease",
                "Publish a release of uploaded files: one new entry, with custom metadata, in the manufacturer's TUF"
                        + " targets",
                Set.of(RELEASE_PUBLISH),
                ReleasePublish.class,
                ReleaseView.class,
                201,
                true,
                (ctx, c, b) -> view(releases.publish(
                        c,
                        new ReleaseRequest(
                                b.org(),
                                nonNull(b.product(), "product"),
                                nonNull(b.version(), "version"),
                                nonNull(b.image(), "image"),
                                nonNull(b.imageName(), "imageName"),
                                Optional.ofNullable(b.sbom()),
                                b.measurements(),
                                b.hardware(),
                                Boolean.TRUE.equals(b.security())))));
        r.page(
                "GET",
                PATH,
                "listReleases",
                "List a manufacturer's releases (?org=)",
                Set.of(RELEASE_READ),
                ReleaseView.class,
                (ctx, c) -> Views.page(releases.list(c, ctx.queryParam("org"), pageOf(ctx)), ReleaseRoutes::view));
        r.route(
                "GET",
                PATH + "/{release}",
                "getRelease",
                "A release",
                Set.of(RELEASE_READ),
                null,
                ReleaseView.class,
                200,
                false,
                (ctx, c) -> view(releases.get(c, ctx.pathParam("release"))));
        r.route(
                "POST",
                PATH + "/{release}/revoke",
                "revokeRelease",
                "Revoke a release: removed from the next signed targets; the reason is recorded",
                Set.of(RELEASE_REVOKE),
                ReleaseRevoke.class,
                ReleaseView.class,
                200,
                true,
                (ctx, c, b) -> view(releases.revoke(c, ctx.pathParam("release"), b.reason())));
        r.route(
                "GET",
                "/api/v1/organizations/{org}/tuf/root",
                "getTufRoot",
                "The manufacturer's current TUF root metadata (N.root.json), to ship on devices or to rotate",
                Set.of(RELEASE_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> new ApiRoutes.Raw("application/json", s.tuf().currentRoot(c, ctx.pathParam("org"))));
        r.route(
                "PUT",
                "/api/v1/organizations/{org}/tuf/root",
                "rotateTufRoot",
                "Install the next TUF root, made and signed offline (hallmark update root rotate; TUF 5.3.4)",
                Set.of(TUF_ROOT_ROTATE),
                null,
                TufRootView.class,
                200,
                true,
                (ctx, c) -> new TufRootView(s.tuf().rotateRoot(c, ctx.pathParam("org"), ctx.bodyAsBytes())));
        r.route(
                "POST",
                "/api/v1/organizations/{org}/tuf/keys",
                "createTufKey",
                "Make a new online key (targets, snapshot or timestamp) in the vault, for the next root to name",
                Set.of(TUF_ROOT_ROTATE),
                TufKeyCreate.class,
                TufKeyView.class,
                201,
                true,
                (ctx, c, b) -> {
                    String role = nonNull(b.role(), "role");
                    var key = s.tuf().createOnlineKey(c, ctx.pathParam("org"), role);
                    return new TufKeyView(role, key.keyId(), key.toJson());
                });
        productRoutes(r, releases.productRoles());
    }

    /** The routes of a product's delegated TUF role (TUF §4.5): its keys, its key rotation, offline signatures. */
    private static void productRoutes(ApiRoutes r, TufProductRoleService roles) {
        String path = "/api/v1/products/{product}/tuf";
        r.route(
                "GET",
                path,
                "getProductTufRole",
                "A product's delegated TUF role: the keys the targets name for it, the version awaiting signatures",
                Set.of(RELEASE_READ),
                null,
                TufProductRoleView.class,
                200,
                false,
                (ctx, c) -> view(roles.state(c, ctx.queryParam("org"), ctx.pathParam("product"))));
        r.route(
                "POST",
                path + "/key-rotations",
                "rotateProductTufKey",
                "Replace the online vault key of a product's TUF role: named by the next targets, the role signed again"
                        + " with it (TUF 4.5)",
                Set.of(RELEASE_SIGN),
                null,
                TufKeyView.class,
                201,
                true,
                (ctx, c) -> {
                    var key = roles.rotateKey(c, ctx.queryParam("org"), ctx.pathParam("product"));
                    String role = roles.state(c, ctx.queryParam("org"), ctx.pathParam("product"))
                            .role();
                    return new TufKeyView(role, key.keyId(), key.toJson());
                });
        r.route(
                "PUT",
                path + "/keys",
                "setProductTufKeys",
                "Hand a product's TUF role to release managers' offline keys with a threshold (the document of"
                        + " hallmark update keys init)",
                Set.of(TUF_ROOT_ROTATE),
                null,
                TufProductRoleView.class,
                200,
                true,
                (ctx, c) -> view(
                        roles.setOfflineKeys(c, ctx.queryParam("org"), ctx.pathParam("product"), ctx.bodyAsBytes())));
        r.route(
                "GET",
                path + "/pending",
                "getProductTufPending",
                "The version of a product's TUF role awaiting offline signatures (a TUF file, signatures so far)",
                Set.of(RELEASE_READ),
                null,
                null,
                200,
                false,
                (ctx, c) -> new ApiRoutes.Raw(
                        "application/json", roles.pending(c, ctx.queryParam("org"), ctx.pathParam("product"))));
        r.route(
                "POST",
                path + "/signatures",
                "signProductTufRole",
                "Add offline signatures to the pending version of a product's TUF role; published at the threshold",
                Set.of(RELEASE_SIGN),
                null,
                TufProductRoleView.class,
                200,
                true,
                (ctx, c) -> view(
                        roles.addSignatures(c, ctx.queryParam("org"), ctx.pathParam("product"), ctx.bodyAsBytes())));
    }

    static TufProductRoleView view(TufProductRoleService.RoleState s) {
        return new TufProductRoleView(
                s.productId(),
                s.role(),
                s.version(),
                s.keyIds(),
                s.threshold(),
                s.offline(),
                s.pendingVersion().orElse(null),
                s.pendingKeyIds(),
                s.pendingThreshold(),
                s.signedBy());
    }

    static ReleaseView view(Release r) {
        return new ReleaseView(
                r.id(),
                r.orgId(),
                r.productId(),
                r.productModel(),
                r.version(),
                r.targetPath(),
                r.imageSha256(),
                r.imageLength(),
                r.sbomSha256().orElse(null),
                r.measurements(),
                r.hardware(),
                r.security(),
                r.state() == Release.State.PENDING
                        ? "pending-signatures"
                        : r.state().name().toLowerCase(Locale.ROOT),
                r.publishedBy(),
                r.publishedAt(),
                r.revocation().map(Release.Revocation::revokedBy).orElse(null),
                r.revocation().map(Release.Revocation::at).orElse(null),
                r.revocation().map(Release.Revocation::reason).orElse(null));
    }
}
