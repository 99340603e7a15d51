/**
 * Trust labels: a manufacturer requests a label for a product at a level, with the product's profile; the platform
 * assesses the profile with the pure engine of {@code hallmark-assurance}; an assessor organization reviews the
 * request (required for L3 and L4); an administrator issues the label as a compact JWS (RFC 7515, ES256) signed with
 * the platform's label key; anyone checks its live status at {@code /verify/{labelId}}.
 *
 * <p>{@link io.hallmark.server.assurance.LabelService} is the entry; {@link io.hallmark.server.assurance.LabelStatus}
 * decides a label's status without I/O from facts the service gathers; {@link
 * io.hallmark.server.assurance.LabelSignals} is the port through which vulnerability exposure and attestation feed
 * that decision, answered by {@link io.hallmark.server.assurance.PlatformLabelSignals} from the platform's stores.
 */
package io.hallmark.server.assurance;
