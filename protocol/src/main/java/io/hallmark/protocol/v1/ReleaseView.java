package io.hallmark.protocol.v1;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A firmware release.
 *
 * @param target the TUF target path; devices fetch it as {@code /tuf/{org}/targets/<dir>/<imageSha256>.<name>}
 * @param state {@code published}, {@code pending-signatures} (its product role awaits offline signatures) or {@code
 *     revoked}
 */
public record ReleaseView(
        String id,
        String org,
        String product,
        String productModel,
        String version,
        String target,
        String imageSha256,
        long imageLength,
        String sbomSha256,
        Map<String, String> measurements,
        List<String> hardware,
        boolean security,
        String state,
        String publishedBy,
        Instant publishedAt,
        String revokedBy,
        Instant revokedAt,
        String revokeReason) {}
