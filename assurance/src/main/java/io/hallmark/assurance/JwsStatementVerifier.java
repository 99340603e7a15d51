package io.hallmark.assurance;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import io.hallmark.core.Jws;
import io.hallmark.core.UntrustedInputException;
import java.nio.charset.StandardCharsets;

/** Verifies a compact JWS signed with ES256 against the JWK offered (RFC 7515, RFC 7518 §3.4, RFC 7517). */
final class JwsStatementVerifier implements StatementVerifier {

    @Override
    public Verdict verify(Role role, String signer, byte[] signature, byte[] key) {
        try {
            JWSObject jws = Jws.verify(
                    new String(signature, StandardCharsets.US_ASCII).strip(),
                    Jws.verificationKey(new String(key, StandardCharsets.UTF_8)),
                    JWSAlgorithm.ES256);
            return Verdict.valid(jws.getPayload().toBytes());
        } catch (UntrustedInputException e) {
            return Verdict.invalid(e.getMessage());
        }
    }
}
