package io.hallmark.protocol.v1;

/**
 * The body of {@code POST /api/v1/organizations/{org}/ca/revocations}: revoke one of the organization's issuing CAs
 * by its root.
 *
 * @param purpose which issuing CA: {@code idevid} or {@code ldevid}
 * @param reason a CRLReason name of RFC 5280 §5.3.1 ({@code keyCompromise}, {@code cACompromise}, {@code
 *     superseded}, {@code cessationOfOperation}, ...); {@code unspecified} when absent
 */
public record CaRevocationRequest(String purpose, String reason) {}
