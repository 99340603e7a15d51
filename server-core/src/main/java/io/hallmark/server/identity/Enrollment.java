package io.hallmark.server.identity;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** The answer to an EST enrollment request (RFC 7030 §4.2.3). */
public sealed interface Enrollment {
    /** The certificate was issued. */
    record Issued(Device device, X509Certificate certificate, List<X509Certificate> chain) implements Enrollment {}

    /** Accepted, waiting for the owner's approval: retry the same request after {@code retryAfter}. */
    record Pending(Device device, Duration retryAfter) implements Enrollment {}
}
