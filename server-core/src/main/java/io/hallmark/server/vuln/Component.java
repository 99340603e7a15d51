package io.hallmark.server.vuln;

import java.util.Optional;

/**
 * One component of an SBOM, as matching needs it.
 *
 * @param name the component's name
 * @param version the component's version, or empty
 * @param purl the component's package URL, if given
 */
public record Component(String name, String version, Optional<String> purl) {}
