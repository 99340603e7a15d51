package io.hallmark.keys;

import io.hallmark.core.Checks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the passphrase of the {@link Pkcs12FileVault}.
 *
 * <p>In order: the environment variable {@value #ENVIRONMENT_VARIABLE} when set and not empty; else the file
 * {@value #FILE_NAME} in the data directory (surrounding white space ignored); else a new passphrase of 32 random
 * bytes in base64url (43 characters), written to that file with mode 0600, atomically. The generated file keeps a
 * single-node installation working without an operator secret; production sets the variable from a secret store
 * and keeps the passphrase away from the disk that holds the vault.
 */
public final class VaultPassphrase {
    /** The environment variable that holds the passphrase. */
    public static final String ENVIRONMENT_VARIABLE = "HALLMARK_VAULT_PASSPHRASE";
    /** The passphrase file in the data directory. */
    public static final String FILE_NAME = "vault.pass";

    private static final Logger LOG = LoggerFactory.getLogger(VaultPassphrase.class);
    private static final int GENERATED_BYTES = 32;

    private VaultPassphrase() {}

    /**
     * The vault passphrase for {@code dataDir}, from {@code env} or the passphrase file, made if neither exists.
     *
     * @param env the process environment ({@code System.getenv()} in production)
     * @throws IllegalStateException when the passphrase file exists but is empty or not UTF-8
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static char[] resolve(Path dataDir, Map<String, String> env) {
        return resolve(dataDir, env, new SecureRandom());
    }

    static char[] resolve(Path dataDir, Map<String, String> env, SecureRandom random) {
        Checks.notNull(dataDir, "dataDir");
        Checks.notNull(env, "env");
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment.toCharArray();
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            try {
                generate(file, random);
                LOG.info("vault: generated a passphrase in {}", file);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: use theirs
            } catch (IOException e) {
                throw new UncheckedIOException("vault: cannot write " + file, e);
            }
        }
        return read(file);
    }

    private static void generate(Path file, SecureRandom random) throws IOException {
        byte[] secret = new byte[GENERATED_BYTES];
        random.nextBytes(secret);
        byte[] text = Base64.getUrlEncoder().withoutPadding().encode(secret);
        try {
            OwnerOnlyFiles.create(file, out -> out.write(text));
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(text, (byte) 0);
        }
    }

    private static char[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
            if (!OwnerOnlyFiles.isOwnerOnly(file)) {
                LOG.warn("vault: {} is readable by others than its owner; chmod 600 it", file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("vault: cannot read " + file, e);
        }
        CharBuffer chars = null;
        try {
            // decoded without an intermediate String, so the passphrase can be wiped after use
            chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            int from = 0;
            int to = chars.limit();
            while (from < to && Character.isWhitespace(chars.get(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(chars.get(to - 1))) {
                to--;
            }
            Checks.checkState(to > from, FILE_NAME, "empty", "a passphrase in " + file);
            char[] passphrase = new char[to - from];
            chars.position(from);
            chars.get(passphrase);
            return passphrase;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(FILE_NAME + ": not UTF-8 (expected: a passphrase in " + file + ")");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
