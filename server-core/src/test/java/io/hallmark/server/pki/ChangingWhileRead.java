package io.hallmark.server.pki;

import java.math.BigInteger;
import java.util.List;

/**
 * A source where the first read returns what was there, while the status of one certificate changes and the change
 * is announced before the reader goes on: what a concurrent quarantine looks like to the responder or publisher.
 */
final class ChangingWhileRead implements CertificateStatusSource {
    private final InMemoryStatusSource source;
    private final BigInteger serial;
    private final CertificateStatus next;
    private boolean changed;
    CertificateStatusListener listener;

    ChangingWhileRead(InMemoryStatusSource source, BigInteger serial, CertificateStatus next) {
        this.source = source;
        this.serial = serial;
        this.next = next;
    }

    @Override
    public CertificateStatus status(String caAlias, BigInteger s) {
        CertificateStatus read = source.status(caAlias, s);
        changeOnce(caAlias);
        return read;
    }

    @Override
    public List<RevokedCertificate> revoked(String caAlias) {
        List<RevokedCertificate> read = source.revoked(caAlias);
        changeOnce(caAlias);
        return read;
    }

    private void changeOnce(String caAlias) {
        if (!changed) {
            changed = true;
            source.change(caAlias, serial, next);
            listener.statusChanged(caAlias, serial);
        }
    }
}
