package io.hallmark.server.vuln;

import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.v1.VulnExposureView;
import io.hallmark.protocol.v1.VulnImportView;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.fleetaudit.AuditCheck;
import io.hallmark.server.fleetaudit.Observation;
import io.hallmark.server.fleetaudit.Resource;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.ImageFiles;
import io.hallmark.server.update.Release;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Vulnerability exposure ({@code docs/vulnerabilities.md}): imports an organization's advisories (OSV) and VEX
 * statements (CSAF 2.0), and matches them against the SBOMs of its published releases. Importing needs
 * {@link Permission#VULN_IMPORT} and is audited in the transaction that stores it; reading needs
 * {@link Permission#VULN_READ}.
 *
 * <p>Releases looked at: the organization's own published releases, and those of the products its devices run (an
 * owner sees its fleet's exposure to its manufacturers' releases). Devices running a release: a device the
 * organization sees (owner, manufacturer) whose product is the release's product and whose latest telemetry report's
 * firmware version ({@code fw}) equals the release's version. Telemetry's latest report is kept in
 * memory, so after a restart devices count once they report again.
 */
public final class VulnService {
    /** Where the device counts come from, as the exposure says. */
    public static final String DEVICE_SOURCE = "latest telemetry report's firmware version (fw) of each device";

    /** The most notes an exposure lists. */
    static final int MAX_NOTES = 200;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final ImageFiles files;
    private final Function<String, Optional<TelemetryService.Latest>> telemetry;
    private final Clock clock;

    /** Creates the service; {@code files} holds the releases' SBOMs, {@code telemetry} devices' latest reports. */
    public VulnService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            ImageFiles files,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.files = Checks.notNull(files, "files");
        this.telemetry = Checks.notNull(telemetry, "telemetry");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** Imports one document (OSV record or array of records, or CSAF 2.0) into {@code orgRef} (null: the caller's). */
    public VulnImportView importDocument(Caller caller, String orgRef, String name, InputStream body) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.VULN_IMPORT, org.id(), "vuln.import", org.id());
        String source = name == null || name.isBlank() ? "document" : Notes.shorten(name.strip());
        byte[] bytes = read(body);
        boolean csaf = isCsaf(bytes, source);
        int accepted;
        List<String> refused;
        if (csaf) {
            ImportResult<VexStatement> r;
            try {
                r = CsafVexParser.parse(bytes, source);
            } catch (UntrustedInputException e) {
                throw new InvalidRequestException(e.getMessage());
            }
            refused = new ArrayList<>(r.refused());
            Map<List<String>, VexStatement> kept = new LinkedHashMap<>();
            for (VexStatement v : r.accepted()) {
                if (v.vulnerability().length() > 128
                        || v.productName().length() > 256
                        || v.productVersion().length() > 256
                        || v.productId().length() > 256) {
                    refused.add(source + ": " + Notes.shorten(v.productId()) + ": names longer than stored");
                } else {
                    kept.put(List.of(v.vulnerability(), v.productName(), v.productVersion()), v);
                }
            }
            accepted = kept.size();
            store(caller, org, source, "csaf", accepted, refused, s -> s.vulnerabilities()
                    .putVex(org.id(), List.copyOf(kept.values()), clock.instant()));
        } else {
            ImportResult<Advisory> r = OsvParser.parse(bytes, source);
            refused = r.refused();
            Map<String, Advisory> kept = new LinkedHashMap<>();
            r.accepted().forEach(a -> kept.put(a.id(), a));
            accepted = kept.size();
            store(caller, org, source, "osv", accepted, refused, s -> s.vulnerabilities()
                    .putAdvisories(org.id(), List.copyOf(kept.values()), clock.instant()));
        }
        long total = tx.read(s -> s.vulnerabilities().countAdvisories(org.id()));
        return new VulnImportView(csaf ? "csaf" : "osv", accepted, refused, total);
    }

    private void store(
            Caller caller,
            Organization org,
            String source,
            String kind,
            int accepted,
            List<String> refused,
            java.util.function.Consumer<io.hallmark.server.persistence.Stores> put) {
        tx.inTransaction(s -> {
            put.accept(s);
            audit.record(
                    s,
                    caller.record(
                            "vuln.import",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            kind + " " + source + ": " + accepted + " imported, " + refused.size() + " refused",
                            Severity.INFO));
            return null;
        });
    }

    /** The exposure of the releases of {@code orgRef} (null: the caller's) to its advisories. */
    public VulnExposureView exposure(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.VULN_READ, org.id(), "vuln.read", org.id());
        return compute(org.id());
    }

    /**
     * The fleet audit's {@code release.vulnerability.exploited} observations of organization {@code orgId}: one per
     * published release affected by advisories marked exploited (VEX honoured), for platform jobs that already
     * decided whom they act for.
     */
    public List<Observation> exploitedObservations(String orgId) {
        List<Observation> out = new ArrayList<>();
        Map<String, List<String>> perRelease = new LinkedHashMap<>();
        Map<String, VulnExposureView.Release> releases = new HashMap<>();
        for (VulnExposureView.Advisory a : compute(orgId).advisories()) {
            if (!a.exploited()) {
                continue;
            }
            for (VulnExposureView.Release r : a.releases()) {
                String ids = a.aliases().isEmpty() ? a.id() : a.id() + " (" + String.join(", ", a.aliases()) + ")";
                perRelease
                        .computeIfAbsent(r.id(), k -> new ArrayList<>())
                        .add(ids + " in " + String.join(", ", r.components()));
                releases.put(r.id(), r);
            }
        }
        perRelease.forEach((id, found) -> {
            VulnExposureView.Release r = releases.get(id);
            out.add(new Observation(
                    AuditCheck.RELEASE_VULNERABILITY_EXPLOITED,
                    new Resource("release", id, r.product() + " " + r.version()),
                    "no known exploited vulnerability in the release's SBOM",
                    String.join("; ", found) + "; " + r.devices() + " devices run it"
                            + (r.fixedIn() == null ? "" : "; fixed in " + r.fixedIn())));
        });
        return out;
    }

    /**
     * Each (affected release, advisory) pair of organization {@code orgId}'s exposure, with the releases and
     * advisories behind it, for platform features that already decided whom they act for (CRA reports, risk scores).
     */
    public List<ReleaseExposure> releaseExposures(String orgId) {
        Computed c = computeAll(orgId);
        Map<String, Release> byId = new HashMap<>();
        c.releases().forEach(r -> byId.put(r.id(), r));
        Map<String, AdvisoryRating> ratings = new HashMap<>();
        c.advisories().forEach(a -> ratings.put(a.id(), AdvisoryRating.of(a.json())));
        List<ReleaseExposure> out = new ArrayList<>();
        for (VulnExposureView.Advisory a : c.view().advisories()) {
            for (VulnExposureView.Release r : a.releases()) {
                Release release = byId.get(r.id());
                Optional<Release> fixedBy = r.fixedIn() == null
                        ? Optional.empty()
                        : c.releases().stream()
                                .filter(x -> x.productId().equals(release.productId())
                                        && x.version().equals(r.fixedIn()))
                                .findFirst();
                out.add(new ReleaseExposure(release, a, r, fixedBy, ratings.get(a.id())));
            }
        }
        return out;
    }

    private record Computed(VulnExposureView view, List<Release> releases, List<Advisory> advisories) {}

    private VulnExposureView compute(String orgId) {
        return computeAll(orgId).view();
    }

    private Computed computeAll(String orgId) {
        List<Advisory> advisories = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String doc : tx.read(s -> s.vulnerabilities().advisoryDocuments(orgId))) {
            advisories.add(OsvParser.stored(doc));
        }
        List<VexStatement> vex = tx.read(s -> s.vulnerabilities().vex(orgId));
        AdvisoryIndex index = new AdvisoryIndex(advisories);
        Map<String, Long> devices = devices(orgId);
        // the organization's own releases, and those of the products its devices run (an owner's fleet)
        List<Release> releases = new ArrayList<>(tx.read(s -> s.releases().published(orgId)));
        Set<String> products = new LinkedHashSet<>();
        devices.keySet().forEach(k -> products.add(k.substring(0, k.indexOf('\u0000'))));
        for (String productId : products) {
            Optional<String> maker =
                    tx.read(s -> s.products().findById(productId)).map(p -> p.orgId());
            if (maker.isPresent() && !maker.get().equals(orgId)) {
                tx.read(s -> s.releases().published(maker.get())).stream()
                        .filter(r -> r.productId().equals(productId))
                        .forEach(releases::add);
            }
        }
        releases.removeIf(r -> r.sbomSha256().isEmpty());
        releases.sort(Comparator.comparing(Release::publishedAt).thenComparing(Release::id));
        // per release: advisory id -> affected components' purls
        Map<String, Map<String, Set<String>>> hits = new HashMap<>();
        Set<String> scanned = new LinkedHashSet<>();
        for (Release r : releases) {
            Optional<List<Component>> components = sbom(r, notes);
            if (components.isEmpty()) {
                continue;
            }
            scanned.add(r.id());
            Map<String, Set<String>> perAdvisory = new LinkedHashMap<>();
            for (AdvisoryIndex.Match m : index.matchAll(components.get())) {
                String purl = m.component().purl().orElse(m.component().name());
                if (m.affected()) {
                    perAdvisory
                            .computeIfAbsent(m.advisory().id(), k -> new LinkedHashSet<>())
                            .add(purl);
                } else {
                    m.note()
                            .ifPresent(n -> notes.add(r.productModel() + " " + r.version() + ": "
                                    + m.advisory().id() + " on " + purl + ": " + n));
                }
            }
            hits.put(r.id(), perAdvisory);
        }
        List<VulnExposureView.Advisory> out = new ArrayList<>();
        for (Advisory a : advisories) {
            List<VulnExposureView.Release> affected = new ArrayList<>();
            List<String> declared = new ArrayList<>();
            for (Release r : releases) {
                Set<String> comps = hits.getOrDefault(r.id(), Map.of()).get(a.id());
                if (comps == null) {
                    continue;
                }
                Optional<VexStatement> v = vexFor(vex, a, r);
                if (v.isPresent()
                        && (v.get().status() == VexStatement.Status.NOT_AFFECTED
                                || v.get().status() == VexStatement.Status.FIXED)) {
                    declared.add(r.productModel() + " " + r.version() + ": "
                            + v.get().status().name().toLowerCase(java.util.Locale.ROOT));
                    continue;
                }
                // the lowest later version of the product that the advisory does not affect; firmware versions
                // are ordered as Maven orders versions (numbers numerically, pre-releases before the release)
                String fixedIn = releases.stream()
                        .filter(x -> x.productId().equals(r.productId())
                                && MavenVersion.compare(x.version(), r.version()) > 0)
                        .filter(x ->
                                scanned.contains(x.id()) && !hits.get(x.id()).containsKey(a.id()))
                        .map(Release::version)
                        .min(MavenVersion::compare)
                        .orElse(null);
                affected.add(new VulnExposureView.Release(
                        r.id(),
                        r.productModel(),
                        r.version(),
                        List.copyOf(comps),
                        devices.getOrDefault(r.productId() + "\u0000" + r.version(), 0L),
                        fixedIn));
            }
            if (!affected.isEmpty() || !declared.isEmpty()) {
                out.add(new VulnExposureView.Advisory(
                        a.id(), a.aliases(), a.summary(), a.exploited(), affected, declared));
            }
        }
        out.sort(Comparator.comparing((VulnExposureView.Advisory x) -> !x.exploited())
                .thenComparing(VulnExposureView.Advisory::id));
        List<String> shown = notes.size() <= MAX_NOTES ? notes : new ArrayList<>(notes.subList(0, MAX_NOTES));
        if (notes.size() > MAX_NOTES) {
            shown.add("... and " + (notes.size() - MAX_NOTES) + " more notes");
        }
        return new Computed(new VulnExposureView(out, shown, scanned.size(), DEVICE_SOURCE), releases, advisories);
    }

    /** The VEX statement about {@code a} (by id or alias) for the release's product model and version. */
    private static Optional<VexStatement> vexFor(List<VexStatement> vex, Advisory a, Release r) {
        Set<String> ids = new LinkedHashSet<>(a.aliases());
        ids.add(a.id());
        return vex.stream()
                .filter(v -> ids.contains(v.vulnerability())
                        && v.productName().equals(r.productModel())
                        && v.productVersion().equals(r.version()))
                .findFirst();
    }

    private Optional<List<Component>> sbom(Release r, List<String> notes) {
        Optional<Path> f = files.find(r.orgId(), r.sbomSha256().orElseThrow());
        if (f.isEmpty()) {
            notes.add(r.productModel() + " " + r.version() + ": SBOM file missing");
            return Optional.empty();
        }
        try {
            return Optional.of(CycloneDxComponents.read(Files.readAllBytes(f.get())));
        } catch (IOException | UntrustedInputException e) {
            notes.add(r.productModel() + " " + r.version() + ": SBOM not readable as CycloneDX 1.4-1.7");
            return Optional.empty();
        }
    }

    /** Devices of the organization by product and running firmware version. */
    private Map<String, Long> devices(String orgId) {
        Map<String, Long> out = new HashMap<>();
        Optional<String> cursor = Optional.empty();
        do {
            PageRequest request = new PageRequest(cursor, PageRequest.MAX_LIMIT);
            Page<Device> page =
                    tx.read(s -> s.devices().list(orgId, io.hallmark.server.identity.DeviceFilter.ANY, request));
            for (Device d : page.items()) {
                Optional<String> fw =
                        telemetry.apply(d.id()).map(l -> l.report().firmware());
                if (d.productId().isPresent() && fw.isPresent()) {
                    out.merge(d.productId().get() + "\u0000" + fw.get(), 1L, Long::sum);
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        return out;
    }

    /** Whether the document is CSAF; a document that is not JSON at all is a bad request (nothing to import). */
    private static boolean isCsaf(byte[] bytes, String source) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = Json.read(bytes, source);
            return root.isObject() && root.path("document").has("csaf_version");
        } catch (UntrustedInputException e) {
            throw new InvalidRequestException(e.getMessage() + " (expected: OSV JSON or CSAF 2.0 JSON)");
        }
    }

    private static byte[] read(InputStream body) {
        try {
            byte[] b = body.readNBytes(Json.MAX_BYTES + 1);
            if (b.length > Json.MAX_BYTES) {
                throw new InvalidRequestException("document: more than " + Json.MAX_BYTES + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new InvalidRequestException("document: could not be read");
        }
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }
}
