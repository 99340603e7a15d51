package io.hallmark.server.identity;

import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the device listeners' TLS layers (the device port, the MQTT broker) ask about a client certificate chain it has already validated: which roots to
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
    private final ConnectionLog connections = new ConnectionLog();

    DeviceAuthenticator(Transactor tx, OrganizationCaService cas, CertificateStatusListeners listeners) {
        this.tx = tx;
        this.cas = cas;
        // a newly issued certificate cannot have been refused before (its key is new); any other change can matter
        listeners.add(changed -> {
            if (changed.stream()
                    .anyMatch(c -> c.status() != CertificateStatus.GOOD
                            || c.statusChangedAt().isPresent())) {
                refusals.clear();
            }
        });
    }

    /**
     * The roots of every organization, and the certificates of other instances' manufacturers that owners trust:
     * device certificates chain to one of them.
     */
    public List<X509Certificate> trustAnchors() {
        List<X509Certificate> roots = new ArrayList<>();
        for (OrganizationCa ca : cas.all()) {
            roots.add(ca.root());
        }
        for (TrustedManufacturer t : tx.read(s -> s.vouchers().allTrusted())) {
            roots.add(VoucherService.certificate(t.der()));
        }
        return roots;
    }

    /** The recent connections of the device listeners, which record them here (read by the fleet audit). */
    public ConnectionLog connections() {
        return connections;
    }

    /** Drops every cached answer: trust or ownership changed. */
    void forget() {
        refusals.clear();
    }

    /**
     * The device whose birth certificate from another instance's manufacturer {@code certificate} is: a device owned
     * here with the certificate's serialNumber, whose owner trusts the certificate's direct issuer.
     */
    static Optional<Device> externalDevice(Stores s, X509Certificate certificate) {
        Optional<String> serial = serialNumber(certificate);
        if (serial.isEmpty()) {
            return Optional.empty();
        }
        for (Device d : s.devices().findAllBySerial(serial.get())) {
            if (d.manufacturerId().isPresent() || d.ownerId().isEmpty()) {
                continue;
            }
            for (TrustedManufacturer t : s.vouchers().trusted(d.ownerId().get())) {
                try {
                    certificate.verify(VoucherService.certificate(t.der()).getPublicKey());
                    return Optional.of(d);
                } catch (java.security.GeneralSecurityException notThisIssuer) {
                    // try the next trusted certificate
                }
            }
        }
        return Optional.empty();
    }

    private static boolean signedBy(X509Certificate certificate, TrustedManufacturer t) {
        try {
            certificate.verify(VoucherService.certificate(t.der()).getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** The X.520 serialNumber of a certificate's subject. */
    static Optional<String> serialNumber(X509Certificate certificate) {
        org.bouncycastle.asn1.x500.X500Name name = org.bouncycastle.asn1.x500.X500Name.getInstance(
                certificate.getSubjectX500Principal().getEncoded());
        org.bouncycastle.asn1.x500.RDN[] rdns = name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.SERIALNUMBER);
        if (rdns.length != 1) {
            return Optional.empty();
        }
        org.bouncycastle.asn1.ASN1Encodable value = rdns[0].getFirst().getValue();
        return Optional.of(
                value instanceof org.bouncycastle.asn1.ASN1String text
                        ? text.getString()
                        : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(value));
    }

    /** The issuing CAs of every organization, for clients that send their certificate without its issuer. */
    public List<X509Certificate> intermediates() {
        List<X509Certificate> issuing = new ArrayList<>();
        for (TrustedManufacturer t : tx.read(s -> s.vouchers().allTrusted())) {
            issuing.add(VoucherService.certificate(t.der()));
        }
        for (OrganizationCa ca : cas.all()) {
            for (OrganizationCa.Purpose p : ca.purposes()) {
                issuing.add(ca.issuer(p));
            }
        }
        return issuing;
    }

    /**
     * Checks a client certificate chain as every device listener must (the device port's TLS layer and the MQTT
     * broker): the path from the leaf must lead to one of {@link #trustAnchors} (RFC 5280 §6 path validation, the
     * roots read at each call so that new organizations count at once, the issuing CAs added because many clients
     * send their leaf alone), and the platform's records must let the leaf in ({@link #refusal}).
     *
     * @throws CertificateException when the chain is empty, does not validate, or is refused; the message says which
     *     check failed, for the log, and must not reach the client
     */
    public void checkChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : trustAnchors()) {
            anchors.add(new TrustAnchor(root, null));
        }
        if (anchors.isEmpty()) {
            throw new CertificateException("no organization roots to validate against");
        }
        List<X509Certificate> known = new ArrayList<>(Arrays.asList(chain));
        known.addAll(intermediates());
        try {
            X509CertSelector leaf = new X509CertSelector();
            leaf.setCertificate(chain[0]);
            PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, leaf);
            params.setRevocationEnabled(false); // the platform's own records are checked below
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(known)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("client certificate does not chain to an organization root", e);
        }
        Optional<String> refused = refusal(chain[0]);
        if (refused.isPresent()) {
            throw new CertificateException("client certificate refused: " + refused.get());
        }
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
                Optional<Device> external = externalDevice(s, certificate);
                if (external.isPresent()) {
                    return external.get().state() == DeviceState.DECOMMISSIONED
                            ? Optional.of("device is decommissioned")
                            : Optional.<String>empty();
                }
                // a pledge of a manufacturer an owner trusts, not known yet: BRSKI may onboard it
                return s.vouchers().allTrusted().stream().anyMatch(t -> signedBy(certificate, t))
                        ? Optional.<String>empty()
                        : Optional.of("not issued to a device here");
            }
            if (c.get().status() != CertificateStatus.GOOD) {
                return Optional.of("certificate is " + c.get().status().wire());
            }
            // RFC 5280 §6.3: a certificate under an issuing CA that its root revoked is revoked too
            if (s.caRevocations().find(c.get().caAlias()).isPresent()) {
                return Optional.of("its issuing CA was revoked by the organization's root");
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
