package io.hallmark.protocol.v1;

import java.util.List;

/**
 * The vulnerability exposure of an organization's releases: per advisory, the releases whose SBOM holds an affected
 * component and the devices running them.
 *
 * @param advisories the advisories affecting at least one release, exploited ones first
 * @param notes what could not be decided (unknown version orders, GIT commits not listed), one line each
 * @param releases how many published releases with an SBOM were matched
 * @param devices where devices' running versions come from
 */
public record VulnExposureView(List<Advisory> advisories, List<String> notes, int releases, String devices) {
    /**
     * One advisory's exposure.
     *
     * @param id the advisory id
     * @param aliases its aliases (CVE ids, ...)
     * @param summary its summary
     * @param exploited whether it is known to be exploited
     * @param releases the affected releases
     * @param vex releases a VEX statement declares not affected or fixed, as {@code model version: status}
     */
    public record Advisory(
            String id,
            List<String> aliases,
            String summary,
            boolean exploited,
            List<Release> releases,
            List<String> vex) {}

    /**
     * An affected release.
     *
     * @param id the release id
     * @param product the product model
     * @param version the release version
     * @param components the affected components' purls
     * @param devices how many devices run it (their latest telemetry's firmware version equals it)
     * @param fixedIn the first later release of the product that the advisory does not affect, or null
     */
    public record Release(
            String id, String product, String version, List<String> components, long devices, String fixedIn) {}
}
