package io.hallmark.server.assurance;

import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.cra.CraCase;
import io.hallmark.server.cra.CraKind;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.ImageFiles;
import io.hallmark.server.update.Release;
import io.hallmark.server.vuln.Advisory;
import io.hallmark.server.vuln.AdvisoryIndex;
import io.hallmark.server.vuln.Component;
import io.hallmark.server.vuln.CycloneDxComponents;
import io.hallmark.server.vuln.OsvParser;
import io.hallmark.server.vuln.VexStatement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The label signals from the platform's own data ({@code docs/assurance/README.md}, "Status").
 *
 * <p><b>Critical vulnerabilities</b>: the advisories the product's manufacturer imported (vulnerability exposure)
 * that are critical ({@link Criticality}) and not withdrawn, matched against the CycloneDX SBOMs of the product's
 * releases still in use: the most recently published release, and every published release whose version a device of the
 * product runs (its latest telemetry report's firmware version). A match that the manufacturer's VEX statements
 * declare {@code not_affected} or {@code fixed} for that release does not count. A vulnerability is open until no
 * release in use is affected; its deadline runs from the advisory's publication.
 *
 * <p><b>Fleet integrity</b>: among the devices of the product with an attestation result, those whose latest result
 * is contraindicated.
 */
public final class PlatformLabelSignals implements LabelSignals {
    private final Transactor tx;
    private final ImageFiles files;
    private final Function<String, Optional<TelemetryService.Latest>> telemetry;
    private final Clock clock;

    /**
     * Creates the signals.
     *
     * @param files holds the releases' SBOMs
     * @param telemetry a device's latest telemetry report, by device id
     */
    public PlatformLabelSignals(
            Transactor tx,
            ImageFiles files,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.files = Checks.notNull(files, "files");
        this.telemetry = Checks.notNull(telemetry, "telemetry");
        this.clock = Checks.notNull(clock, "clock");
    }

    @Override
    public List<OpenVulnerability> criticalVulnerabilities(String productId) {
        Optional<Product> found = tx.read(s -> s.products().findById(productId));
        if (found.isEmpty()) {
            return List.of();
        }
        String maker = found.get().orgId();
        Map<String, String> critical = new LinkedHashMap<>();
        List<Advisory> advisories = new ArrayList<>();
        Map<String, Instant> reported = craCases(maker);
        for (String doc : tx.read(s -> s.vulnerabilities().advisoryDocuments(maker))) {
            Advisory a = OsvParser.stored(doc);
            Optional<String> why = a.withdrawn() ? Optional.empty() : Criticality.why(a.json(), a.exploited());
            if (why.isEmpty() && !a.withdrawn() && reported.containsKey(a.id())) {
                why = Optional.of(
                        "actively exploited: reported under the CRA (case open since " + reported.get(a.id()) + ")");
            }
            if (why.isPresent()) {
                critical.put(a.id(), why.get());
                advisories.add(a);
            }
        }
        if (advisories.isEmpty()) {
            return List.of();
        }
        List<Release> inUse = releasesInUse(maker, productId);
        if (inUse.isEmpty()) {
            return List.of();
        }
        List<VexStatement> vex = tx.read(s -> s.vulnerabilities().vex(maker));
        AdvisoryIndex index = new AdvisoryIndex(advisories);
        // advisory id -> where it is found: "model version: purl, ..."
        Map<String, Set<String>> where = new LinkedHashMap<>();
        for (Release r : inUse) {
            Optional<List<Component>> components = sbom(r);
            if (components.isEmpty()) {
                continue;
            }
            for (AdvisoryIndex.Match m : index.matchAll(components.get())) {
                if (m.affected() && !declaredUnaffected(vex, m.advisory(), r)) {
                    where.computeIfAbsent(m.advisory().id(), k -> new LinkedHashSet<>())
                            .add(r.productModel() + " " + r.version() + ": "
                                    + m.component().purl().orElse(m.component().name()));
                }
            }
        }
        List<OpenVulnerability> out = new ArrayList<>();
        for (Advisory a : advisories) {
            Set<String> places = where.get(a.id());
            if (places != null) {
                List<String> shown = new ArrayList<>(places);
                String in = shown.size() <= 3
                        ? String.join(", ", shown)
                        : String.join(", ", shown.subList(0, 3)) + " and " + (shown.size() - 3) + " more";
                String ids = a.aliases().isEmpty() ? "" : "aka " + String.join(", ", a.aliases()) + "; ";
                Instant known = Criticality.knownSince(a.json(), clock.instant());
                Instant aware = reported.get(a.id());
                out.add(new OpenVulnerability(
                        a.id(),
                        aware != null && aware.isBefore(known) ? aware : known,
                        ids + critical.get(a.id()) + "; in " + in));
            }
        }
        out.sort(Comparator.comparing(OpenVulnerability::id));
        return out;
    }

    @Override
    public Optional<FleetIntegrity> fleetIntegrity(String productId) {
        List<AttestationRecord> latest = tx.read(s -> s.attestations().latestOfProduct(productId));
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        int bad = (int)
                latest.stream().filter(r -> r.status() == Tier.CONTRAINDICATED).count();
        return Optional.of(new FleetIntegrity(latest.size(), bad));
    }

    /**
     * The advisories of the manufacturer's open CRA cases of an actively exploited vulnerability, with the time the
     * manufacturer became aware of the exploitation (CRA Art. 14(1)): such an advisory counts as critical, and its fix
     * deadline runs from that awareness when it is earlier than the advisory's publication.
     */
    private Map<String, Instant> craCases(String maker) {
        Map<String, Instant> out = new HashMap<>();
        Optional<String> cursor = Optional.empty();
        do {
            PageRequest request = new PageRequest(cursor, PageRequest.MAX_LIMIT);
            Page<CraCase> page = tx.read(s -> s.cra().list(maker, request));
            for (CraCase c : page.items()) {
                if (c.open() && c.kind() == CraKind.VULNERABILITY) {
                    out.merge(c.subject(), c.awareAt(), (x, y) -> x.isBefore(y) ? x : y);
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        return out;
    }

    /** The product's most recently published release with an SBOM, and those its devices run. */
    private List<Release> releasesInUse(String maker, String productId) {
        List<Release> published = tx.read(s -> s.releases().published(maker)).stream()
                .filter(r -> r.productId().equals(productId) && r.sbomSha256().isPresent())
                .toList();
        if (published.isEmpty()) {
            return List.of();
        }
        Set<String> running = runningVersions(maker, productId);
        Release latest = published.stream()
                .max(Comparator.comparing(Release::publishedAt).thenComparing(Release::id))
                .orElseThrow();
        return published.stream()
                .filter(r -> r == latest || running.contains(r.version()))
                .toList();
    }

    /** The firmware versions that devices of the product report in their latest telemetry. */
    private Set<String> runningVersions(String maker, String productId) {
        Set<String> out = new HashSet<>();
        Optional<String> cursor = Optional.empty();
        do {
            PageRequest request = new PageRequest(cursor, PageRequest.MAX_LIMIT);
            Page<Device> page =
                    tx.read(s -> s.devices().list(maker, io.hallmark.server.identity.DeviceFilter.ANY, request));
            for (Device d : page.items()) {
                if (d.productId().equals(Optional.of(productId))) {
                    telemetry.apply(d.id()).map(l -> l.report().firmware()).ifPresent(out::add);
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        return out;
    }

    /** Whether a VEX statement about the advisory (by id or alias) declares this release not affected or fixed. */
    private static boolean declaredUnaffected(List<VexStatement> vex, Advisory a, Release r) {
        Set<String> ids = new HashSet<>(a.aliases());
        ids.add(a.id());
        return vex.stream()
                .anyMatch(v -> ids.contains(v.vulnerability())
                        && v.productName().equals(r.productModel())
                        && v.productVersion().equals(r.version())
                        && (v.status() == VexStatement.Status.NOT_AFFECTED || v.status() == VexStatement.Status.FIXED));
    }

    private Optional<List<Component>> sbom(Release r) {
        Optional<Path> f = files.find(r.orgId(), r.sbomSha256().orElseThrow());
        if (f.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CycloneDxComponents.read(Files.readAllBytes(f.get())));
        } catch (IOException | UntrustedInputException e) {
            // an SBOM that cannot be read shows nothing; the exposure view notes it
            return Optional.empty();
        }
    }
}
