package io.hallmark.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the server is and how to talk to it, resolved by {@link ConnectionOptions}.
 *
 * @param url the server's base URL, e.g. {@code https://127.0.0.1:8443}
 * @param token the bearer token, trimmed; empty when none was found
 * @param caFile the PEM file of the CA to trust; empty for the JDK's default trust
 */
record Connection(URI url, Optional<String> token, Optional<Path> caFile) {
    @Override
    public String toString() {
        // never the token itself
        return "Connection[url=" + url + ", token=" + (token.isPresent() ? "***" : "none") + ", caFile="
                + caFile.map(Path::toString).orElse("none") + "]";
    }
}
