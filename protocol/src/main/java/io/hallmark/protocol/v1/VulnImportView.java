package io.hallmark.protocol.v1;

import java.util.List;

/**
 * The outcome of importing one advisory document.
 *
 * @param kind {@code osv} or {@code csaf}
 * @param accepted how many records (OSV) or product statuses (CSAF) were imported
 * @param refused one line per refused record: which, and why
 * @param advisories how many advisories the organization now holds
 */
public record VulnImportView(String kind, int accepted, List<String> refused, long advisories) {}
