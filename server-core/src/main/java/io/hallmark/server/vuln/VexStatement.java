package io.hallmark.server.vuln;

import java.util.Optional;

/**
 * One product status of a CSAF 2.0 document (CSAF 2.0 §3.2.3.9 "Product Status"): a vulnerability's status for one
 * product.
 *
 * @param vulnerability the CVE, or the document's first vulnerability id
 * @param productId the CSAF product id
 * @param fullName the product's full name
 * @param productName the {@code product_name} branch above the product, or empty
 * @param productVersion the {@code product_version} branch above the product, or empty
 * @param purl the product's purl ({@code product_identification_helper.purl}), if given
 * @param status the status
 */
public record VexStatement(
        String vulnerability,
        String productId,
        String fullName,
        String productName,
        String productVersion,
        Optional<String> purl,
        Status status) {

    /** The statuses, grouped as VEX uses them (CSAF 2.0 §3.2.3.9.1-9). */
    public enum Status {
        /** {@code known_affected}, {@code first_affected}, {@code last_affected}. */
        AFFECTED,
        /** {@code known_not_affected}. */
        NOT_AFFECTED,
        /** {@code fixed}, {@code first_fixed}. */
        FIXED,
        /** {@code under_investigation}. */
        UNDER_INVESTIGATION
    }
}
