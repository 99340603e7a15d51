package io.hallmark.agent;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain (leaf first), presented as the TLS client certificate: the LDevID for
 * re-enrollment (RFC 7030 §3.3.2, §4.2.2), or the IDevID for a first enrollment.
 */
record TlsCredential(PrivateKey key, List<X509Certificate> chain) {
    TlsCredential {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: at least the leaf certificate)");
        }
    }

    X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "TlsCredential[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
