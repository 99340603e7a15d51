/**
 * Ownership vouchers (RFC 8366) and voucher requests (RFC 8995 §3), their JSON encoding (RFC 7951 for the YANG
 * modules) and their signature as a JWS, with a pure verifier a device or a registrar runs on bytes it received.
 */
package io.hallmark.protocol.voucher;
