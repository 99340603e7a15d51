package io.hallmark.protocol.attestation;

import static io.hallmark.protocol.attestation.Finding.Severity.CONTRAINDICATED;
import static io.hallmark.protocol.attestation.Finding.Severity.INFO;
import static io.hallmark.protocol.attestation.Finding.Severity.REJECTED;
import static io.hallmark.protocol.attestation.Finding.Severity.WARNING;

import io.hallmark.core.Checks;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verifier's appraisal of evidence (RFC 9334 §3.2, background-check model §5.2): pure, without I/O, fed the
 * parsed token and the facts the caller looked up (the device's certificates with their chain and revocation state,
 * what is known of the nonce, the reference values), returning every {@link Finding} and the AR4SI result. It never
 * throws for any token.
 *
 * <p>Steps, in order; a {@code rejected} finding ends the appraisal after its step:
 * <ol>
 *   <li>syntax ({@link EvidenceParser});
 *   <li>key: the certificate named by {@code x5t#S256} is one of this device's, chains to its CA and is not revoked
 *       or held; its key fits {@code alg} (no key confusion, RFC 8725 §3.1); the signature has the length {@code alg}
 *       fixes (RFC 7518 §3.4) and verifies (RFC 7515 §5.2);
 *   <li>freshness: {@code eat_nonce} was issued to this device, is unused and younger than the nonce lifetime (RFC
 *       9711 §4.1, RFC 9334 §10.2); {@code iat} is neither older than the evidence age nor in the future (§4.3.1);
 *   <li>identity: {@code ueid} is the device's ({@link Ueid}, §4.2.1);
 *   <li>values: {@code hwmodel} against the product, {@code dbgstat} (§4.2.9), {@code oemboot} (§4.2.8), and each
 *       measurement (§4.2.16) against the component's reference values.
 * </ol>
 */
public final class Appraiser {
    /**
     * The verifier's bounds.
     *
     * @param maxEvidenceAge how old {@code iat} may be
     * @param nonceLifetime how long after issue a nonce is taken
     * @param clockSkew how far in the future {@code iat} may lie
     */
    public record Policy(Duration maxEvidenceAge, Duration nonceLifetime, Duration clockSkew) {
        /** Defaults: evidence up to 5 minutes old, nonces for 5 minutes, 60 s skew. */
        public static final Policy DEFAULT =
                new Policy(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofSeconds(60));

        /** Checks the bounds are positive. */
        public Policy {
            Checks.check(
                    !maxEvidenceAge.isNegative() && !maxEvidenceAge.isZero(), "maxEvidenceAge", maxEvidenceAge, "> 0");
            Checks.check(!nonceLifetime.isNegative() && !nonceLifetime.isZero(), "nonceLifetime", nonceLifetime, "> 0");
            Checks.check(!clockSkew.isNegative(), "clockSkew", clockSkew, ">= 0");
        }
    }

    /**
     * A certificate of the device, with what the caller established about it.
     *
     * @param chainValid whether it chains to the CA that issued the device's certificates
     * @param revoked whether it is revoked or on hold
     */
    public record DeviceKey(X509Certificate certificate, boolean chainValid, boolean revoked) {}

    /**
     * A nonce as the verifier issued it.
     *
     * @param issuedTo the serial number of the device it was issued to
     * @param used whether evidence with it was taken before
     */
    public record IssuedNonce(String issuedTo, Instant issuedAt, boolean used) {}

    /**
     * What the caller looked up for one appraisal.
     *
     * @param serial the device's serial number (the one its certificates name)
     * @param keys the device's certificates
     * @param nonce what is known of the token's nonce; empty when it was never issued
     * @param reference the reference values: per component, the digests taken, each {@code alg:hex}
     * @param productModel the device product's model, when it has a product
     * @param production whether the device is in production (debug must be disabled)
     * @param now the appraisal time
     * @param revokedRelease when the reference values are those of a revoked release: that release, described
     */
    public record Facts(
            String serial,
            List<DeviceKey> keys,
            Optional<IssuedNonce> nonce,
            Map<String, Set<String>> reference,
            Optional<String> productModel,
            boolean production,
            Instant now,
            Optional<String> revokedRelease) {
        /** Copies the collections. */
        public Facts {
            Checks.notBlank(serial, "serial");
            keys = List.copyOf(keys);
            reference = Map.copyOf(reference);
            Checks.notNull(revokedRelease, "revokedRelease");
        }

        /** Facts whose reference values are not those of a revoked release. */
        public Facts(
                String serial,
                List<DeviceKey> keys,
                Optional<IssuedNonce> nonce,
                Map<String, Set<String>> reference,
                Optional<String> productModel,
                boolean production,
                Instant now) {
            this(serial, keys, nonce, reference, productModel, production, now, Optional.empty());
        }
    }

    /**
     * The outcome.
     *
     * @param status the tier: {@code none} when rejected, else the worst of the vector
     * @param vector the trustworthiness vector; all "no claim" when rejected
     * @param findings every finding, in the order found
     * @param evidence the claims, when the token was well formed
     */
    public record Appraisal(Tier status, TrustVector vector, List<Finding> findings, Optional<Evidence> evidence) {
        /** Copies the list. */
        public Appraisal {
            findings = List.copyOf(findings);
        }

        /** Whether the evidence was refused (a {@code rejected} finding): no result is recorded for it. */
        public boolean rejected() {
            return findings.stream().anyMatch(f -> f.severity() == REJECTED);
        }

        /** The ids of the findings. */
        public List<String> findingIds() {
            return findings.stream().map(Finding::id).toList();
        }
    }

    private static final TrustVector NO_CLAIM = new TrustVector(0, 0, 0, 0, 0, 0, 0, 0);

    private final Policy policy;

    /** Creates an appraiser with {@code policy}. */
    public Appraiser(Policy policy) {
        this.policy = Checks.notNull(policy, "policy");
    }

    /** Parses and appraises {@code token}. */
    public Appraisal appraise(String token, Facts facts) {
        return appraise(EvidenceParser.parse(token), facts);
    }

    /** Appraises a parsed token. */
    public Appraisal appraise(EvidenceParser.Parsed parsed, Facts facts) {
        List<Finding> f = new ArrayList<>(parsed.findings());
        if (parsed.evidence().isEmpty()) {
            return rejected(f, Optional.empty());
        }
        Evidence ev = parsed.evidence().get();
        checkKey(parsed, ev, facts, f);
        if (!f.isEmpty()) {
            return rejected(f, parsed.evidence());
        }
        checkFreshness(ev, facts, f);
        if (!Ueid.matches(ev.ueid(), facts.serial())) {
            f.add(Finding.of(Finding.UEID_MISMATCH, REJECTED, Ueid.text(facts.serial()), Base64Url.encode(ev.ueid())));
        }
        if (!f.isEmpty()) {
            return rejected(f, parsed.evidence());
        }
        int hardware = 2;
        if (facts.productModel().isPresent()
                && ev.hwmodel().isPresent()
                && !facts.productModel().get().equals(ev.hwmodel().get())) {
            f.add(Finding.of(
                    Finding.HWMODEL_MISMATCH,
                    CONTRAINDICATED,
                    facts.productModel().get(),
                    ev.hwmodel().get()));
            hardware = 97;
        }
        int configuration = 2;
        if (ev.dbgstat().isEnabledSinceBoot()) {
            f.add(Finding.of(
                    Finding.DEBUG_ENABLED,
                    facts.production() ? WARNING : INFO,
                    "disabled",
                    ev.dbgstat().wire()));
            configuration = facts.production() ? 32 : 2;
        }
        int executables = executables(ev, facts, f);
        TrustVector vector = new TrustVector(2, configuration, executables, 0, hardware, 0, 0, 0);
        return new Appraisal(vector.worst(), vector, f, parsed.evidence());
    }

    private static Appraisal rejected(List<Finding> f, Optional<Evidence> evidence) {
        return new Appraisal(Tier.NONE, NO_CLAIM, f, evidence);
    }

    private static void checkKey(EvidenceParser.Parsed parsed, Evidence ev, Facts facts, List<Finding> f) {
        DeviceKey key = null;
        for (DeviceKey k : facts.keys()) {
            if (Arrays.equals(sha256(k.certificate()), ev.certificateSha256())) {
                key = k;
            }
        }
        if (key == null) {
            f.add(Finding.of(
                    Finding.KEY_UNBOUND,
                    REJECTED,
                    "a certificate of device " + facts.serial(),
                    "x5t#S256 " + Base64Url.encode(ev.certificateSha256())));
            return;
        }
        if (!key.chainValid()) {
            f.add(Finding.of(Finding.CERTIFICATE_CHAIN, REJECTED, "chains to the device's CA", "does not"));
        }
        if (key.revoked()) {
            f.add(Finding.of(Finding.CERTIFICATE_REVOKED, REJECTED, "good", "revoked or on hold"));
        }
        if (!f.isEmpty()) {
            return;
        }
        PublicKey pub = key.certificate().getPublicKey();
        Finding bad = checkSignature(ev.alg(), pub, parsed.signingInput(), parsed.signature());
        if (bad != null) {
            f.add(bad);
        }
    }

    /**
     * Checks a JWS signature (RFC 7515 §5.2) of {@code alg} over {@code input}: the key must fit the algorithm (no key
     * confusion), the signature must have the length the algorithm fixes (RFC 7518 §3.4, RFC 8037 §3.1), then verify.
     *
     * @return null when it verifies, else the finding
     */
    static Finding checkSignature(String alg, PublicKey pub, byte[] input, byte[] signature) {
        String jca = jcaAlgorithm(alg, pub);
        if (jca == null) {
            return Finding.of(Finding.KEY_ALG_MISMATCH, REJECTED, "a key for " + alg, keyName(pub));
        }
        int length = alg.equals("ES384") ? 96 : 64;
        if (signature.length != length) {
            // the JDK's P1363 verifier takes some signatures of the wrong length (Wycheproof): refuse them first
            return Finding.of(Finding.SIGNATURE_LENGTH, REJECTED, length + " bytes", signature.length + " bytes");
        }
        boolean ok;
        if (pub instanceof ECPublicKey ec) {
            ok = EcdsaVerification.verify(ec, alg.equals("ES384") ? "SHA-384" : "SHA-256", input, signature);
        } else {
            ok = verifyWithJca(jca, pub, input, signature);
        }
        return ok
                ? null
                : Finding.of(Finding.SIGNATURE_INVALID, REJECTED, "verifies with the certificate's key", "does not");
    }

    private static boolean verifyWithJca(String jca, PublicKey pub, byte[] input, byte[] signature) {
        boolean ok;
        try {
            Signature s = Signature.getInstance(jca);
            s.initVerify(pub);
            s.update(input);
            ok = s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            ok = false;
        }
        return ok;
    }

    /** The JCA algorithm for {@code alg} when {@code key} fits it, else null (RFC 7518 §3.4, RFC 8037 §3.1). */
    static String jcaAlgorithm(String alg, PublicKey key) {
        int bits = key instanceof ECPublicKey ec
                ? ec.getParams().getCurve().getField().getFieldSize()
                : 0;
        return switch (alg) {
            case "ES256" -> bits == 256 ? "SHA256withECDSAinP1363Format" : null;
            case "ES384" -> bits == 384 ? "SHA384withECDSAinP1363Format" : null;
            case "EdDSA" -> "Ed25519".equals(key.getAlgorithm()) || isEd25519(key) ? "Ed25519" : null;
            default -> null;
        };
    }

    private static boolean isEd25519(PublicKey key) {
        return key instanceof java.security.interfaces.EdECPublicKey ed
                && "Ed25519".equals(ed.getParams().getName());
    }

    private static String keyName(PublicKey key) {
        int bits = key instanceof ECPublicKey ec
                ? ec.getParams().getCurve().getField().getFieldSize()
                : 0;
        return bits > 0 ? "EC P-" + bits : key.getAlgorithm();
    }

    private void checkFreshness(Evidence ev, Facts facts, List<Finding> f) {
        Instant iat = Instant.ofEpochSecond(ev.iat());
        Instant now = facts.now();
        if (facts.nonce().isEmpty() || !facts.nonce().get().issuedTo().equals(facts.serial())) {
            f.add(Finding.of(Finding.NONCE_UNKNOWN, REJECTED, "a nonce issued to " + facts.serial(), "unknown"));
        } else {
            IssuedNonce n = facts.nonce().get();
            if (n.used()) {
                f.add(Finding.of(Finding.NONCE_REPLAYED, REJECTED, "unused", "used before"));
            }
            if (Duration.between(n.issuedAt(), now).compareTo(policy.nonceLifetime()) > 0) {
                f.add(Finding.of(
                        Finding.NONCE_EXPIRED,
                        REJECTED,
                        "<= " + policy.nonceLifetime(),
                        n.issuedAt().toString()));
            }
            if (iat.isBefore(n.issuedAt().minus(policy.clockSkew()))) {
                f.add(Finding.of(Finding.IAT_STALE, REJECTED, ">= nonce issue " + n.issuedAt(), iat.toString()));
            }
        }
        if (iat.isAfter(now.plus(policy.clockSkew()))) {
            f.add(Finding.of(Finding.IAT_FUTURE, REJECTED, "<= " + now.plus(policy.clockSkew()), iat.toString()));
        } else if (Duration.between(iat, now).compareTo(policy.maxEvidenceAge()) > 0
                && f.stream().noneMatch(x -> x.id().equals(Finding.IAT_STALE))) {
            f.add(Finding.of(Finding.IAT_STALE, REJECTED, "<= " + policy.maxEvidenceAge() + " old", iat.toString()));
        }
    }

    /** The executables claim: 3 when every component matches, 32/33 with warnings, 96 on any mismatch. */
    private static int executables(Evidence ev, Facts facts, List<Finding> f) {
        boolean mismatch = false;
        boolean unrecognized = false;
        Map<String, Set<String>> ref = facts.reference();
        if (ref.isEmpty()) {
            f.add(Finding.of(Finding.REFERENCE_ABSENT, WARNING, "reference values for the device", "none"));
            unrecognized = true;
        } else {
            Set<String> measured = new HashSet<>();
            for (Measurement m : ev.measurements()) {
                measured.add(m.component());
                Set<String> allowed = ref.get(m.component());
                String actual = m.alg() + ":" + m.hex();
                if (allowed == null) {
                    f.add(Finding.of(
                            Finding.MEASUREMENT_UNKNOWN,
                            WARNING,
                            ref.keySet().stream().sorted().toList(),
                            m.component()));
                    unrecognized = true;
                } else if (!allowed.contains(actual)) {
                    f.add(Finding.of(
                            Finding.MEASUREMENT_MISMATCH,
                            CONTRAINDICATED,
                            m.component() + " " + String.join(" | ", new TreeSet<>(allowed)),
                            m.component() + " " + actual));
                    mismatch = true;
                }
            }
            for (String component : new TreeSet<>(ref.keySet())) {
                if (!measured.contains(component)) {
                    f.add(Finding.of(Finding.MEASUREMENT_MISSING, WARNING, component, "not measured"));
                    unrecognized = true;
                }
            }
        }
        if (facts.revokedRelease().isPresent()) {
            // the measurements are those of firmware its manufacturer withdrew
            f.add(Finding.of(
                    Finding.RELEASE_REVOKED,
                    CONTRAINDICATED,
                    "a release not revoked",
                    facts.revokedRelease().get()));
            mismatch = true;
        }
        if (!ev.oemboot()) {
            f.add(Finding.of(Finding.BOOT_UNVERIFIED, WARNING, "oemboot true", "false"));
        }
        if (mismatch) {
            return 96;
        }
        if (unrecognized) {
            return 33;
        }
        return ev.oemboot() ? 3 : 32;
    }

    /** SHA-256 of a certificate's DER. */
    static byte[] sha256(X509Certificate c) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            return new byte[0];
        }
    }
}
