package io.hallmark.protocol.attestation;

import io.hallmark.core.Checks;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One measured component: its name, the digest algorithm (a name from the IANA Named Information Hash Algorithm
 * registry, {@code sha-256} or {@code sha-384}) and the digest. On the wire it is one entry of the {@code
 * measurements} claim (RFC 9711 §4.2.16), as specified in {@code docs/protocol/attestation.md}.
 */
public record Measurement(String component, String alg, byte[] digest) {
    /** Checks the components. */
    public Measurement {
        Checks.notBlank(component, "component");
        Checks.check(digestLength(alg) > 0, "alg", alg, "sha-256 or sha-384");
        Checks.check(
                digest != null && digest.length == digestLength(alg),
                "digest",
                digest == null ? null : digest.length + " bytes",
                digestLength(alg) + " bytes");
        digest = digest.clone();
    }

    /** The digest's length for {@code alg}, or -1 for an algorithm not taken. */
    static int digestLength(String alg) {
        if ("sha-256".equals(alg)) {
            return 32;
        }
        if ("sha-384".equals(alg)) {
            return 48;
        }
        return -1;
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The digest in lower-case hex. */
    public String hex() {
        return HexFormat.of().formatHex(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measurement m
                && component.equals(m.component)
                && alg.equals(m.alg)
                && Arrays.equals(digest, m.digest);
    }

    @Override
    public int hashCode() {
        return (component.hashCode() * 31 + alg.hashCode()) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return component + " " + alg + ":" + hex();
    }
}
