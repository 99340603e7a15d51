package io.hallmark.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hallmark.assurance.Finding.Severity;
import io.hallmark.assurance.Profile.Statement;
import io.hallmark.assurance.StatementVerifier.Role;
import io.hallmark.assurance.StatementVerifier.Verdict;
import io.hallmark.core.Hashes;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Checks the signed statements a profile names: the signature (through the {@link StatementVerifier}), then the
 * signed JSON payload, which must name the statement kind, the signer, and the SHA-256 of the exact profile bytes:
 *
 * <pre>
 * {"statement": "declaration" | "assessor-review" | "certification",
 *  "signer": "...", "profile_sha256": "&lt;hex&gt;",
 *  "outcome": "pass",                      (assessor-review)
 *  "ava_van": "AVA_VAN.4",                 (certification)
 *  "security_levels": {"FR1": 2, ...}}     (certification of an industrial product)
 * </pre>
 */
final class StatementChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome for one statement.
     *
     * @param present whether the profile names it
     * @param valid whether signature and payload hold
     * @param reason why not, empty when valid or absent
     * @param payload the signed payload when valid, else an empty object
     */
    record Outcome(boolean present, boolean valid, String reason, JsonNode payload) {
        static Outcome absent() {
            return new Outcome(false, false, "", JSON.createObjectNode());
        }

        static Outcome invalid(String reason) {
            return new Outcome(true, false, reason, JSON.createObjectNode());
        }
    }

    private StatementChecks() {}

    static Outcome check(
            Statement statement,
            Role role,
            String kind,
            String expectedSigner,
            byte[] profileBytes,
            Map<String, byte[]> files,
            StatementVerifier verifier,
            List<Finding> findings) {
        if (statement == null) {
            findings.add(new Finding("assurance.statement.missing", Severity.INFO, kind, "a signed " + kind, "none"));
            return Outcome.absent();
        }
        Outcome o = verify(statement, role, kind, expectedSigner, profileBytes, files, verifier);
        if (!o.valid()) {
            findings.add(new Finding(
                    "assurance.statement.invalid", Severity.ERROR, kind, "a valid signed " + kind, o.reason()));
        }
        return o;
    }

    private static Outcome verify(
            Statement s,
            Role role,
            String kind,
            String expectedSigner,
            byte[] profileBytes,
            Map<String, byte[]> files,
            StatementVerifier verifier) {
        byte[] signature = files.get(s.signature());
        byte[] key = files.get(s.key());
        if (signature == null) {
            return Outcome.invalid("signature file " + s.signature() + " not found");
        }
        if (key == null) {
            return Outcome.invalid("key file " + s.key() + " not found");
        }
        Verdict verdict = verifier.verify(role, s.signer(), signature, key);
        if (!verdict.valid()) {
            return Outcome.invalid("signature: " + verdict.reason());
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(verdict.payload());
        } catch (IOException e) {
            return Outcome.invalid("payload: not JSON");
        }
        if (payload == null || !payload.isObject()) {
            return Outcome.invalid("payload: not a JSON object");
        }
        if (!kind.equals(payload.path("statement").asText())) {
            return Outcome.invalid("statement: " + payload.path("statement").asText() + " (expected: " + kind + ")");
        }
        String digest = Hashes.hex(Hashes.sha256(profileBytes));
        if (!digest.equals(payload.path("profile_sha256").asText())) {
            return Outcome.invalid(
                    "profile_sha256: " + payload.path("profile_sha256").asText() + " (expected: " + digest
                            + ", the SHA-256 of this profile)");
        }
        if (!s.signer().equals(payload.path("signer").asText())) {
            return Outcome.invalid("signer: " + payload.path("signer").asText() + " (expected: " + s.signer() + ")");
        }
        if (expectedSigner != null && !expectedSigner.equals(s.signer())) {
            return Outcome.invalid("signer: " + s.signer() + " (expected: the manufacturer " + expectedSigner + ")");
        }
        return new Outcome(true, true, "", payload);
    }
}
