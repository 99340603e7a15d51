package io.hallmark.server.vuln;

import io.hallmark.protocol.v1.VulnExposureView;
import io.hallmark.server.update.Release;
import java.util.Optional;

/**
 * One advisory affecting one published release, as the exposure computes it.
 *
 * @param release the affected release
 * @param advisory the advisory's exposure (all its affected releases)
 * @param affected this release's entry in it (components, devices running it, fixed version)
 * @param fixedBy the release that fixes it (the lowest later version of the product the advisory does not affect)
 * @param rating the advisory's CVSS vectors and severity
 */
public record ReleaseExposure(
        Release release,
        VulnExposureView.Advisory advisory,
        VulnExposureView.Release affected,
        Optional<Release> fixedBy,
        AdvisoryRating rating) {}
