package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/labels}: a manufacturer asks for a trust label.
 *
 * @param product the product's id or model (in the caller's organization)
 * @param level {@code L1}..{@code L4}
 * @param profile the product profile (YAML text), assessed on the server
 */
public record LabelRequest(String product, String level, String profile) {}
