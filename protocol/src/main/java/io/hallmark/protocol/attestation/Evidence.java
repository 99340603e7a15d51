package io.hallmark.protocol.attestation;

import java.util.List;
import java.util.Optional;

/**
 * The claims of an EAT (RFC 9711) as this profile takes them, after {@link EvidenceParser} checked their syntax. Not
 * yet trusted: only the {@link Appraiser} says whether the signature and the values hold.
 *
 * @param alg the JWS algorithm of the header (RFC 7515 §4.1.1)
 * @param certificateSha256 the header's {@code x5t#S256} (RFC 7515 §4.1.8): SHA-256 of the signing certificate (DER)
 * @param nonce {@code eat_nonce} (RFC 9711 §4.1), the base64url text as sent
 * @param ueid {@code ueid} (§4.2.1), decoded
 * @param oemid {@code oemid} (§4.2.3) as sent (base64url text or the decimal PEN), if present
 * @param hwmodel {@code hwmodel} (§4.2.4) decoded to UTF-8 text, if present
 * @param swname {@code swname} (§4.2.6)
 * @param swversion the version string of {@code swversion} (§4.2.7)
 * @param dbgstat {@code dbgstat} (§4.2.9)
 * @param oemboot {@code oemboot} (§4.2.8), the boot state
 * @param measurements {@code measurements} (§4.2.16), one per component
 * @param iat {@code iat} (§4.3.1), seconds since the epoch
 */
public record Evidence(
        String alg,
        byte[] certificateSha256,
        String nonce,
        byte[] ueid,
        Optional<String> oemid,
        Optional<String> hwmodel,
        String swname,
        String swversion,
        DebugStatus dbgstat,
        boolean oemboot,
        List<Measurement> measurements,
        long iat) {

    /** Copies the arrays and the list. */
    public Evidence {
        certificateSha256 = certificateSha256.clone();
        ueid = ueid.clone();
        measurements = List.copyOf(measurements);
    }

    @Override
    public byte[] certificateSha256() {
        return certificateSha256.clone();
    }

    @Override
    public byte[] ueid() {
        return ueid.clone();
    }
}
