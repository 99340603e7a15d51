package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/cra/cases/{case}/close}.
 *
 * @param note why the case is closed; required, at most 1000 characters
 */
public record CraCloseRequest(String note) {}
