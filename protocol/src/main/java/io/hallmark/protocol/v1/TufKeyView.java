package io.hallmark.protocol.v1;

import java.util.Map;

/**
 * A new online key of a manufacturer's TUF repository, made in the server's vault; it signs once a root names it.
 *
 * @param role {@code targets}, {@code snapshot} or {@code timestamp}; or {@code product-<dir>}, a product's delegated
 *     role whose key was replaced
 * @param keyId its TUF key id
 * @param key the TUF key object ({@code keytype}, {@code scheme}, {@code keyval})
 */
public record TufKeyView(String role, String keyId, Map<String, Object> key) {}
