/**
 * Vulnerability exposure: advisories (OSV, CSAF 2.0 VEX) matched against the components of release SBOMs
 * (CycloneDX). Pure parsing and matching, no I/O beyond the bytes handed in.
 *
 * <p>{@link io.hallmark.server.vuln.OsvParser} imports OSV records strictly and per record (a bad record is refused
 * with a message naming it, the others are kept); {@link io.hallmark.server.vuln.CsafVexParser} reads the product
 * statuses of a CSAF 2.0 document; {@link io.hallmark.server.vuln.CycloneDxComponents} reads an SBOM's components;
 * {@link io.hallmark.server.vuln.RangeMatcher} evaluates OSV ranges; {@link io.hallmark.server.vuln.AdvisoryIndex}
 * indexes advisories by package so that matching an SBOM is one lookup per component.
 */
package io.hallmark.server.vuln;
