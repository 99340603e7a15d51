package io.hallmark.server.identity;

import java.security.cert.X509Certificate;

/** What a device presented on the device port to say who it is. */
public sealed interface DeviceCredential {
    /** A TLS client certificate the TLS layer already chained to one of the platform's organization roots. */
    record ClientCertificate(X509Certificate certificate) implements DeviceCredential {}

    /**
     * HTTP Basic credentials (RFC 7030 §3.2.3): the device's serial and its one-time enrollment secret.
     *
     * @param serial the user name
     * @param secret the password; never logged
     */
    record Secret(String serial, String secret) implements DeviceCredential {
        @Override
        public String toString() {
            return "Secret[serial=" + serial + ", secret=***]";
        }
    }

    /** Nothing. */
    record None() implements DeviceCredential {}
}
