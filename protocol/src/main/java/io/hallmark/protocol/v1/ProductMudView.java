package io.hallmark.protocol.v1;

/**
 * The MUD file (RFC 8520) attached to a product.
 *
 * @param mudUrl the file's {@code mud-url}
 * @param acls how many access lists it has
 */
public record ProductMudView(String product, String mudUrl, int acls) {}
