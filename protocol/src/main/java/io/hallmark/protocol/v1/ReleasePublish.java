package io.hallmark.protocol.v1;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/releases}: a release of uploaded files ({@code POST /api/v1/releases/uploads}).
 *
 * @param org the manufacturer (id or name); the caller's organization when absent
 * @param product the product (id or model)
 * @param version the release's version, unique within the product ({@code A-Z a-z 0-9 . _ + -}, 1..64)
 * @param image the uploaded image's SHA-256 (hex)
 * @param imageName the image's file name in the TUF target path {@code <model>/<version>/<imageName>}
 * @param sbom the uploaded CycloneDX JSON SBOM's SHA-256 (hex), if any
 * @param measurements reference measurements, name to hex digest (SHA-256, -384 or -512), at most 64
 * @param hardware hardware revisions the image runs on; absent or empty: all
 * @param security whether this is a security release
 */
public record ReleasePublish(
        String org,
        String product,
        String version,
        String image,
        String imageName,
        String sbom,
        Map<String, String> measurements,
        List<String> hardware,
        Boolean security) {}
