/**
 * Trusted updates: a TUF repository per manufacturer (The Update Framework 1.0, consistent snapshots; metadata of
 * {@code io.hallmark.protocol.tuf}), its keys in the vault, and the firmware releases it signs.
 *
 * <p>{@link io.hallmark.server.update.ReleaseService} uploads images and SBOMs, publishes, lists and revokes
 * releases; {@link io.hallmark.server.update.TufRepositoryService} serves the metadata and images to devices and
 * signs the timestamp again before it expires. Each published release is one targets entry whose custom metadata
 * holds the product, version, hardware revisions, security flag, reference measurements and SBOM digest.
 */
package io.hallmark.server.update;
