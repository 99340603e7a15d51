package io.hallmark.server.update;

import io.hallmark.core.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A firmware release of a manufacturer's product: its image, SBOM and reference measurements, published as one
 * entry of the manufacturer's TUF targets. Immutable once published; revocation removes it from the targets and is
 * recorded here.
 *
 * @param id {@code rel_...}
 * @param orgId the manufacturer
 * @param productId the product
 * @param productModel the product's model, as at publication
 * @param version the release's version, unique within the product
 * @param targetPath the TUF target path ({@code <model>/<version>/<image name>})
 * @param imageSha256 the image's SHA-256, lowercase hex
 * @param imageLength the image's length in bytes
 * @param sbomSha256 the CycloneDX SBOM's SHA-256, if one was published
 * @param measurements the reference measurements: name to lowercase hex digest
 * @param hardware the hardware revisions the image runs on (empty: all of the product's)
 * @param security whether this is a security release
 * @param state published, pending signatures or revoked
 * @param publishedBy the user who published it
 * @param publishedAt when
 * @param revocation the revocation, once revoked
 */
public record Release(
        String id,
        String orgId,
        String productId,
        String productModel,
        String version,
        String targetPath,
        String imageSha256,
        long imageLength,
        Optional<String> sbomSha256,
        SortedMap<String, String> measurements,
        List<String> hardware,
        boolean security,
        State state,
        String publishedBy,
        Instant publishedAt,
        Optional<Revocation> revocation) {

    /** Checks and copies the fields. */
    public Release {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(productId, "productId");
        Checks.notBlank(version, "version");
        Checks.notBlank(targetPath, "targetPath");
        Checks.check(imageSha256.matches("[0-9a-f]{64}"), "imageSha256", imageSha256, "64 hex digits");
        Checks.check(imageLength >= 0, "imageLength", imageLength, ">= 0");
        Checks.notNull(sbomSha256, "sbomSha256");
        measurements = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(measurements));
        hardware = List.copyOf(hardware);
        Checks.notNull(state, "state");
        Checks.notNull(publishedAt, "publishedAt");
        Checks.notNull(revocation, "revocation");
        Checks.check(
                (state == State.REVOKED) == revocation.isPresent(), "revocation", revocation, "present iff revoked");
    }

    /** The life of a release. */
    public enum State {
        /** In the targets metadata: devices may install it. */
        PUBLISHED,
        /**
         * In its product role's next version, which awaits the release managers' offline signatures (TUF §4.5
         * threshold): not yet in any metadata a device trusts, and not assigned to devices.
         */
        PENDING,
        /** Removed from the targets metadata: devices are told not to install it. */
        REVOKED
    }

    /**
     * Why and when a release was revoked.
     *
     * @param revokedBy the user
     * @param at when
     * @param reason why, shown to operators
     */
    public record Revocation(String revokedBy, Instant at, String reason) {}

    /** This release, in state {@code next} (no revocation). */
    Release inState(State next) {
        return with(next, Optional.empty());
    }

    /** This release, revoked. */
    public Release revoked(Revocation r) {
        return with(State.REVOKED, Optional.of(r));
    }

    private Release with(State next, Optional<Revocation> revocation) {
        return new Release(
                id,
                orgId,
                productId,
                productModel,
                version,
                targetPath,
                imageSha256,
                imageLength,
                sbomSha256,
                measurements,
                hardware,
                security,
                next,
                publishedBy,
                publishedAt,
                revocation);
    }
}
