package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's second factor: TOTP (RFC 6238, HMAC-SHA-1, 6 digits, 30 s, one step either side, each code usable
 * once). A user turns it on for themselves after giving their console password: the secret is shown once as an
 * {@code otpauth://} URI, and asked for at sign-in once the user has confirmed it with a first code. A user turns it
 * off for themselves, or an administrator of their organization ({@code user-update}) does, for a lost device.
 *
 * <p>The secret is stored sealed with AES-256-GCM (NIST SP 800-38D) under a per-user key: the SHA-256 of a
 * deterministic Ed25519 signature (RFC 8032 §5.1.6) of the user id by the vault key {@value #KEY}, so a copy of the
 * database alone does not give the secrets. Every change is authorized and audited in its transaction.
 */
public final class TotpService {
    /** The vault key the sealing keys are derived from. */
    static final String KEY = "totp-secrets";

    /** The issuer name authenticator apps show. */
    static final String ISSUER = "Hallmark";

    private static final int NONCE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final KeyVault vault;
    private final Clock clock;

    /** A secret just made: shown this once. */
    public record Enrollment(String otpauthUri, String secret) {
        @Override
        public String toString() {
            return "Enrollment[hidden]";
        }
    }

    /** Creates the service; makes the vault key on first use. */
    public TotpService(Transactor tx, AuditLog audit, Guard guard, AccessService access, KeyVault vault, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.vault = Checks.notNull(vault, "vault");
        this.clock = Checks.notNull(clock, "clock");
        if (!vault.contains(KEY)) {
            vault.generate(KEY, KeyType.ED25519);
        }
    }

    /**
     * Makes a new secret for the caller's own user, who proves it is them with their console password. The secret
     * waits for {@link #confirm}; a confirmed one must be turned off first.
     */
    public Enrollment enable(Caller caller, char[] password) {
        Principal p = caller.principal();
        guard.check(caller, Permission.TOKEN_OWN, p.orgId(), "totp.enable", p.userId());
        if (password == null || password.length == 0) {
            throw new InvalidRequestException("password: missing (expected: your console password)");
        }
        User u = tx.read(s -> s.users().findById(p.userId()))
                .orElseThrow(() -> new NotFoundException("no user " + p.userId()));
        if (!access.checkPassword(u.name(), password)) {
            record(caller, "totp.enable", u, Outcome.FAILURE, "wrong console password", Severity.WARNING);
            throw new InvalidRequestException("password: not your console password");
        }
        byte[] secret = new byte[Totp.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        TotpSecret stored = new TotpSecret(u.id(), seal(u.id(), secret), false, -1, clock.instant());
        tx.inTransaction(s -> {
            if (s.users().findTotp(u.id()).filter(TotpSecret::confirmed).isPresent()) {
                throw new ConflictException("two-step sign-in is already on: turn it off first");
            }
            s.users().putTotp(stored);
            audit.record(
                    s,
                    caller.record("totp.enable", Optional.of(u.orgId()), u.id(), Outcome.SUCCESS, null, Severity.INFO));
            return null;
        });
        Enrollment e = new Enrollment(Totp.uri(ISSUER, u.name(), secret), Totp.base32(secret));
        Arrays.fill(secret, (byte) 0);
        return e;
    }

    /** Confirms the caller's new secret with a first code; from then on sign-in asks for a code. */
    public void confirm(Caller caller, String code) {
        Principal p = caller.principal();
        guard.check(caller, Permission.TOKEN_OWN, p.orgId(), "totp.confirm", p.userId());
        User u = tx.read(s -> s.users().findById(p.userId()))
                .orElseThrow(() -> new NotFoundException("no user " + p.userId()));
        TotpSecret t = tx.read(s -> s.users().findTotp(u.id()))
                .filter(x -> !x.confirmed())
                .orElseThrow(() -> new NotFoundException("no two-step secret waits for confirmation"));
        OptionalLong step = Totp.match(unseal(t), code, clock.instant());
        if (step.isEmpty()) {
            record(caller, "totp.confirm", u, Outcome.FAILURE, "wrong code", Severity.WARNING);
            throw new InvalidRequestException("code: not the current code of the new secret");
        }
        tx.inTransaction(s -> {
            s.users().putTotp(new TotpSecret(t.userId(), t.sealed(), true, step.getAsLong(), t.createdAt()));
            audit.record(
                    s,
                    caller.record(
                            "totp.confirm", Optional.of(u.orgId()), u.id(), Outcome.SUCCESS, null, Severity.INFO));
            return null;
        });
    }

    /** Turns two-step sign-in off for {@code userId}: one's own ({@code token-own}) or, with {@code user-update}, another's. */
    public void disable(Caller caller, String userId) {
        User u = tx.read(s -> s.users().findById(userId)).orElseThrow(() -> new NotFoundException("no user " + userId));
        boolean self = u.id().equals(caller.principal().userId());
        guard.check(caller, self ? Permission.TOKEN_OWN : Permission.USER_UPDATE, u.orgId(), "totp.disable", userId);
        tx.inTransaction(s -> {
            if (!s.users().deleteTotp(u.id())) {
                throw new NotFoundException("two-step sign-in is off for " + userId);
            }
            audit.record(
                    s,
                    caller.record(
                            "totp.disable",
                            Optional.of(u.orgId()),
                            u.id(),
                            Outcome.SUCCESS,
                            self ? null : "by an administrator",
                            self ? Severity.INFO : Severity.WARNING));
            return null;
        });
    }

    /** Whether sign-in asks {@code userId} for a code (a confirmed secret exists). */
    public boolean required(String userId) {
        return tx.read(s -> s.users().findTotp(userId))
                .filter(TotpSecret::confirmed)
                .isPresent();
    }

    /**
     * Checks a sign-in code of {@code userId} and uses it up. A wrong, replayed or malformed code is audited as
     * {@code auth.denied} with its reason; the caller learns only that it failed.
     */
    public boolean verify(String userId, String code, String requestId) {
        Optional<TotpSecret> t = tx.read(s -> s.users().findTotp(userId)).filter(TotpSecret::confirmed);
        String why;
        if (t.isEmpty()) {
            why = "no two-step secret";
        } else {
            OptionalLong step = Totp.match(unseal(t.get()), code, clock.instant());
            if (step.isEmpty()) {
                why = "wrong two-step code";
            } else if (!tx.inTransaction(s -> s.users().useTotpStep(userId, step.getAsLong()))) {
                why = "two-step code used before";
            } else {
                return true;
            }
        }
        guard.unauthenticated("POST /login/code", why + " for " + userId, requestId);
        return false;
    }

    private void record(Caller caller, String action, User u, Outcome outcome, String reason, Severity severity) {
        tx.inTransaction(s -> {
            audit.record(s, caller.record(action, Optional.of(u.orgId()), u.id(), outcome, reason, severity));
            return null;
        });
    }

    private String seal(String userId, byte[] secret) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        byte[] ct = gcm(Cipher.ENCRYPT_MODE, userId, nonce, secret);
        byte[] out = ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    private byte[] unseal(TotpSecret t) {
        Checks.checkState(t.sealed().startsWith("v1."), "sealed", "(hidden)", "a v1 sealed secret");
        byte[] in = Base64.getUrlDecoder().decode(t.sealed().substring(3));
        byte[] nonce = Arrays.copyOfRange(in, 0, NONCE);
        return gcm(Cipher.DECRYPT_MODE, t.userId(), nonce, Arrays.copyOfRange(in, NONCE, in.length));
    }

    private byte[] gcm(int mode, String userId, byte[] nonce, byte[] data) {
        byte[] label = ("hallmark-totp-v1:" + userId).getBytes(StandardCharsets.UTF_8);
        byte[] key = sealingKey(label);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            // the user id is bound as associated data: a sealed secret moved to another user does not open
            c.updateAAD(label);
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a TOTP secret could not be sealed or opened", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] sealingKey(byte[] label) {
        return Hashes.sha256(vault.sign(KEY, "Ed25519", label));
    }
}
