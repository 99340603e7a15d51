package io.hallmark.protocol.v1;

/**
 * {@code POST /api/v1/trust/manufacturers}: an owner trusts another instance's manufacturer.
 *
 * @param org the owner; the caller's organization when null
 * @param name a name for people
 * @param cert the manufacturer's certificates, PEM: its IDevID issuing CA and its root ({@code hallmark org ca M
 *     --purpose idevid} on its instance)
 */
public record TrustManufacturer(String org, String name, String cert) {}
