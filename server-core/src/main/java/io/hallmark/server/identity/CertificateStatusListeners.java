package io.hallmark.server.identity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who hears that device certificates were issued, held, released or revoked, after the change committed: the OCSP
 * and CRL caches, the TLS layer's client-certificate cache.
 */
public final class CertificateStatusListeners {
    private final List<Consumer<List<DeviceCertificate>>> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; it must be quick and must not throw. */
    public void add(Consumer<List<DeviceCertificate>> listener) {
        listeners.add(listener);
    }

    void changed(List<DeviceCertificate> certificates) {
        if (certificates.isEmpty()) {
            return;
        }
        List<DeviceCertificate> copy = List.copyOf(certificates);
        for (Consumer<List<DeviceCertificate>> l : listeners) {
            l.accept(copy);
        }
    }
}
