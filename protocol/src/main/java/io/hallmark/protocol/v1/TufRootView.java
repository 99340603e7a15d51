package io.hallmark.protocol.v1;

/**
 * The answer to installing a manufacturer's new TUF root.
 *
 * @param version the root version now current
 */
public record TufRootView(int version) {}
