package io.hallmark.agent;

/**
 * How a simulated device misbehaves when it attests, so that the verifier's refusals can be shown end to end. A real
 * device attests with {@link #NONE}.
 */
public enum Misbehaviour {
    /** Honest evidence. */
    NONE,
    /** Sends evidence twice with the same nonce; the second is the one answered. */
    REPLAY_NONCE,
    /** Evidence made an hour ago ({@code iat}). */
    STALE_EVIDENCE,
    /** Evidence signed with a key that is not the device's, naming the device's certificate. */
    FOREIGN_KEY,
    /** Evidence naming another device ({@code ueid}). */
    OTHER_DEVICE
}
