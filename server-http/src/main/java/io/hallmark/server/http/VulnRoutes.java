package io.hallmark.server.http;

import static io.hallmark.server.access.Permission.VULN_IMPORT;
import static io.hallmark.server.access.Permission.VULN_READ;

import io.hallmark.protocol.v1.VulnExposureView;
import io.hallmark.protocol.v1.VulnImportView;
import java.util.Set;

/** Vulnerability exposure's routes ({@code docs/vulnerabilities.md}): import advisories, read the exposure. */
final class VulnRoutes {
    private VulnRoutes() {}

    static void define(ApiRoutes r, ApiServices s) {
        r.route(
                "POST",
                "/api/v1/vulnerabilities/imports",
                "importVulnerabilities",
                "Import one advisory document (the JSON as body; ?name= for messages, ?org=): OSV records, or CSAF 2.0"
                        + " VEX; bad records are refused one by one",
                Set.of(VULN_IMPORT),
                null,
                VulnImportView.class,
                200,
                true,
                (ctx, c) -> s.vulnerabilities()
                        .importDocument(c, ctx.queryParam("org"), ctx.queryParam("name"), ctx.bodyInputStream()));
        r.route(
                "GET",
                "/api/v1/vulnerabilities/exposure",
                "getVulnerabilityExposure",
                "Per advisory, the organization's releases whose SBOM holds an affected component, with their devices",
                Set.of(VULN_READ),
                null,
                VulnExposureView.class,
                200,
                false,
                (ctx, c) -> s.vulnerabilities().exposure(c, ctx.queryParam("org")));
    }
}
