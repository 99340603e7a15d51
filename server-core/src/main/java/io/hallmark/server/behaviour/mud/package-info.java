/**
 * Manufacturer Usage Descriptions (RFC 8520) and the access lists they carry (RFC 8519): pure parsing
 * ({@link io.hallmark.server.behaviour.mud.MudParser}), evaluation of observed contacts
 * ({@link io.hallmark.server.behaviour.mud.MudPolicy}) and an nftables rendering
 * ({@link io.hallmark.server.behaviour.mud.NftablesExport}). No I/O: the caller fetches the MUD file and its signature.
 */
package io.hallmark.server.behaviour.mud;
