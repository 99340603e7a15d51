package io.hallmark.keys;

import io.hallmark.core.Checks;
import java.security.Security;
import java.util.Locale;

/**
 * The JVM settings that decide how the JDK writes PKCS#12 files, checked to be at least as strong as the JDK's
 * defaults since JDK 12 (the {@code keystore.pkcs12.*} entries of {@code java.security}).
 */
final class Pkcs12Settings {
    /** PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC (RFC 8018), for keys and certificates. */
    static final String PROTECTION_ALGORITHM = "PBEWithHmacSHA256AndAES_256";
    /** The PKCS#12 integrity MAC (RFC 7292 Appendix B with SHA-256). */
    static final String MAC_ALGORITHM = "HmacPBESHA256";

    private static final int MIN_ITERATIONS = 10_000;

    private Pkcs12Settings() {}

    /**
     * Refuses JVM settings that would make the JDK write weaker PKCS#12 files than its defaults (see the
     * {@code keystore.pkcs12.*} entries in {@code java.security}).
     */
    static void checkStrong() {
        Checks.checkState(
                System.getProperty("keystore.pkcs12.legacy") == null,
                "keystore.pkcs12.legacy",
                "set",
                "unset: legacy PKCS#12 algorithms are too weak for the vault");
        checkSetting("keystore.pkcs12.certProtectionAlgorithm", PROTECTION_ALGORITHM);
        checkSetting("keystore.pkcs12.keyProtectionAlgorithm", PROTECTION_ALGORITHM);
        checkSetting("keystore.pkcs12.macAlgorithm", MAC_ALGORITHM);
        checkIterations("keystore.pkcs12.certPbeIterationCount");
        checkIterations("keystore.pkcs12.keyPbeIterationCount");
        checkIterations("keystore.pkcs12.macIterationCount");
    }

    private static void checkSetting(String name, String expected) {
        String value = setting(name);
        Checks.checkState(
                value == null || value.equalsIgnoreCase(expected),
                name,
                value,
                "unset or " + expected + " for the vault");
    }

    private static void checkIterations(String name) {
        String value = setting(name);
        boolean strong;
        try {
            strong = value == null || Integer.parseInt(value) >= MIN_ITERATIONS;
        } catch (NumberFormatException e) {
            strong = false;
        }
        Checks.checkState(strong, name, value, "unset or at least " + MIN_ITERATIONS + " for the vault");
    }

    /** A {@code keystore.pkcs12.*} setting as the JDK reads it: the system property wins over the security one. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            value = Security.getProperty(name);
        }
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
