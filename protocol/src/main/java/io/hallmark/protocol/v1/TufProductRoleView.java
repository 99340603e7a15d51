package io.hallmark.protocol.v1;

import java.util.List;

/**
 * A product's delegated TUF role (TUF §4.5): the keys the top-level targets name for it and the version awaiting the
 * release managers' offline signatures, if any.
 *
 * @param product the product id
 * @param role {@code product-<dir>}
 * @param version the version devices are served
 * @param keyIds the key ids the top-level targets name for the role
 * @param threshold how many of them must sign a version
 * @param offline whether its new versions are signed offline by release managers
 * @param pendingVersion the version awaiting signatures, or null
 * @param pendingKeyIds the keys that must sign it
 * @param pendingThreshold how many of them
 * @param signedBy the key ids whose valid signatures it holds so far
 */
public record TufProductRoleView(
        String product,
        String role,
        int version,
        List<String> keyIds,
        int threshold,
        boolean offline,
        Integer pendingVersion,
        List<String> pendingKeyIds,
        int pendingThreshold,
        List<String> signedBy) {}
