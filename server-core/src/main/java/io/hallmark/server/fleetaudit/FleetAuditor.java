package io.hallmark.server.fleetaudit;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.User;
import io.hallmark.server.attestation.AttestationPolicy;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.audit.AuditEntry;
import io.hallmark.server.audit.AuditQuery;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.identity.CaRevocation;
import io.hallmark.server.identity.ConnectionLog;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.update.Release;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs every implemented check of the catalog over one organization and reconciles the findings: what a run sees
 * and was not open is a new finding; what is still seen keeps its first-seen time; what is no longer seen is
 * resolved. Suppressions in force turn what they cover into suppressed findings.
 *
 * <p>Devices are read in pages of {@value #PAGE} with one query for the certificates of the whole page; only the
 * SubjectPublicKeyInfo of a certificate is parsed. Each page's findings are written in their own transaction, so a
 * run's memory stays bounded whatever the fleet's size; the last transaction resolves what the run no longer saw.
 */
final class FleetAuditor {
    /** Devices per page. */
    static final int PAGE = 500;

    private final Transactor tx;
    private final FleetAuditSettings settings;
    private final DeviceChecks deviceChecks;
    private final OrganizationChecks orgChecks;
    private final Supplier<Map<String, X509Certificate>> authorities;
    private final Function<String, Map<String, X509Certificate>> orgAuthorities;
    private final Function<String, Optional<TelemetryService.Latest>> telemetry;
    private final Instant reportingSince;
    private final Function<String, List<Observation>> releaseChecks;
    private final PostureChecks postureChecks;
    private final ConnectionChecks connectionChecks;
    private final ConnectionLog connections;
    private final WeakKeyBlocklist weakKeys;

    /**
     * Creates the auditor.
     *
     * @param authorities every organization's CA certificates by vault alias
     * @param orgAuthorities one organization's CA certificates by vault alias
     * @param telemetry the latest telemetry of a device by id
     * @param reportingSince since when telemetry has been collected (the server's start)
     */
    FleetAuditor(
            Transactor tx,
            FleetAuditSettings settings,
            Supplier<Map<String, X509Certificate>> authorities,
            Function<String, Map<String, X509Certificate>> orgAuthorities,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            Instant reportingSince) {
        this(tx, settings, authorities, orgAuthorities, telemetry, reportingSince, orgId -> List.of());
    }

    /**
     * Creates the auditor with the checks of an organization's releases (known exploited vulnerabilities).
     *
     * @param releaseChecks an organization's release observations by organization id
     */
    FleetAuditor(
            Transactor tx,
            FleetAuditSettings settings,
            Supplier<Map<String, X509Certificate>> authorities,
            Function<String, Map<String, X509Certificate>> orgAuthorities,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            Instant reportingSince,
            Function<String, List<Observation>> releaseChecks) {
        this(
                tx,
                settings,
                authorities,
                orgAuthorities,
                telemetry,
                reportingSince,
                releaseChecks,
                new ConnectionLog(),
                WeakKeyBlocklist.EMPTY);
    }

    /**
     * Creates the auditor with the device listeners' recent connections (shared certificates, client id conflicts,
     * refused devices still connecting) and the operator's list of known-weak RSA keys.
     *
     * @param connections the recent connections of the device port and the MQTT broker
     * @param weakKeys the Debian OpenSSL keys (CVE-2008-0166) the operator provided
     */
    FleetAuditor(
            Transactor tx,
            FleetAuditSettings settings,
            Supplier<Map<String, X509Certificate>> authorities,
            Function<String, Map<String, X509Certificate>> orgAuthorities,
            Function<String, Optional<TelemetryService.Latest>> telemetry,
            Instant reportingSince,
            Function<String, List<Observation>> releaseChecks,
            ConnectionLog connections,
            WeakKeyBlocklist weakKeys) {
        this.weakKeys = Checks.notNull(weakKeys, "weakKeys");
        this.connections = Checks.notNull(connections, "connections");
        this.releaseChecks = Checks.notNull(releaseChecks, "releaseChecks");
        this.tx = Checks.notNull(tx, "tx");
        this.settings = Checks.notNull(settings, "settings");
        this.authorities = Checks.notNull(authorities, "authorities");
        this.orgAuthorities = Checks.notNull(orgAuthorities, "orgAuthorities");
        this.telemetry = Checks.notNull(telemetry, "telemetry");
        this.reportingSince = Checks.notNull(reportingSince, "reportingSince");
        this.deviceChecks = new DeviceChecks(settings);
        this.orgChecks = new OrganizationChecks(settings);
        this.postureChecks = new PostureChecks(settings);
        this.connectionChecks = new ConnectionChecks(settings);
    }

    /**
     * What one run reads once and keeps: owners' attestation intervals, products' published releases, the revoked
     * issuing CAs (of any organization: a device may hold a manufacturer's certificate).
     */
    private static final class RunCache {
        final Map<String, Duration> intervals = new HashMap<>();
        final Map<String, List<Release>> releases = new HashMap<>();
        Map<String, CaRevocation> revokedCas = Map.of();
    }

    /**
     * Audits {@code org} as of {@code now}; {@code finish} runs inside the last transaction with the tally (to
     * record the run in the audit log with the resolutions).
     */
    AuditRun run(Organization org, Instant now, BiConsumer<Stores, AuditRun> finish) {
        return run(org, now, finish, new ArrayList<>(), 0);
    }

    /**
     * Audits {@code org} as of {@code now} and adds the findings it opened (not suppressed), up to {@code keep}, to
     * {@code opened}: the ones a mitigation policy acts on.
     */
    AuditRun run(
            Organization org, Instant now, BiConsumer<Stores, AuditRun> finish, List<FleetFinding> opened, int keep) {
        String orgId = org.id();
        // findings seen by this run carry its id; what is left without it is resolved (times may repeat)
        String runId = Ids.newId("far");
        Map<String, Instant> issuers = authorities.get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().getNotAfter().toInstant()));
        List<Suppression> active = tx.read(s -> s.fleetAudit().suppressions(orgId)).stream()
                .filter(x -> x.isActive(now))
                .toList();
        long[] counts = new long[4]; // devices, seen, opened, suppressed
        Map<String, Long> perProduct = new HashMap<>();
        Optional<String> cursor = Optional.empty();
        RunCache cache = new RunCache();
        cache.revokedCas = tx.read(s -> s.caRevocations().all()).stream()
                .collect(Collectors.toMap(CaRevocation::caAlias, r -> r, (a, b) -> a));
        do {
            PageRequest request = new PageRequest(cursor, PAGE);
            Page<Device> page =
                    tx.read(s -> s.devices().list(orgId, io.hallmark.server.identity.DeviceFilter.ANY, request));
            List<Device> audited = page.items().stream()
                    .filter(d -> DeviceChecks.AUDITED.contains(d.state()))
                    .toList();
            List<Observation> seen = devicePage(audited, issuers, now, cache);
            audited.forEach(d -> d.productId().ifPresent(p -> perProduct.merge(p, 1L, Long::sum)));
            counts[0] += audited.size();
            reconcile(orgId, runId, seen, active, now, counts, opened, keep);
            cursor = page.next();
        } while (cursor.isPresent());
        List<Observation> orgSeen = organization(org, perProduct, now);
        reconcile(orgId, runId, orgSeen, active, now, counts, opened, keep);
        return tx.inTransaction(s -> {
            int resolved = s.fleetAudit().resolveUnseen(orgId, runId, now);
            AuditRun t = new AuditRun(orgId, now, counts[0], counts[1], counts[2], counts[3], resolved);
            finish.accept(s, t);
            return t;
        });
    }

    /**
     * The observations of one page of devices: one query for their certificates, one for their latest attestation
     * results.
     */
    List<Observation> devicePage(List<Device> devices, Map<String, Instant> issuers, Instant now, RunCache cache) {
        List<Observation> out = new ArrayList<>();
        if (devices.isEmpty()) {
            return out;
        }
        List<String> ids = devices.stream().map(Device::id).toList();
        Map<String, List<DeviceCertificate>> byDevice = tx
                .read(s -> s.deviceCertificates().forDevices(ids))
                .stream()
                .collect(Collectors.groupingBy(DeviceCertificate::deviceId));
        Map<String, AttestationRecord> attested = tx.read(s -> s.attestations().latestFor(ids)).stream()
                .collect(Collectors.toMap(AttestationRecord::deviceId, r -> r, (a, b) -> a));
        Instant connectedSince = now.minus(ConnectionLog.RETENTION);
        for (Device d : devices) {
            List<DeviceCertificate> certificates = byDevice.getOrDefault(d.id(), List.of());
            Optional<AttestationRecord> latest = Optional.ofNullable(attested.get(d.id()));
            Duration interval = cache.intervals.computeIfAbsent(
                    d.controller(), owner -> tx.read(s -> s.attestations().findPolicy(owner))
                            .orElse(AttestationPolicy.DEFAULT)
                            .interval());
            postureChecks.attestation(d, latest, interval, now).ifPresent(out::add);
            postureChecks.debug(d, latest).ifPresent(out::add);
            Optional<TelemetryService.Latest> report = telemetry.apply(d.id());
            postureChecks
                    .credentials(d, report.map(TelemetryService.Latest::report))
                    .ifPresent(out::add);
            if (d.productId().isPresent()) {
                List<Release> releases =
                        cache.releases.computeIfAbsent(d.productId().get(), this::publishedReleases);
                postureChecks
                        .firmware(d, report.map(l -> l.report().firmware()), releases, now)
                        .ifPresent(out::add);
            }
            if (!certificates.isEmpty()) {
                connectionChecks.connections(
                        d,
                        connections.since(
                                certificates.stream()
                                        .map(DeviceCertificate::sha256)
                                        .toList(),
                                connectedSince),
                        out);
            }
            DeviceChecks.latestOperational(certificates).ifPresent(c -> {
                deviceChecks.certificate(d, c, issuers, now, out);
                byte[] spki;
                try {
                    spki = Spki.of(c.der());
                } catch (IllegalArgumentException e) {
                    spki = new byte[0];
                }
                deviceChecks.key(d, spki, out);
            });
            deviceChecks.debianWeak(d, certificates, weakKeys, out);
            deviceChecks.issuerRevoked(d, certificates, cache.revokedCas, out);
            deviceChecks.telemetry(d, report, reportingSince, now, out);
        }
        return out;
    }

    /** The published releases of product {@code productId} (its manufacturer's). */
    private List<Release> publishedReleases(String productId) {
        return tx.read(s -> s.products()
                .findById(productId)
                .map(p -> s.releases().published(p.orgId()).stream()
                        .filter(r -> r.productId().equals(productId))
                        .toList())
                .orElse(List.of()));
    }

    private List<Observation> organization(Organization org, Map<String, Long> perProduct, Instant now) {
        List<Observation> out = new ArrayList<>();
        List<User> users = tx.read(s -> allUsers(s, org.id()));
        orgChecks.admins(org.id(), org.name(), users).ifPresent(out::add);
        for (User u : users) {
            if (u.disabled()) {
                continue;
            }
            List<ApiToken> tokens = tx.read(s -> s.tokens().listByUser(u.id()));
            tokens.forEach(t -> orgChecks.token(u, t, now).ifPresent(out::add));
        }
        orgChecks.auditVerified(lastVerified(), now).ifPresent(out::add);
        Map<String, X509Certificate> cas = orgAuthorities.apply(org.id());
        out.addAll(orgChecks.caExpiring(cas, now));
        out.addAll(orgChecks.caKeys(cas, weakKeys));
        out.addAll(releaseChecks.apply(org.id()));
        for (Map.Entry<String, Long> e : perProduct.entrySet()) {
            tx.read(s -> s.products().findById(e.getKey()))
                    .flatMap(p -> orgChecks.supportEnded(
                            p, e.getValue(), now.atZone(ZoneOffset.UTC).toLocalDate()))
                    .ifPresent(out::add);
        }
        return out;
    }

    /** When the audit chain was last verified successfully (the chain is the platform's, whoever verified it). */
    private Optional<Instant> lastVerified() {
        AuditQuery q = new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.of("audit.verify"),
                Optional.of(Outcome.SUCCESS),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return tx.read(s -> s.audit().list(q, PageRequest.first(1))).items().stream()
                .findFirst()
                .map(AuditEntry::time);
    }

    private static List<User> allUsers(Stores s, String orgId) {
        List<User> all = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<User> page = s.users().list(Optional.of(orgId), new PageRequest(cursor, PageRequest.MAX_LIMIT));
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor.isPresent());
        return all;
    }

    private void reconcile(
            String orgId,
            String runId,
            List<Observation> seen,
            List<Suppression> active,
            Instant now,
            long[] counts,
            List<FleetFinding> opened,
            int keep) {
        if (seen.isEmpty()) {
            return;
        }
        Set<String> resources = seen.stream().map(o -> o.resource().id()).collect(Collectors.toSet());
        tx.inTransaction(s -> {
            Map<String, FleetFinding> open = new HashMap<>();
            for (FleetFinding f : s.fleetAudit().unresolved(orgId, resources)) {
                open.put(key(f.checkId(), f.resource().id()), f);
            }
            List<FleetFinding> inserts = new ArrayList<>();
            List<FleetFinding> updates = new ArrayList<>();
            for (Observation o : seen) {
                boolean suppressed = active.stream()
                        .anyMatch(x -> x.covers(o.check().id(), o.resource().id(), now));
                FindingState state = suppressed ? FindingState.SUPPRESSED : FindingState.OPEN;
                FleetFinding before = open.get(key(o.check().id(), o.resource().id()));
                if (before != null) {
                    updates.add(before.seenAgain(o, state, now));
                } else {
                    inserts.add(new FleetFinding(
                            Ids.newId("faf"),
                            orgId,
                            o.check().id(),
                            o.check().severity(),
                            o.resource(),
                            o.expected(),
                            o.actual(),
                            now,
                            now,
                            state,
                            Optional.empty()));
                }
                counts[1]++;
                if (suppressed) {
                    counts[3]++;
                }
            }
            counts[2] += inserts.size();
            for (FleetFinding f : inserts) {
                if (opened.size() < keep && f.state() == FindingState.OPEN) {
                    opened.add(f);
                }
            }
            s.fleetAudit().insertAll(inserts, runId);
            s.fleetAudit().updateAll(updates, runId);
            return null;
        });
    }

    private static String key(String checkId, String resourceId) {
        return checkId + '\n' + resourceId;
    }

    /** The settings this auditor applies. */
    FleetAuditSettings settings() {
        return settings;
    }
}
