package io.hallmark.server.pki;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CertificateStatusSource} in memory for tests: certificates are good once {@link #issued}, and tell their
 * listeners of every change after making it, as the service over the real store will.
 */
final class InMemoryStatusSource implements CertificateStatusSource {
    private final Map<String, Map<BigInteger, CertificateStatus>> statuses = new ConcurrentHashMap<>();
    private final List<CertificateStatusListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();

    /** Tells {@code listener} of every later change. */
    void tell(CertificateStatusListener listener) {
        listeners.add(listener);
    }

    /** Records a certificate of {@code caAlias} as good, without telling anyone (unknown answers are not cached). */
    void issued(String caAlias, BigInteger serial) {
        statuses.computeIfAbsent(caAlias, alias -> new ConcurrentHashMap<>()).put(serial, CertificateStatus.GOOD);
    }

    /** Changes a status, then tells the listeners. */
    void change(String caAlias, BigInteger serial, CertificateStatus status) {
        statuses.computeIfAbsent(caAlias, alias -> new ConcurrentHashMap<>()).put(serial, status);
        listeners.forEach(listener -> listener.statusChanged(caAlias, serial));
    }

    /** How many times a status or a revocation list was read. */
    int reads() {
        return reads.get();
    }

    @Override
    public CertificateStatus status(String caAlias, BigInteger serial) {
        reads.incrementAndGet();
        return statuses.getOrDefault(caAlias, Map.of()).getOrDefault(serial, CertificateStatus.UNKNOWN);
    }

    @Override
    public List<RevokedCertificate> revoked(String caAlias) {
        reads.incrementAndGet();
        return statuses.getOrDefault(caAlias, Map.of()).entrySet().stream()
                .filter(e -> !(e.getValue() instanceof CertificateStatus.Good))
                .map(e -> new RevokedCertificate(e.getKey(), e.getValue()))
                .toList();
    }
}
