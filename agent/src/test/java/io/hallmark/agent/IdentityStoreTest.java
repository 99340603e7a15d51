package io.hallmark.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
    private final TestCa ca = new TestCa("Owner LDevID CA");

    @TempDir
    Path tmp;

    private X509Certificate certFor(KeyPair keys) {
        return ca.issue(keys.getPublic(), "SERIALNUMBER=SN-1", Instant.now(), Duration.ofDays(90));
    }

    @Test
    void pendingKeyIsWrittenOwnerOnlyInPkcs8AndReusedUntilCommitted() throws IOException {
        Path dir = tmp.resolve("state");
        IdentityStore store = new IdentityStore(dir);

        KeyPair first = store.pendingKey();
        Path file = dir.resolve(IdentityStore.NEXT_KEY);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(store.pendingKey().getPublic()).isEqualTo(first.getPublic());
    }

    @Test
    void commitMakesThePendingKeyAndItsCertificateCurrent() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        KeyPair keys = store.pendingKey();
        X509Certificate cert = certFor(keys);

        store.commit(cert);

        TlsCredential current = store.findCurrent().orElseThrow();
        assertThat(current.certificate()).isEqualTo(cert);
        assertThat(current.key()).isEqualTo(keys.getPrivate());
        assertThat(Files.getPosixFilePermissions(tmp.resolve(IdentityStore.KEY)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.exists(tmp.resolve(IdentityStore.NEXT_KEY))).isFalse();
        assertThat(Files.exists(tmp.resolve(IdentityStore.NEXT_CERT))).isFalse();
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(IdentityStore.KEY, IdentityStore.CERT);
        }
    }

    @Test
    void newKeyDoesNotTouchTheWorkingIdentityUntilItsCertificateArrives() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        store.commit(certFor(store.pendingKey()));
        byte[] key = Files.readAllBytes(tmp.resolve(IdentityStore.KEY));
        byte[] cert = Files.readAllBytes(tmp.resolve(IdentityStore.CERT));

        store.pendingKey();
        assertThat(Files.readAllBytes(tmp.resolve(IdentityStore.KEY))).isEqualTo(key);
        assertThat(Files.readAllBytes(tmp.resolve(IdentityStore.CERT))).isEqualTo(cert);
        store.discardPendingKey();
        assertThat(Files.exists(tmp.resolve(IdentityStore.NEXT_KEY))).isFalse();
        assertThat(Files.readAllBytes(tmp.resolve(IdentityStore.KEY))).isEqualTo(key);
    }

    @Test
    void commitRefusesACertificateForAnotherKey() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        store.pendingKey();

        assertThatThrownBy(() -> store.commit(certFor(IdentityStore.generateP256())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not for the pending key");
        assertThat(Files.exists(tmp.resolve(IdentityStore.CERT))).isFalse();
    }

    @Test
    void crashAfterTheCertificateArrivedIsCompletedAtTheNextStart() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        store.commit(certFor(store.pendingKey()));
        KeyPair next = store.pendingKey();
        X509Certificate renewed = certFor(next);
        // the state commit() leaves when the process dies right after writing next-cert.pem
        store.writeAtomically(tmp.resolve(IdentityStore.NEXT_CERT), Pem.certificate(renewed), false);

        TlsCredential current = new IdentityStore(tmp).findCurrent().orElseThrow();

        assertThat(current.certificate()).isEqualTo(renewed);
        assertThat(current.key()).isEqualTo(next.getPrivate());
        assertThat(Files.exists(tmp.resolve(IdentityStore.NEXT_CERT))).isFalse();
    }

    @Test
    void crashBetweenTheTwoRenamesIsCompletedAtTheNextStart() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        store.commit(certFor(store.pendingKey()));
        KeyPair next = store.pendingKey();
        X509Certificate renewed = certFor(next);
        store.writeAtomically(tmp.resolve(IdentityStore.NEXT_CERT), Pem.certificate(renewed), false);
        // the key has moved, the certificate not yet
        Files.move(
                tmp.resolve(IdentityStore.NEXT_KEY),
                tmp.resolve(IdentityStore.KEY),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        TlsCredential current = new IdentityStore(tmp).findCurrent().orElseThrow();

        assertThat(current.certificate()).isEqualTo(renewed);
        assertThat(current.key()).isEqualTo(next.getPrivate());
    }

    @Test
    void strayNextCertificateForNoKeyHereIsDroppedAndTheIdentityKept() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        X509Certificate cert = certFor(store.pendingKey());
        store.commit(cert);
        store.writeAtomically(
                tmp.resolve(IdentityStore.NEXT_CERT), Pem.certificate(certFor(IdentityStore.generateP256())), false);

        assertThat(store.findCurrent().orElseThrow().certificate()).isEqualTo(cert);
        assertThat(Files.exists(tmp.resolve(IdentityStore.NEXT_CERT))).isFalse();
    }

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        IdentityStore store = new IdentityStore(tmp);
        Path chain = tmp.resolve(IdentityStore.CHAIN);
        store.writeChain(List.of(ca.certificate));
        TestCa other = new TestCa("Other");
        store.writeChain(List.of(other.certificate, ca.certificate));

        assertThat(store.chain()).containsExactly(other.certificate, ca.certificate);
        assertThat(Files.getPosixFilePermissions(chain)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(IdentityStore.CHAIN);
        }
    }

    @Test
    void publicKeyIsRecoveredFromThePrivateKey() {
        KeyPair keys = IdentityStore.generateP256();
        assertThat(IdentityStore.publicKeyOf(keys.getPrivate())).isEqualTo(keys.getPublic());
        assertThat(IdentityStore.matches(
                        keys.getPrivate(), IdentityStore.generateP256().getPublic()))
                .isFalse();
    }
}
