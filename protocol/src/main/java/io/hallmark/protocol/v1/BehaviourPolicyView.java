package io.hallmark.protocol.v1;

/**
 * An owner's responses to behaviour findings.
 *
 * @param quarantineOnViolation quarantine a device at once when a report breaks its product's MUD policy or shows a
 *     telnet port listening (default false: the finding is published, nothing else)
 */
public record BehaviourPolicyView(Boolean quarantineOnViolation) {}
