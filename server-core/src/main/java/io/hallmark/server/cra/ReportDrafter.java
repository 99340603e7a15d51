package io.hallmark.server.cra;

import io.hallmark.protocol.v1.CraReportView;
import io.hallmark.protocol.v1.VulnExposureView;
import io.hallmark.server.update.Release;
import io.hallmark.server.vuln.AdvisoryRating;
import io.hallmark.server.vuln.ReleaseExposure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drafts a report from what the platform knows: affected products and versions and the devices running them (the
 * vulnerability exposure, or the incident's devices), the advisory's ids and CVSS, corrective measures (the fixing
 * release) and the rollouts delivering them. Pure: everything is handed in.
 *
 * <p>What the regulation asks each stage to contain (Art. 14(2) and 14(4)) is stated in {@code requirements}; what
 * the platform cannot know (where devices are, the root cause) is left for a person and said so in {@code notes}.
 */
public final class ReportDrafter {
    /** What the platform says about countries: it keeps no location of devices. */
    public static final String COUNTRIES_UNKNOWN = "unknown";

    private ReportDrafter() {}

    /**
     * What a report is drafted from.
     *
     * @param c the case
     * @param stage which report
     * @param orgName the manufacturer's name
     * @param now when the draft is made
     * @param deadlines the case's deadlines
     * @param exposures the exposure of the case's advisory (vulnerability cases), one per affected release
     * @param incident the behaviour incident (incident cases)
     * @param rollouts rollouts of the fixing releases
     */
    public record Input(
            CraCase c,
            CraStage stage,
            String orgName,
            Instant now,
            List<Deadlines.Deadline> deadlines,
            List<ReleaseExposure> exposures,
            Optional<CraFacts.Incident> incident,
            List<CraFacts.Rollout> rollouts) {}

    /** The draft. */
    public static CraReportView draft(Input in) {
        CraCase c = in.c();
        Deadlines.Deadline d = Deadlines.of(in.deadlines(), in.stage());
        List<String> notes = new ArrayList<>();
        List<CraReportView.Product> products = new ArrayList<>();
        List<String> mitigations = new ArrayList<>();
        CraReportView.Vulnerability vulnerability = null;
        CraReportView.Incident incident = null;
        long devices = 0;
        Map<String, Release> fixing = new LinkedHashMap<>();
        if (c.kind() == CraKind.VULNERABILITY) {
            if (in.exposures().isEmpty()) {
                notes.add("the advisory " + c.subject() + " affects no published release of the organization now");
                vulnerability =
                        new CraReportView.Vulnerability(c.subject(), List.of(), "", false, List.of(), null, "unknown");
            } else {
                VulnExposureView.Advisory a = in.exposures().get(0).advisory();
                AdvisoryRating r = in.exposures().get(0).rating();
                vulnerability = new CraReportView.Vulnerability(
                        a.id(),
                        a.aliases(),
                        a.summary(),
                        a.exploited(),
                        r.cvss(),
                        r.baseScore().orElse(null),
                        r.severity());
                if (!a.exploited()) {
                    notes.add("the advisory does not say the vulnerability is actively exploited; Art. 14(1) applies"
                            + " to actively exploited vulnerabilities");
                }
                if (r.cvss().isEmpty()) {
                    notes.add("the advisory gives no CVSS vector");
                }
            }
            for (ReleaseExposure e : in.exposures()) {
                Release rel = e.release();
                products.add(new CraReportView.Product(
                        rel.productModel(),
                        rel.version(),
                        rel.id(),
                        e.affected().devices(),
                        e.affected().components()));
                devices += e.affected().devices();
                if (e.fixedBy().isPresent()) {
                    Release f = e.fixedBy().get();
                    fixing.put(f.id(), f);
                    mitigations.add("release " + f.productModel() + " " + f.version() + " (" + f.id() + ", published "
                            + f.publishedAt() + ") is not affected: update " + rel.productModel() + " "
                            + rel.version() + " to it");
                } else {
                    notes.add("no published release of " + rel.productModel() + " fixes it yet (" + rel.version()
                            + " affected)");
                }
            }
            if (c.fixAvailableAt().isPresent() && fixing.isEmpty()) {
                mitigations.add("a corrective or mitigating measure has been available since "
                        + c.fixAvailableAt().get());
            }
        } else {
            Optional<CraFacts.Incident> i = in.incident();
            if (i.isEmpty()) {
                notes.add("the behaviour incident " + c.subject() + " is no longer stored");
            } else {
                CraFacts.Incident x = i.get();
                incident = new CraReportView.Incident(
                        x.id(),
                        x.kind().toLowerCase(java.util.Locale.ROOT),
                        x.subject(),
                        x.severity().toLowerCase(java.util.Locale.ROOT),
                        x.state().toLowerCase(java.util.Locale.ROOT),
                        x.openedAt().toString(),
                        x.alerts(),
                        x.devices());
                for (CraFacts.ProductCount p : x.products()) {
                    products.add(new CraReportView.Product(p.model(), "unknown", null, p.devices(), List.of()));
                }
                devices = x.devices();
                notes.add("firmware versions of the incident's devices are not recorded with its alerts");
            }
            if (c.fixAvailableAt().isPresent()) {
                mitigations.add("a corrective or mitigating measure has been available since "
                        + c.fixAvailableAt().get());
            }
        }
        Map<String, Release> byId = new HashMap<>(fixing);
        List<CraReportView.Rollout> rollouts = new ArrayList<>();
        for (CraFacts.Rollout r : in.rollouts()) {
            Release rel = byId.get(r.releaseId());
            rollouts.add(new CraReportView.Rollout(
                    r.id(),
                    r.releaseId(),
                    rel == null ? null : rel.version(),
                    r.state().toLowerCase(java.util.Locale.ROOT),
                    r.total(),
                    r.installed(),
                    r.failed()));
        }
        if (!fixing.isEmpty() && rollouts.isEmpty()) {
            notes.add("no rollout delivers the fixing release yet");
        }
        notes.add("countries: the platform holds no location of devices; the Member States concerned are to be"
                + " given by a person");
        if (in.stage() == CraStage.FINAL) {
            notes.add("root cause and the details of the measures taken are to be written by a person");
        }
        return new CraReportView(
                CraReportView.SCHEMA,
                c.id(),
                in.stage().wire(),
                "draft",
                in.now().toString(),
                null,
                null,
                new CraReportView.Organization(c.orgId(), in.orgName()),
                c.kind().wire(),
                c.awareAt().toString(),
                d.due().map(Instant::toString).orElse(null),
                d.basis(),
                requirements(c.kind(), in.stage()),
                c.summary(),
                vulnerability,
                incident,
                products,
                devices,
                COUNTRIES_UNKNOWN,
                mitigations,
                rollouts,
                notes);
    }

    /** What Art. 14 asks the stage to contain, in short. */
    static String requirements(CraKind kind, CraStage stage) {
        boolean v = kind == CraKind.VULNERABILITY;
        return switch (stage) {
            case EARLY_WARNING ->
                v
                        ? "Art. 14(2)(a): early warning; where applicable, the Member States on whose territory the"
                                + " product is made available"
                        : "Art. 14(4)(a): early warning, including whether the incident is suspected of being caused"
                                + " by unlawful or malicious acts, and the Member States concerned";
            case NOTIFICATION ->
                v
                        ? "Art. 14(2)(b): general information about the product, the general nature of the exploit"
                                + " and of the vulnerability, corrective or mitigating measures taken and users can take,"
                                + " and how sensitive the information is"
                        : "Art. 14(4)(b): the nature of the incident, an initial assessment, corrective or mitigating"
                                + " measures taken and users can take, and how sensitive the information is";
            case FINAL ->
                v
                        ? "Art. 14(2)(c): a description of the vulnerability with its severity and impact, information"
                                + " on any malicious actor exploiting it where available, and the security update or"
                                + " other corrective measures made available"
                        : "Art. 14(4)(c): a detailed description of the incident with its severity and impact, the"
                                + " type of threat or root cause, and the mitigation measures applied and ongoing";
        };
    }
}
