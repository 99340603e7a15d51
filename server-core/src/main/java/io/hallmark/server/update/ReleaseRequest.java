package io.hallmark.server.update;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a release manager asks to publish; the image (and SBOM) were uploaded first and are named by their SHA-256.
 *
 * @param orgRef the manufacturer (id or name), or null for the caller's organization
 * @param product the product (id or model)
 * @param version the release's version: 1 to 64 of {@code A-Z a-z 0-9 . _ + -}
 * @param imageSha256 the uploaded image's SHA-256
 * @param imageName the image's file name in the target path: 1 to 128 of {@code A-Z a-z 0-9 . _ + -}
 * @param sbomSha256 the uploaded CycloneDX SBOM's SHA-256, if any
 * @param measurements reference measurements: name (1 to 128 printable ASCII, no space) to hex digest (SHA-256,
 *     SHA-384 or SHA-512 length), at most 64
 * @param hardware the hardware revisions the image runs on, at most 32, each like a version; empty for all
 * @param security whether it is a security release
 */
public record ReleaseRequest(
        String orgRef,
        String product,
        String version,
        String imageSha256,
        String imageName,
        Optional<String> sbomSha256,
        Map<String, String> measurements,
        List<String> hardware,
        boolean security) {}
