package io.hallmark.protocol.v1;

/**
 * A file uploaded for a release (image or SBOM), named by its digest.
 *
 * @param sha256 the SHA-256 of the bytes, hex
 * @param length the number of bytes
 */
public record ReleaseUploadView(String sha256, long length) {}
