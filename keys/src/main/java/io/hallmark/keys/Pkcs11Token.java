package io.hallmark.keys;

import io.hallmark.core.Checks;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import javax.security.auth.login.FailedLoginException;

/**
 * A PKCS#11 token opened through its own SunPKCS11 provider instance, with the user logged in.
 *
 * <p>The provider is configured from text, not registered with {@link Security}: only code holding it uses the token.
 * Every configuration gets a key generation template that makes private keys sensitive and non-extractable.
 */
record Pkcs11Token(Provider provider, KeyStore store) {
    /** Appended to every configuration: generated private keys never leave the token. */
    private static final String KEY_TEMPLATE = """
            attributes(generate, CKO_PRIVATE_KEY, *) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    /**
     * Configures a provider from the SunPKCS11 configuration text {@code config} and logs in with {@code pin}.
     *
     * @param description names the token in messages
     * @throws IllegalStateException when the module cannot be loaded, the slot holds no token, or the PIN is wrong
     */
    static Pkcs11Token login(String config, char[] pin, String description) {
        Checks.notNull(pin, "pin");
        Checks.check(pin.length > 0, "pin", "empty", "at least one character");
        Provider provider = configure(config + "\n" + KEY_TEMPLATE, description);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS11", provider);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("vault: no PKCS#11 key store for " + description, e);
        }
        char[] copy = pin.clone();
        try {
            store.load(null, copy);
        } catch (IOException | GeneralSecurityException e) {
            if (hasCause(e, FailedLoginException.class)) {
                // no cause: nothing in it is needed to fix a wrong PIN
                throw new IllegalStateException("vault: wrong PIN for the PKCS#11 token of " + description);
            }
            // PKCS#11 errors carry return codes (CKR_PIN_LOCKED, CKR_TOKEN_NOT_PRESENT), never the PIN
            throw new IllegalStateException("vault: cannot log in to the PKCS#11 token of " + description, e);
        } finally {
            Arrays.fill(copy, '\0');
        }
        return new Pkcs11Token(provider, store);
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + provider.getName() + "]";
    }

    private static Provider configure(String config, String description) {
        Provider base = Security.getProvider("SunPKCS11");
        Checks.checkState(base != null, "provider", "no SunPKCS11", "a JDK with the jdk.crypto.cryptoki module");
        try {
            // text starting with "--" is inline configuration, not a file name
            return base.configure("--" + config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("vault: cannot load the PKCS#11 module of " + description, e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
