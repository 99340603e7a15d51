package io.hallmark.agent;

import io.hallmark.core.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's identity in a directory:
 *
 * <pre>
 * key.pem          the LDevID's private key, PKCS#8 PEM, mode 0600
 * cert.pem         the LDevID (operational certificate)
 * chain.pem        the owner's CA certificates from /cacerts (issuing CA first)
 * idevid.pem       optional: the birth certificate (IEEE 802.1AR IDevID), with its key in idevid.key
 * next-key.pem     a new key waiting for its certificate (enrollment or renewal in progress)
 * next-cert.pem    its certificate, received: present only while the new identity replaces the old
 * </pre>
 *
 * <p>Every file is written to a temporary file in the same directory, flushed to disk and moved over the old one
 * in one atomic rename, so a reader sees the old file or the new one, never half of one. A new key replaces the
 * working one only after its certificate has arrived; {@link #recover()} completes a replacement that a crash
 * interrupted, so the device never loses a working identity.
 */
final class IdentityStore {
    static final String KEY = "key.pem";
    static final String CERT = "cert.pem";
    static final String CHAIN = "chain.pem";
    static final String IDEVID = "idevid.pem";
    static final String IDEVID_KEY = "idevid.key";
    static final String NEXT_KEY = "next-key.pem";
    static final String NEXT_CERT = "next-cert.pem";

    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dir;

    IdentityStore(Path dir) {
        this.dir = dir;
    }

    Path directory() {
        return dir;
    }

    /**
     * Completes a replacement that was interrupted: when {@code next-cert.pem} is present, the new certificate had
     * arrived, so the new key and certificate are moved into place (unless the certificate does not belong to the
     * key it would pair with, then it is dropped).
     */
    void recover() {
        Path nextCert = dir.resolve(NEXT_CERT);
        if (!Files.exists(nextCert)) {
            return;
        }
        X509Certificate cert = readCertificates(nextCert).get(0);
        Path keyFile = Files.exists(dir.resolve(NEXT_KEY)) ? dir.resolve(NEXT_KEY) : dir.resolve(KEY);
        if (Files.exists(keyFile) && matches(readKey(keyFile), cert.getPublicKey())) {
            LOG.info("completing an interrupted identity replacement in {}", dir);
            promote();
        } else {
            LOG.warn("dropping {}: it does not belong to the key beside it", nextCert);
            delete(nextCert);
        }
    }

    /** The current operational identity (key, LDevID, then the owner's chain when known), if enrolled. */
    Optional<TlsCredential> findCurrent() {
        recover();
        Path cert = dir.resolve(CERT);
        if (!Files.exists(cert) || !Files.exists(dir.resolve(KEY))) {
            return Optional.empty();
        }
        List<X509Certificate> chain = new ArrayList<>(readCertificates(cert).subList(0, 1));
        chain.addAll(chain());
        return Optional.of(new TlsCredential(readKey(dir.resolve(KEY)), chain));
    }

    /** The birth certificate and its key, if the device has one. */
    Optional<TlsCredential> findBirth() {
        Path cert = dir.resolve(IDEVID);
        if (!Files.exists(cert)) {
            return Optional.empty();
        }
        Path key = dir.resolve(IDEVID_KEY);
        if (!Files.exists(key)) {
            throw new IllegalStateException(key + ": missing (expected: the private key of " + cert + ")");
        }
        return Optional.of(new TlsCredential(readKey(key), readCertificates(cert)));
    }

    /** The owner's CA certificates last fetched, or none. */
    List<X509Certificate> chain() {
        Path chain = dir.resolve(CHAIN);
        return Files.exists(chain) ? readCertificates(chain) : List.of();
    }

    /**
     * The key waiting for a certificate: the one of an earlier, unfinished attempt (so that a repeated request
     * after 202 carries the same key), or a new EC P-256 key pair, written before it is used.
     */
    KeyPair pendingKey() {
        createDirectory();
        Path next = dir.resolve(NEXT_KEY);
        if (Files.exists(next)) {
            PrivateKey key = readKey(next);
            return new KeyPair(publicKeyOf(key), key);
        }
        KeyPair pair = generateP256();
        writeAtomically(next, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        return pair;
    }

    /** Forgets the pending key, after a refusal that repeating the request would not change. */
    void discardPendingKey() {
        delete(dir.resolve(NEXT_KEY));
    }

    /**
     * Makes {@code certificate}, issued for the pending key, with that key the current identity; the old key and
     * certificate are replaced only now.
     */
    void commit(X509Certificate certificate) {
        Path next = dir.resolve(NEXT_KEY);
        if (!Files.exists(next) || !matches(readKey(next), certificate.getPublicKey())) {
            throw new IllegalStateException(
                    "certificate: not for the pending key in " + next + " (expected: the key of the request)");
        }
        // next-cert.pem marks the replacement as decided; recover() finishes it after a crash from here on
        writeAtomically(dir.resolve(NEXT_CERT), Pem.certificate(certificate), false);
        promote();
    }

    /** Writes a public file (a certificate) of the state directory, atomically. */
    void writePublic(String name, String text) {
        createDirectory();
        writeAtomically(dir.resolve(name), text, false);
    }

    /** Replaces the owner's chain. */
    void writeChain(List<X509Certificate> chain) {
        StringBuilder text = new StringBuilder();
        chain.forEach(c -> text.append(Pem.certificate(c)));
        writeAtomically(dir.resolve(CHAIN), text.toString(), false);
    }

    private void promote() {
        // the key first: until cert.pem moves, next-cert.pem is still there and recover() pairs it with key.pem
        if (Files.exists(dir.resolve(NEXT_KEY))) {
            move(dir.resolve(NEXT_KEY), dir.resolve(KEY));
        }
        move(dir.resolve(NEXT_CERT), dir.resolve(CERT));
        syncDirectory();
    }

    private void createDirectory() {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.createDirectory(dir, posixOr(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // made meanwhile; fine
        } catch (IOException e) {
            throw new UncheckedIOException("state directory " + dir + " cannot be made", e);
        }
    }

    private FileAttribute<?>[] posixOr(Set<PosixFilePermission> permissions) {
        return supportsPosix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    private boolean supportsPosix() {
        Path probe = Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent();
        return probe != null
                && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Writes {@code text} to {@code target} through a flushed temporary file and an atomic rename. */
    void writeAtomically(Path target, String text, boolean secret) {
        createDirectory();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(
                    dir, "." + target.getFileName(), ".tmp", posixOr(secret ? OWNER_ONLY : READABLE));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot be written", e);
        } finally {
            if (tmp != null) {
                delete(tmp);
            }
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException(to + ": this file system cannot replace files atomically", e);
        } catch (IOException e) {
            throw new UncheckedIOException(to + ": cannot be replaced", e);
        }
    }

    /** Best effort: makes the renames durable on file systems that let a directory be flushed. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            LOG.debug("the directory {} cannot be flushed: {}", dir, e.toString());
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be deleted", e);
        }
    }

    static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
        }
    }

    /** A PKCS#8 PEM private key (EC, Ed25519 or RSA). */
    static PrivateKey readKey(Path file) {
        byte[] der;
        try {
            der = Pem.decode("PRIVATE KEY", Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(file + ": not a PKCS#8 PEM private key (expected: BEGIN PRIVATE KEY)", e);
        }
        for (String algorithm : List.of("EC", "Ed25519", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new IllegalStateException(file + ": an unsupported private key (expected: PKCS#8 EC, Ed25519 or RSA)");
    }

    /** The certificates of a PEM file, in order. */
    static List<X509Certificate> readCertificates(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate c :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException(file + ": no certificate (expected: PEM certificates)");
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read", e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + ": not PEM certificates", e);
        }
    }

    /** Whether {@code key} is the private half of {@code publicKey} (compared by the public point or encoding). */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            return Arrays.equals(publicKeyOf(key).getEncoded(), publicKey.getEncoded());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** The public key of an EC private key (the agent makes only those; a birth key is never replaced): d·G. */
    static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw new IllegalStateException("key: " + key.getAlgorithm() + " (expected: an EC key made by the agent)");
        }
        try {
            ECParameterSpec params = EC5Util.convertSpec(ec.getParams());
            org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier()
                    .multiply(params.getG(), ec.getS())
                    .normalize();
            ECPoint point = new ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("key: its public key cannot be computed", e);
        }
    }
}
