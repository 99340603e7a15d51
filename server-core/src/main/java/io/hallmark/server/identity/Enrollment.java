package io.hallmark.server.identity;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** The answer to an EST enrollment request (RFC 7030 §4.2.3). */
public sealed interface Enrollment {
    /** The certificate was issued. */
    record Issued(Device device, X509Certificate certificate, List<X509Certificate> chain) implements Enrollment {}

    /**
     * Issued for a key made by the server (RFC 7030 §4.4), returned with the certificate, once.
     *
     * @param pkcs8 the private key, PKCS#8 DER; never stored, never logged
     */
    record ServerKey(Issued issued, byte[] pkcs8) implements Enrollment {
        @Override
        public String toString() {
            return "ServerKey[issued=" + issued + ", pkcs8=***]";
        }
    }

    /** Accepted, waiting for the owner's approval: retry the same request after {@code retryAfter}. */
    record Pending(Device device, Duration retryAfter) implements Enrollment {}
}
