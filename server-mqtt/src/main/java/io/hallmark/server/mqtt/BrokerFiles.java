package io.hallmark.server.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The files an embedded broker reads its TLS material from: PKCS#12 key and trust stores with random passwords,
 * readable by their owner only, replaced atomically (the broker reloads them when their content changes).
 */
final class BrokerFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrokerFiles() {}

    /** A fresh random password for one start. */
    static String password() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Writes a key store holding {@code key} with {@code chain} under alias {@code tls}. */
    static void writeKeyStore(Path file, PrivateKey key, List<X509Certificate> chain, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("tls", key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            write(file, ks, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the broker's key store cannot be made", e);
        }
    }

    /** Writes a trust store holding {@code certificates}. */
    static void writeTrustStore(Path file, Collection<X509Certificate> certificates, String password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : certificates) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            write(file, ks, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the broker's trust store cannot be made", e);
        }
    }

    /** Writes {@code text} readable by its owner only. */
    static void writePrivate(Path file, String text) {
        try {
            Path tmp = temp(file);
            Files.writeString(tmp, text, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be written", e);
        }
    }

    /** Makes a directory readable by its owner only. */
    static void privateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's own protection applies
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir + " cannot be created", e);
        }
    }

    private static void write(Path file, KeyStore ks, String password) throws IOException, GeneralSecurityException {
        Path tmp = temp(file);
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
            ks.store(out, password.toCharArray());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path temp(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        return tmp;
    }
}
