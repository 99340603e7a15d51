package io.hallmark.server.cra;

import java.time.Instant;
import java.util.List;

/** What a report is drafted from, read from other features' tables through {@link CraStore}. */
public final class CraFacts {
    private CraFacts() {}

    /**
     * An update rollout of a release.
     *
     * @param id rollout id
     * @param releaseId the release it delivers
     * @param state RUNNING, PAUSED, CANCELLED, COMPLETED
     * @param total devices in it
     * @param installed devices that installed it
     * @param failed devices that failed or rolled back
     */
    public record Rollout(String id, String releaseId, String state, long total, long installed, long failed) {}

    /**
     * A behaviour incident and the products of the devices in it.
     *
     * @param id incident id
     * @param orgId its organization (the devices' owner)
     * @param kind DEVICE or FLEET
     * @param subject device id or destination
     * @param severity LOW..CRITICAL
     * @param state OPEN, ACKNOWLEDGED, RESOLVED
     * @param openedAt when it began
     * @param alerts alerts in it
     * @param devices devices in it
     * @param products per product model, the devices in it
     */
    public record Incident(
            String id,
            String orgId,
            String kind,
            String subject,
            String severity,
            String state,
            Instant openedAt,
            long alerts,
            long devices,
            List<ProductCount> products) {}

    /**
     * Devices of one product.
     *
     * @param model the product model ({@code unknown} for devices without a product)
     * @param devices how many
     */
    public record ProductCount(String model, long devices) {}
}
