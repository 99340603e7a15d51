package io.hallmark.server.behaviour;

import io.hallmark.core.Checks;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.identity.Device;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * An organization's decision to accept one kind of behaviour finding for a time: for one device, the devices of one
 * product, or all its devices. A finding it covers is still counted, but raises no alert, no event (so no webhook)
 * and no quarantine.
 *
 * @param id {@code als_...}
 * @param orgId the organization that owns the devices it covers
 * @param kind a finding id ({@code behaviour.listen.telnet}) or a prefix ending in {@code .*}
 *     ({@code behaviour.baseline.*})
 * @param scope what {@code target} names
 * @param target the device, product or organization id
 * @param reason why, as the person wrote it
 * @param expiresAt when it stops applying
 * @param createdBy the user who made it
 * @param createdAt when
 * @param lifted who ended it before its expiry, when and why
 */
public record AlertSuppression(
        String id,
        String orgId,
        String kind,
        Scope scope,
        String target,
        String reason,
        Instant expiresAt,
        String createdBy,
        Instant createdAt,
        Optional<Alert.Triage> lifted) {
    /** What a suppression covers. */
    public enum Scope {
        /** One device. */
        DEVICE,
        /** The organization's devices of one product. */
        PRODUCT,
        /** Every device of the organization. */
        ORGANIZATION;

        /** The lower-case name used on the wire. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the fields. */
    public AlertSuppression {
        Checks.notBlank(id, "id");
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(kind, "kind");
        Checks.notNull(scope, "scope");
        Checks.notBlank(target, "target");
        Checks.notBlank(reason, "reason");
        Checks.notNull(expiresAt, "expiresAt");
        Checks.notBlank(createdBy, "createdBy");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(lifted, "lifted");
    }

    /** Whether it applies at {@code now}: not expired and not lifted. */
    public boolean isActive(Instant now) {
        return lifted.isEmpty() && now.isBefore(expiresAt);
    }

    /** Whether it covers {@code finding} of {@code device} at {@code now}. */
    public boolean covers(Device device, Finding finding, Instant now) {
        if (!isActive(now) || !device.controller().equals(orgId) || !matches(kind, finding.id())) {
            return false;
        }
        return switch (scope) {
            case DEVICE -> device.id().equals(target);
            case PRODUCT -> device.productId().map(target::equals).orElse(false);
            case ORGANIZATION -> true;
        };
    }

    /** Whether {@code kind} (an id, or a prefix ending in {@code .*}) names the finding id {@code findingId}. */
    static boolean matches(String kind, String findingId) {
        if (kind.endsWith(".*")) {
            return findingId.startsWith(kind.substring(0, kind.length() - 1));
        }
        return kind.equals(findingId);
    }
}
