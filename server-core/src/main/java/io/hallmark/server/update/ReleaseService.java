package io.hallmark.server.update;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Product;
import io.hallmark.server.identity.ProductService;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Firmware releases: upload an image or SBOM, publish a release into the manufacturer's TUF targets, list, show and
 * revoke. A release is immutable; revoking removes its target from the next targets version and records why.
 *
 * <p>Every change is authorized ({@link Permission#RELEASE_PUBLISH}, {@link Permission#RELEASE_REVOKE}) in the
 * manufacturer's organization, and written with its audit entry and the newly signed metadata in one transaction.
 */
public final class ReleaseService {
    /** The largest image or SBOM upload accepted (streamed to a file, never held in memory). */
    public static final long MAX_UPLOAD_BYTES = 512L * 1024 * 1024;

    /** The largest SBOM accepted. */
    public static final long MAX_SBOM_BYTES = 16L * 1024 * 1024;

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,127}");
    private static final Pattern MEASUREMENT_NAME = Pattern.compile("[!-~]{1,128}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final ProductService products;
    private final TufRepositoryService repositories;
    private final ImageFiles images;
    private final Clock clock;
    private final TufProductRoleService productRoles;
    private final TufRoleRenewals roleRenewals;

    /** Creates the service. */
    public ReleaseService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            ProductService products,
            TufRepositoryService repositories,
            ImageFiles images,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.products = Checks.notNull(products, "products");
        this.repositories = Checks.notNull(repositories, "repositories");
        this.images = Checks.notNull(images, "images");
        this.clock = Checks.notNull(clock, "clock");
        this.productRoles = new TufProductRoleService(tx, audit, guard, products, repositories, clock);
        this.roleRenewals = new TufRoleRenewals(tx, audit, repositories, clock);
    }

    /** The renewals of the product roles signed offline, prepared before they expire. */
    public TufRoleRenewals roleRenewals() {
        return roleRenewals;
    }

    /** The keys of the products' delegated TUF roles: rotation, offline keys, signatures. */
    public TufProductRoleService productRoles() {
        return productRoles;
    }

    /** Stores an image or SBOM for manufacturer {@code orgRef} (null: the caller's), returning its digest. */
    public ImageFiles.Stored upload(Caller caller, String orgRef, InputStream body) {
        Organization org = manufacturer(caller, orgRef, "release.upload");
        ImageFiles.Stored stored = images.store(org.id(), body);
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    caller.record(
                            "release.upload",
                            Optional.of(org.id()),
                            stored.sha256(),
                            Outcome.SUCCESS,
                            stored.length() + " bytes",
                            Severity.INFO));
            return null;
        });
        return stored;
    }

    /** Publishes a release: one new targets entry, signed with snapshot and timestamp in the same transaction. */
    public Release publish(Caller caller, ReleaseRequest req) {
        Checks.notNull(req, "request");
        Product product = products.get(caller, req.orgRef(), req.product());
        Organization org = manufacturer(caller, product.orgId(), "release.publish");
        String version = check(req.version(), VERSION, "version");
        if (version.startsWith(".")) {
            // the product role's path pattern <dir>/*/* would not match it in tuf-js (minimatch: * skips dot names)
            throw new InvalidRequestException("version: '" + version + "' (expected: not starting with '.')");
        }
        String name = check(req.imageName(), FILE_NAME, "imageName");
        String image = check(req.imageSha256(), SHA256, "imageSha256");
        Path imageFile = images.find(org.id(), image)
                .orElseThrow(() -> new InvalidRequestException("imageSha256: not uploaded to this organization"));
        Optional<String> sbom = req.sbomSha256() == null ? Optional.empty() : req.sbomSha256();
        if (sbom.isPresent()) {
            check(sbom.get(), SHA256, "sbomSha256");
            Path sbomFile = images.find(org.id(), sbom.get())
                    .orElseThrow(() -> new InvalidRequestException("sbomSha256: not uploaded to this organization"));
            checkCycloneDx(sbomFile);
        }
        SortedMap<String, String> measurements = measurements(req.measurements());
        List<String> hardware = req.hardware() == null ? List.of() : List.copyOf(req.hardware());
        if (hardware.size() > 32) {
            throw new InvalidRequestException("hardware: " + hardware.size() + " entries (expected: at most 32)");
        }
        hardware.forEach(h -> check(h, VERSION, "hardware"));
        if (hardware.stream().distinct().count() != hardware.size()) {
            throw new InvalidRequestException("hardware: an entry given twice");
        }
        String dir = MODEL.matcher(product.model()).matches() ? product.model() : product.id();
        long length;
        try {
            length = Files.size(imageFile);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Release release = new Release(
                Ids.newId("rel"),
                org.id(),
                product.id(),
                product.model(),
                version,
                dir + "/" + version + "/" + name,
                image,
                length,
                sbom,
                measurements,
                hardware,
                req.security(),
                Release.State.PUBLISHED,
                caller.principal().userId(),
                clock.instant(),
                Optional.empty());
        repositories.ensureKeys(org.id(), dir);
        Release[] stored = {release};
        tx.inTransaction(s -> {
            // a role signed offline (TUF §4.5 threshold of managers' keys): the release waits for their signatures
            boolean offline = s.tufRepositories()
                    .findRole(org.id(), TufDelegations.role(dir))
                    .filter(TufProductRole::signedOffline)
                    .isPresent();
            stored[0] = offline ? release.inState(Release.State.PENDING) : release;
            s.releases().insert(stored[0]);
            TufRepositoryState st = repositories.releasesChanged(s, org.id());
            audit.record(
                    s,
                    caller.record(
                            "release.publish",
                            Optional.of(org.id()),
                            release.id(),
                            Outcome.SUCCESS,
                            product.model() + " " + version + " (" + release.targetPath() + ", sha256 " + image
                                    + (req.security() ? ", security" : "") + "); targets " + st.targetsVersion()
                                    + (stored[0].state() == Release.State.PENDING ? "; pending signatures" : ""),
                            Severity.INFO));
            return null;
        });
        repositories.committed(org.id());
        return stored[0];
    }

    /** The releases of manufacturer {@code orgRef} (null: the caller's organization). */
    public Page<Release> list(Caller caller, String orgRef, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.RELEASE_READ, org.id(), "release.list", org.id());
        return tx.read(s -> s.releases().list(org.id(), page));
    }

    /** One release. */
    public Release get(Caller caller, String id) {
        Release r = find(id);
        guard.check(caller, Permission.RELEASE_READ, r.orgId(), "release.read", r.id());
        return r;
    }

    /** Revokes a published release: removed from a newly signed targets version; the reason is recorded. */
    public Release revoke(Caller caller, String id, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new InvalidRequestException("reason: required, at most 500 characters");
        }
        Release r = find(id);
        guard.check(caller, Permission.RELEASE_REVOKE, r.orgId(), "release.revoke", r.id());
        if (r.state() == Release.State.REVOKED) {
            throw new ConflictException("release " + id + " is already revoked");
        }
        Release revoked = r.revoked(new Release.Revocation(caller.principal().userId(), clock.instant(), reason));
        repositories.ensureKeys(r.orgId());
        tx.inTransaction(s -> {
            if (!s.releases().revoke(revoked)) {
                throw new ConflictException("release " + id + " is already revoked");
            }
            TufRepositoryState st = repositories.releasesChanged(s, r.orgId());
            // rollouts of the release end here: their devices are told not to install it
            RolloutService.cancelForRelease(
                    s, r.id(), reason, revoked.revocation().orElseThrow().at());
            audit.record(
                    s,
                    caller.record(
                            "release.revoke",
                            Optional.of(r.orgId()),
                            r.id(),
                            Outcome.SUCCESS,
                            r.productModel() + " " + r.version() + ": " + reason + "; targets " + st.targetsVersion(),
                            Severity.WARNING));
            return null;
        });
        repositories.committed(r.orgId());
        return revoked;
    }

    /**
     * The reference measurements of the published release {@code version} of product {@code productId}: what a
     * device running it reports. No authorization check: for the attestation appraisal.
     */
    public Optional<SortedMap<String, String>> referenceMeasurements(String orgId, String productId, String version) {
        return tx.read(s -> s.releases().published(orgId)).stream()
                .filter(r -> r.productId().equals(productId) && r.version().equals(version))
                .findFirst()
                .map(Release::measurements);
    }

    private Release find(String id) {
        if (id == null || !Ids.isId(id, "rel")) {
            throw new NotFoundException("no release " + id);
        }
        return tx.read(s -> s.releases().findById(id)).orElseThrow(() -> new NotFoundException("no release " + id));
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    private Organization manufacturer(Caller caller, String orgRef, String action) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.RELEASE_PUBLISH, org.id(), action, org.id());
        if (!org.kinds().contains(OrgKind.MANUFACTURER)) {
            throw new InvalidRequestException("org: " + org.name() + " is not a manufacturer");
        }
        return org;
    }

    private static String check(String value, Pattern rule, String field) {
        if (value == null || !rule.matcher(value).matches()) {
            throw new InvalidRequestException(field + ": " + (value == null ? "missing" : "'" + shorten(value) + "'")
                    + " (expected: " + rule.pattern() + ")");
        }
        return value;
    }

    private static SortedMap<String, String> measurements(Map<String, String> in) {
        SortedMap<String, String> out = new TreeMap<>();
        if (in == null) {
            return out;
        }
        if (in.size() > 64) {
            throw new InvalidRequestException("measurements: " + in.size() + " entries (expected: at most 64)");
        }
        in.forEach((k, v) ->
                out.put(check(k, MEASUREMENT_NAME, "measurement name"), check(v, DIGEST, "measurement " + shorten(k))));
        return out;
    }

    /** A CycloneDX JSON document: an object whose {@code bomFormat} is {@code CycloneDX}, with a spec version. */
    private void checkCycloneDx(Path file) {
        try {
            if (Files.size(file) > MAX_SBOM_BYTES) {
                throw new InvalidRequestException("sbom: more than " + MAX_SBOM_BYTES + " bytes");
            }
            try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new InvalidRequestException("sbom: not a JSON object (expected: CycloneDX JSON)");
                }
                boolean format = false;
                boolean spec = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken t = p.nextToken();
                    if (f.equals("bomFormat")) {
                        format = t == JsonToken.VALUE_STRING && p.getText().equals("CycloneDX");
                    } else if (f.equals("specVersion")) {
                        spec = t == JsonToken.VALUE_STRING && p.getText().matches("1\\.[0-9]{1,2}");
                    }
                    p.skipChildren();
                }
                if (!format || !spec) {
                    throw new InvalidRequestException(
                            "sbom: expected a CycloneDX JSON document (bomFormat \"CycloneDX\", specVersion 1.x)");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException i) {
                throw i;
            }
            throw new InvalidRequestException("sbom: not well-formed JSON (expected: CycloneDX JSON)");
        }
    }

    private static String shorten(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
