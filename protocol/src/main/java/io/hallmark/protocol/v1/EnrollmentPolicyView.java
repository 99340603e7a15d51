package io.hallmark.protocol.v1;

/**
 * An owner's enrollment policy.
 *
 * @param activation auto (active on enrollment) or approval (EST answers 202 until an operator approves)
 */
public record EnrollmentPolicyView(String activation) {}
