package io.hallmark.agent;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When an operational certificate is renewed: once less than a third of its validity remains, or less than a fixed
 * threshold when one is configured. Renewing well before expiry leaves time for retries, approval and outages
 * (RFC 7030 §4.2.2 leaves the moment to the client). Pure.
 */
record RenewalSchedule(Optional<Duration> threshold) {
    RenewalSchedule {
        threshold.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("renewal threshold: " + t + " (expected: > 0)");
            }
        });
    }

    /** The moment from which {@code certificate} is due for renewal. */
    Instant renewAt(X509Certificate certificate) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration before =
                threshold.orElseGet(() -> Duration.between(notBefore, notAfter).dividedBy(3));
        return notAfter.minus(before);
    }

    /** Whether {@code certificate} is due at {@code now}. */
    boolean isDue(X509Certificate certificate, Instant now) {
        return !now.isBefore(renewAt(certificate));
    }
}
