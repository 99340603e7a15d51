package io.hallmark.server.update;

import io.hallmark.core.Checks;
import java.util.Optional;

/**
 * The keys of one product's delegated targets role (TUF §4.5) and its next version awaiting offline signatures. A
 * role without a stored record is signed online by its first vault key ({@link #initial}).
 *
 * @param orgId the manufacturer
 * @param role {@code product-<dir>}
 * @param vaultKey the generation of the role's online vault key: 1 the key made with the product's first release, n >
 *     1 the n-th, made by a rotation
 * @param offline the release managers' keys the top-level targets name for the role (the JSON document of {@code
 *     hallmark update keys init}: threshold and public keys); empty: the vault key
 * @param next offline keys (same form) set by the owner, named by the top-level targets once a version they signed
 *     is complete
 * @param pending the role's next version as a TUF file ({@code signed} and the signatures collected so far)
 * @param signedVersion the last version completed by offline signatures, 0 when none
 */
public record TufProductRole(
        String orgId,
        String role,
        int vaultKey,
        Optional<String> offline,
        Optional<String> next,
        Optional<byte[]> pending,
        int signedVersion) {

    /** Checks the fields. */
    public TufProductRole {
        Checks.notBlank(orgId, "orgId");
        Checks.notBlank(role, "role");
        Checks.check(vaultKey >= 1, "vaultKey", vaultKey, ">= 1");
        Checks.notNull(offline, "offline");
        Checks.notNull(next, "next");
        Checks.notNull(pending, "pending");
        Checks.check(signedVersion >= 0, "signedVersion", signedVersion, ">= 0");
    }

    /** A role as made with its product's first release: signed online by its first vault key. */
    static TufProductRole initial(String orgId, String role) {
        return new TufProductRole(orgId, role, 1, Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** Whether its new versions are signed by release managers' offline keys rather than by the vault. */
    boolean signedOffline() {
        return offline.isPresent() || next.isPresent();
    }

    /** The keys that sign its next version: the owner's newly set ones, else those in force. */
    Optional<OfflineKeys> signers() {
        return (next.isPresent() ? next : offline).map(OfflineKeys::fromJson);
    }

    /** The offline keys in force, if any. */
    Optional<OfflineKeys> offlineKeys() {
        return offline.map(OfflineKeys::fromJson);
    }

    TufProductRole withVaultKey(int generation) {
        return new TufProductRole(orgId, role, generation, offline, next, pending, signedVersion);
    }

    TufProductRole withNext(OfflineKeys keys) {
        return new TufProductRole(
                orgId, role, vaultKey, offline, Optional.of(keys.toJson()), Optional.empty(), signedVersion);
    }

    TufProductRole withPending(Optional<byte[]> file) {
        return new TufProductRole(orgId, role, vaultKey, offline, next, file, signedVersion);
    }

    /** After the pending version {@code version} reached its threshold: its keys are in force, nothing pending. */
    TufProductRole completed(int version) {
        return new TufProductRole(
                orgId, role, vaultKey, next.isPresent() ? next : offline, Optional.empty(), Optional.empty(), version);
    }
}
