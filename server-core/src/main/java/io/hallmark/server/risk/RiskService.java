package io.hallmark.server.risk;

import io.hallmark.core.Checks;
import io.hallmark.protocol.v1.RiskDeviceView;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vuln.ReleaseExposure;
import io.hallmark.server.vuln.VulnService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;

/**
 * The organization's devices by risk score, worst first (docs/risk-score.md). Reading needs
 * {@link Permission#RISK_READ}.
 *
 * <p>Set-wise: the exposure is computed once per request (per product and firmware version), then the devices are
 * read a page of {@value #BATCH} at a time with three grouped queries per page (findings, alerts, attestation); only
 * the page asked for is kept in memory (a bounded heap), so a listing costs one pass over the fleet and
 * {@code 1 + 3 x devices / 500} queries, however large the fleet.
 */
public final class RiskService {
    static final int BATCH = PageRequest.MAX_LIMIT;

    private final Transactor tx;
    private final Guard guard;
    private final AccessService access;
    private final VulnService vulnerabilities;
    private final Function<String, Optional<TelemetryService.Latest>> telemetry;

    /** Creates the service; {@code telemetry} gives devices' latest reports (their firmware version). */
    public RiskService(
            Transactor tx,
            Guard guard,
            AccessService access,
            VulnService vulnerabilities,
            Function<String, Optional<TelemetryService.Latest>> telemetry) {
        this.tx = Checks.notNull(tx, "tx");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.vulnerabilities = Checks.notNull(vulnerabilities, "vulnerabilities");
        this.telemetry = Checks.notNull(telemetry, "telemetry");
    }

    private record Scored(RiskDeviceView view) {
        int score() {
            return view.score();
        }

        String id() {
            return view.device();
        }
    }

    private static final Comparator<Scored> WORST_FIRST =
            Comparator.comparingInt(Scored::score).reversed().thenComparing(Scored::id);

    /** One page of the devices of {@code orgRef} (null: the caller's), worst first. */
    public Page<RiskDeviceView> devices(Caller caller, String orgRef, PageRequest page) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        Organization org =
                access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
        guard.check(caller, Permission.RISK_READ, org.id(), "risk.read", org.id());
        Optional<RiskCursor> after = page.after().map(RiskCursor::parse);
        Map<String, RiskScore.Exposure> exposure = exposure(org.id());
        // the limit + 1 worst after the cursor; the heap's head is the one that sorts last
        PriorityQueue<Scored> best = new PriorityQueue<>(WORST_FIRST.reversed());
        Optional<String> cursor = Optional.empty();
        do {
            PageRequest request = new PageRequest(cursor, BATCH);
            Page<Device> devices =
                    tx.read(s -> s.devices().list(org.id(), io.hallmark.server.identity.DeviceFilter.ANY, request));
            for (Scored x : score(org.id(), devices.items(), exposure)) {
                if (after.isPresent() && !after.get().isBefore(x.score(), x.id())) {
                    continue;
                }
                best.add(x);
                if (best.size() > page.limit() + 1) {
                    best.poll();
                }
            }
            cursor = devices.next();
        } while (cursor.isPresent());
        List<Scored> sorted = new ArrayList<>(best);
        sorted.sort(WORST_FIRST);
        return Page.of(
                sorted.stream().map(Scored::view).toList(), page.limit(), v -> new RiskCursor(v.score(), v.device())
                        .toString());
    }

    private List<Scored> score(String orgId, List<Device> devices, Map<String, RiskScore.Exposure> exposure) {
        if (devices.isEmpty()) {
            return List.of();
        }
        List<String> ids = devices.stream().map(Device::id).toList();
        Map<String, RiskScore.Counts> findings = new HashMap<>();
        Map<String, RiskScore.Counts> alerts = new HashMap<>();
        Map<String, String> attestation = new HashMap<>();
        tx.read(s -> {
            for (RiskStore.Count c : s.risk().openFindings(orgId, ids)) {
                findings.merge(c.deviceId(), RiskScore.Counts.NONE.plus(c.severity(), c.count()), RiskService::sum);
            }
            for (RiskStore.Count c : s.risk().openAlerts(ids)) {
                alerts.merge(c.deviceId(), RiskScore.Counts.NONE.plus(c.severity(), c.count()), RiskService::sum);
            }
            for (RiskStore.Status st : s.risk().attestations(ids)) {
                attestation.put(st.deviceId(), st.status());
            }
            return null;
        });
        List<Scored> out = new ArrayList<>();
        for (Device d : devices) {
            Optional<String> fw = telemetry.apply(d.id()).map(l -> l.report().firmware());
            RiskScore.Exposure e = d.productId().isPresent() && fw.isPresent()
                    ? exposure.getOrDefault(d.productId().get() + "\u0000" + fw.get(), RiskScore.Exposure.NONE)
                    : RiskScore.Exposure.NONE;
            RiskScore.Result r = RiskScore.score(
                    findings.getOrDefault(d.id(), RiskScore.Counts.NONE),
                    alerts.getOrDefault(d.id(), RiskScore.Counts.NONE),
                    attestation(attestation.get(d.id())),
                    e);
            out.add(new Scored(new RiskDeviceView(
                    d.id(),
                    d.serial(),
                    d.productId().orElse(null),
                    fw.orElse(null),
                    r.score(),
                    r.factors().stream()
                            .map(f -> new RiskDeviceView.Factor(f.factor(), f.detail(), f.points()))
                            .toList())));
        }
        return out;
    }

    private static RiskScore.Counts sum(RiskScore.Counts a, RiskScore.Counts b) {
        return new RiskScore.Counts(
                a.critical() + b.critical(), a.high() + b.high(), a.medium() + b.medium(), a.low() + b.low());
    }

    static RiskScore.Attestation attestation(String status) {
        if (status == null) {
            return RiskScore.Attestation.UNKNOWN;
        }
        return switch (status) {
            case "CONTRAINDICATED" -> RiskScore.Attestation.CONTRAINDICATED;
            case "WARNING" -> RiskScore.Attestation.WARNING;
            case "AFFIRMING" -> RiskScore.Attestation.AFFIRMING;
            default -> RiskScore.Attestation.UNKNOWN;
        };
    }

    /** Per product and firmware version: the advisories affecting that release, each counted once. */
    private Map<String, RiskScore.Exposure> exposure(String orgId) {
        Map<String, Set<String>> seen = new HashMap<>();
        Map<String, RiskScore.Exposure> out = new HashMap<>();
        for (ReleaseExposure e : vulnerabilities.releaseExposures(orgId)) {
            String key = e.release().productId() + "\u0000" + e.release().version();
            if (!seen.computeIfAbsent(key, k -> new HashSet<>())
                    .add(e.advisory().id())) {
                continue;
            }
            RiskScore.Exposure x = out.getOrDefault(key, RiskScore.Exposure.NONE);
            String sev = e.rating().severity();
            out.put(
                    key,
                    e.advisory().exploited()
                            ? new RiskScore.Exposure(x.exploited() + 1, x.critical(), x.high())
                            : sev.equals("critical")
                                    ? new RiskScore.Exposure(x.exploited(), x.critical() + 1, x.high())
                                    : sev.equals("high")
                                            ? new RiskScore.Exposure(x.exploited(), x.critical(), x.high() + 1)
                                            : x);
        }
        return out;
    }
}
