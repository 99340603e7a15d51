package io.hallmark.protocol.v1;

import java.util.List;

/**
 * A Cyber Resilience Act report, drafted from what the platform knows or as submitted: the JSON export, schema
 * {@code hallmark-cra-report/1} (docs/cra.md). Times are RFC 3339 text in UTC. ENISA's single reporting platform
 * publishes no machine-readable schema, so this is Hallmark's own; fields are only ever added within version 1.
 *
 * @param schema always {@code hallmark-cra-report/1}
 * @param caseId the case
 * @param stage early-warning, notification or final
 * @param status draft or submitted
 * @param generatedAt when this text was drafted
 * @param submittedAt when it was recorded as submitted, or null
 * @param submittedBy who recorded it, or null
 * @param manufacturer the manufacturer's organization
 * @param kind vulnerability or incident
 * @param awareAt when the manufacturer became aware
 * @param due this stage's deadline, or null while its window has not started
 * @param basis what the deadline is counted from
 * @param requirements what the regulation asks this stage to contain
 * @param summary the case's summary
 * @param vulnerability the vulnerability, for a vulnerability case
 * @param incident the incident, for an incident case
 * @param products affected products and versions with the devices running them
 * @param devices devices affected in all
 * @param countries where the affected devices are: {@code unknown} when the platform holds no location
 * @param mitigations corrective measures available
 * @param rollouts update rollouts of the fixing release
 * @param notes what the platform could not establish
 */
public record CraReportView(
        String schema,
        String caseId,
        String stage,
        String status,
        String generatedAt,
        String submittedAt,
        String submittedBy,
        Organization manufacturer,
        String kind,
        String awareAt,
        String due,
        String basis,
        String requirements,
        String summary,
        Vulnerability vulnerability,
        Incident incident,
        List<Product> products,
        long devices,
        String countries,
        List<String> mitigations,
        List<Rollout> rollouts,
        List<String> notes) {
    /** The schema name of this version. */
    public static final String SCHEMA = "hallmark-cra-report/1";

    /** This report as submitted at {@code at} (RFC 3339) by the user {@code by}. */
    public CraReportView submitted(String at, String by) {
        return new CraReportView(
                schema,
                caseId,
                stage,
                "submitted",
                generatedAt,
                at,
                by,
                manufacturer,
                kind,
                awareAt,
                due,
                basis,
                requirements,
                summary,
                vulnerability,
                incident,
                products,
                devices,
                countries,
                mitigations,
                rollouts,
                notes);
    }

    /**
     * The manufacturer.
     *
     * @param id organization id
     * @param name organization name
     */
    public record Organization(String id, String name) {}

    /**
     * The vulnerability.
     *
     * @param advisory the advisory id
     * @param aliases its other ids (CVE)
     * @param title its summary
     * @param exploited whether the advisory says it is known to be exploited
     * @param cvss the CVSS vectors, with v3 base scores
     * @param baseScore the highest CVSS v3 base score, or null
     * @param severity low, medium, high, critical or unknown
     */
    public record Vulnerability(
            String advisory,
            List<String> aliases,
            String title,
            boolean exploited,
            List<String> cvss,
            Double baseScore,
            String severity) {}

    /**
     * The incident.
     *
     * @param id the behaviour incident id
     * @param kind device or fleet
     * @param subject the device or the destination
     * @param severity its severity
     * @param state open, acknowledged or resolved
     * @param openedAt when it began
     * @param alerts alerts in it
     * @param devices devices in it
     */
    public record Incident(
            String id,
            String kind,
            String subject,
            String severity,
            String state,
            String openedAt,
            long alerts,
            long devices) {}

    /**
     * An affected product version.
     *
     * @param product the product model
     * @param version the firmware version, or {@code unknown}
     * @param release the release id, or null
     * @param devices devices running it
     * @param components the affected components' purls
     */
    public record Product(String product, String version, String release, long devices, List<String> components) {}

    /**
     * An update rollout of the fixing release.
     *
     * @param id rollout id
     * @param release the release it delivers
     * @param version its version
     * @param state running, paused, cancelled or completed
     * @param total devices in it
     * @param installed devices that installed it
     * @param failed devices that failed or rolled back
     */
    public record Rollout(
            String id, String release, String version, String state, long total, long installed, long failed) {}
}
