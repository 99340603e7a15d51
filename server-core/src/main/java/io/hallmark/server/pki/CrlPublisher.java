package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.server.vault.KeyVault;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Publishes the X.509 v2 CRL of each CA in a {@link CaDirectory} (RFC 5280 §5), signed by the CA's key in the vault.
 *
 * <p>A CRL lists every held and revoked certificate the {@link CertificateStatusSource} gives for the CA, with a
 * reasonCode entry extension (RFC 5280 §5.3.1): {@code certificateHold} (6) for a held certificate, the reason of a
 * revoked one, none for {@code unspecified} as §5.3.1 recommends. It carries the authority key identifier (method 1,
 * as the CA's certificates do, §5.2.1) and a CRL number (§5.2.3); {@code thisUpdate} is the time it was made and
 * {@code nextUpdate} that plus the validity, {@value #DEFAULT_VALIDITY_HOURS} hours by default. No hold instruction
 * is added: RFC 5280 §5.3.2 leaves it optional and relying parties ignore it.
 *
 * <p>{@link #findCrl} returns the DER bytes made last for the CA until a {@link #statusChanged change} of one of its
 * certificates, or until half the validity has passed, so that a client that fetched it just before always holds a
 * CRL that is current for at least half the period. The source is read only when a CRL is made.
 *
 * <p>CRL numbers: the number of a new CRL is {@code thisUpdate} in milliseconds since the epoch, or one more than the
 * number this publisher gave that CA last, whichever is greater. It thus increases with every CRL of a CA, also across
 * restarts and nodes, as long as the clock does not step back and a CA gets fewer than one CRL per millisecond; it
 * fits the 20 octets §5.2.3 allows. Safe for concurrent use.
 */
public final class CrlPublisher implements CertificateStatusListener {
    /** The default validity of a CRL, from {@code thisUpdate} to {@code nextUpdate}, in hours. */
    public static final int DEFAULT_VALIDITY_HOURS = 24;

    private final KeyVault vault;
    private final CaDirectory directory;
    private final CertificateStatusSource source;
    private final Clock clock;
    private final Duration validity;
    private final ConcurrentHashMap<String, CaState> states = new ConcurrentHashMap<>();

    /** A publisher of CRLs valid for {@value #DEFAULT_VALIDITY_HOURS} hours. */
    public CrlPublisher(KeyVault vault, CaDirectory directory, CertificateStatusSource source, Clock clock) {
        this(vault, directory, source, clock, Duration.ofHours(DEFAULT_VALIDITY_HOURS));
    }

    /**
     * A publisher of CRLs valid for {@code validity}.
     *
     * @param validity from {@code thisUpdate} to {@code nextUpdate}: at least one minute
     */
    public CrlPublisher(
            KeyVault vault, CaDirectory directory, CertificateStatusSource source, Clock clock, Duration validity) {
        this.vault = Checks.notNull(vault, "vault");
        this.directory = Checks.notNull(directory, "directory");
        this.source = Checks.notNull(source, "source");
        this.clock = Checks.notNull(clock, "clock");
        Checks.notNull(validity, "validity");
        Checks.check(validity.compareTo(Duration.ofMinutes(1)) >= 0, "validity", validity, "at least PT1M");
        this.validity = validity;
    }

    /**
     * The current DER-encoded CRL of the CA {@code caAlias}, made now if none is cached, a certificate's status
     * changed since, or half its validity has passed.
     *
     * @param caAlias the CA's vault alias, e.g. {@code org.acme.idevid-ca}
     * @return the CRL, or empty when the directory does not know the CA
     * @throws IllegalStateException when the vault cannot sign
     */
    public Optional<byte[]> findCrl(String caAlias) {
        Optional<CaDirectory.Ca> ca = directory.find(caAlias);
        if (ca.isEmpty()) {
            return Optional.empty();
        }
        CaState state = states.computeIfAbsent(caAlias, alias -> new CaState());
        Published current = state.published;
        if (current != null && current.isCurrent(state.changes.get(), clock.instant())) {
            return Optional.of(current.der().clone());
        }
        synchronized (state) {
            long changes = state.changes.get();
            Instant now = clock.instant();
            current = state.published;
            if (current == null || !current.isCurrent(changes, now)) {
                current = make(ca.get(), state, changes, now);
                state.published = current;
            }
            return Optional.of(current.der().clone());
        }
    }

    /** Makes the CA's CRL new on the next {@link #findCrl}. */
    @Override
    public void statusChanged(String caAlias, BigInteger serial) {
        Checks.notNull(caAlias, "caAlias");
        states.computeIfAbsent(caAlias, alias -> new CaState()).changes.incrementAndGet();
    }

    /**
     * Makes a CRL. {@code changes} was read before the source, so a change committed while the source is read makes
     * the result stale at once and the next call makes another.
     */
    private Published make(CaDirectory.Ca ca, CaState state, long changes, Instant now) {
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(validity);
        BigInteger number = BigInteger.valueOf(Math.max(state.lastNumber + 1, thisUpdate.toEpochMilli()));
        X509Certificate certificate = ca.certificate();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        List<RevokedCertificate> entries = source.revoked(ca.alias()).stream()
                .sorted(Comparator.comparing(RevokedCertificate::serial))
                .toList();
        for (RevokedCertificate entry : entries) {
            switch (entry.status()) {
                case CertificateStatus.Held held ->
                    builder.addCRLEntry(
                            entry.serial(), Date.from(held.since()), CertificateStatus.Held.CERTIFICATE_HOLD);
                // reason code 0 makes BouncyCastle leave the extension out, as RFC 5280 §5.3.1 recommends for
                // unspecified
                case CertificateStatus.Revoked revoked ->
                    builder.addCRLEntry(
                            entry.serial(),
                            Date.from(revoked.since()),
                            revoked.reason().code());
                default -> throw new IllegalStateException("not a CRL entry: " + entry);
            }
        }
        try {
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate.getPublicKey()));
            builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(number));
            byte[] der = builder.build(VaultContentSigner.of(vault, ca.alias())).getEncoded();
            state.lastNumber = number.longValueExact();
            return new Published(der, thisUpdate.plus(validity.dividedBy(2)), changes);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the CRL of " + ca.alias() + " cannot be encoded", e);
        }
    }

    /** What the publisher knows of one CA: its change count and its last CRL. */
    private static final class CaState {
        final AtomicLong changes = new AtomicLong();
        /** Written under the state's lock. */
        long lastNumber;

        volatile Published published;
    }

    /**
     * A CRL made.
     *
     * @param der its encoding
     * @param refreshAt when half its validity has passed
     * @param changes the CA's change count read before its entries were
     */
    private record Published(byte[] der, Instant refreshAt, long changes) {
        boolean isCurrent(long currentChanges, Instant now) {
            return changes == currentChanges && now.isBefore(refreshAt);
        }
    }
}
