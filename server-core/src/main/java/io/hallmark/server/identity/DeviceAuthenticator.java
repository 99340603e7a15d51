package io.hallmark.server.identity;

import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the device port's TLS layer asks about a client certificate chain it has already validated: which roots to
 * accept, and whether the platform's own records let the certificate in.
 *
 * <p>A device certificate is let in when it was issued here, it is good (not held, not revoked), and its device is
 * not decommissioned. Answers are cached by fingerprint and the cache is cleared whenever a certificate's status
 * changes, so a held or revoked certificate is refused from the next handshake on.
 */
public final class DeviceAuthenticator {
    private static final int MAX_CACHED = 100_000;

    private final Transactor tx;
    private final OrganizationCaService cas;
    private final ConcurrentHashMap<String, Optional<String>> refusals = new ConcurrentHashMap<>();

    DeviceAuthenticator(Transactor tx, OrganizationCaService cas, CertificateStatusListeners listeners) {
        this.tx = tx;
        this.cas = cas;
        listeners.add(changed -> refusals.clear());
    }

    /** The roots of every organization: device certificates chain to one of them. */
    public List<X509Certificate> trustAnchors() {
        List<X509Certificate> roots = new ArrayList<>();
        for (OrganizationCa ca : cas.all()) {
            roots.add(ca.root());
        }
        return roots;
    }

    /** The issuing CAs of every organization, for clients that send their certificate without its issuer. */
    public List<X509Certificate> intermediates() {
        List<X509Certificate> issuing = new ArrayList<>();
        for (OrganizationCa ca : cas.all()) {
            for (OrganizationCa.Purpose p : ca.purposes()) {
                issuing.add(ca.issuer(p));
            }
        }
        return issuing;
    }

    /** Why the platform's records refuse {@code certificate}, or empty when they let it in. */
    public Optional<String> refusal(X509Certificate certificate) {
        String sha256 = EnrollmentService.fingerprint(certificate);
        Optional<String> cached = refusals.get(sha256);
        if (cached != null) {
            return cached;
        }
        Optional<String> answer = tx.read(s -> {
            Optional<DeviceCertificate> c = s.deviceCertificates().findBySha256(sha256);
            if (c.isEmpty()) {
                return Optional.of("not issued to a device here");
            }
            if (c.get().status() != CertificateStatus.GOOD) {
                return Optional.of("certificate is " + c.get().status().wire());
            }
            Optional<Device> d = s.devices().findById(c.get().deviceId());
            if (d.isEmpty() || d.get().state() == DeviceState.DECOMMISSIONED) {
                return Optional.of("device is decommissioned");
            }
            return Optional.<String>empty();
        });
        if (refusals.size() >= MAX_CACHED) {
            refusals.clear();
        }
        refusals.put(sha256, answer);
        return answer;
    }
}
