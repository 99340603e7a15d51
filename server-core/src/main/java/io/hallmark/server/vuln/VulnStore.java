package io.hallmark.server.vuln;

import java.util.List;

/** Port: an organization's imported advisories and VEX statements. */
public interface VulnStore {
    /** Stores the advisories, replacing those with the same id. */
    void putAdvisories(String orgId, List<Advisory> advisories, java.time.Instant importedAt);

    /** The organization's advisories as imported (the records' JSON). */
    List<String> advisoryDocuments(String orgId);

    /** How many advisories the organization holds. */
    long countAdvisories(String orgId);

    /** Stores the statements, replacing those about the same vulnerability, product name and version. */
    void putVex(String orgId, List<VexStatement> statements, java.time.Instant importedAt);

    /** The organization's VEX statements. */
    List<VexStatement> vex(String orgId);
}
