package io.hallmark.protocol.v1;

/**
 * {@code GET /api/v1/organizations/{org}/ca}: the organization's certificate authorities as PEM.
 *
 * @param root the organization's root CA certificate
 * @param idevid the IDevID issuing CA then the root (manufacturers), or null
 * @param ldevid the LDevID issuing CA then the root (owners), or null
 */
public record OrganizationCaView(String org, String root, String idevid, String ldevid) {}
