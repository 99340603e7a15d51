package io.hallmark.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * What the agent's state directory holds, as of one moment.
 *
 * @param state where the device stands
 * @param serial the device's serial number, when known (configured, or from a certificate)
 * @param certificateSerial the operational certificate's serial number, hex
 * @param issuer the operational certificate's issuer, RFC 2253
 * @param notBefore the start of its validity
 * @param notAfter the end of its validity
 * @param renewAt from when {@link Agent#renewIfDue()} renews it
 * @param chainPresent whether the owner's CA chain ({@code chain.pem}) is stored
 * @param birthCertificate whether a birth certificate ({@code idevid.pem}) is present
 * @param requestPending whether a new key waits for its certificate (an unfinished enrollment or renewal)
 */
public record AgentStatus(
        State state,
        Optional<String> serial,
        Optional<String> certificateSerial,
        Optional<String> issuer,
        Optional<Instant> notBefore,
        Optional<Instant> notAfter,
        Optional<Instant> renewAt,
        boolean chainPresent,
        boolean birthCertificate,
        boolean requestPending) {

    /** Where the device stands. */
    public enum State {
        /** No operational certificate yet: run {@link Agent#enroll(String)} or {@link Agent#enroll()}. */
        NOT_ENROLLED,
        /** Enrolled; renewal is not yet due. */
        ENROLLED,
        /** Enrolled, and renewal is due: {@link Agent#renewIfDue()} renews. */
        RENEWAL_DUE,
        /** The operational certificate has expired (or is not yet valid): enroll again. */
        EXPIRED
    }
}
