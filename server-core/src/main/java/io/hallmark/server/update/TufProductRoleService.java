package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.protocol.tuf.Metadata;
import io.hallmark.protocol.tuf.Signed;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.protocol.tuf.TufKey;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Product;
import io.hallmark.server.identity.ProductService;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The keys of each product's delegated targets role (TUF §4.5 "delegations", searched as §5.6.7 says): replacing its
 * online vault key, handing it to the release managers' offline keys with a threshold M, and collecting their
 * signatures over its next version.
 *
 * <ul>
 *   <li>A <b>rotation</b> makes a new vault key under a new alias; the next top-level targets name it for the role
 *       instead of the old one, and the role is signed again with it at a new version. A role signed by the old key
 *       no longer meets the delegation's threshold.
 *   <li><b>Offline keys</b>: the owner sets public keys and M. The role's next version (its current entries) is
 *       prepared unsigned; the delegation keeps naming the old keys until M of the new ones signed it. From then on
 *       each publish or revoke prepares the next version, and its releases wait ({@link Release.State#PENDING}).
 *   <li><b>Signatures</b> made on the managers' machines over the canonical JSON of the pending version's {@code
 *       signed} object (TUF §4.2) are checked one by one; once M distinct keys signed, the version is published with
 *       a new top-level targets, snapshot and timestamp, and its releases become published.
 * </ul>
 *
 * <p>Every change is authorized and audited in the transaction that makes it; a refused upload is audited too.
 */
public final class TufProductRoleService {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._+-]{1,64}");
    private static final int MAX_TARGETS_BYTES = 5_000_000;

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final ProductService products;
    private final TufRepositoryService repositories;
    private final Clock clock;

    /**
     * The state of a product's role as operators see it.
     *
     * @param productId the product
     * @param role {@code product-<dir>}
     * @param version the version devices are served
     * @param keyIds the key ids the top-level targets name for it
     * @param threshold how many of them must sign
     * @param offline whether its new versions are signed offline
     * @param pendingVersion the version awaiting signatures, if any
     * @param pendingKeyIds the keys that must sign it (the new ones, when the owner set new keys)
     * @param pendingThreshold how many of them
     * @param signedBy the key ids whose valid signatures it holds
     */
    public record RoleState(
            String productId,
            String role,
            int version,
            List<String> keyIds,
            int threshold,
            boolean offline,
            Optional<Integer> pendingVersion,
            List<String> pendingKeyIds,
            int pendingThreshold,
            List<String> signedBy) {}

    TufProductRoleService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            ProductService products,
            TufRepositoryService repositories,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.products = Checks.notNull(products, "products");
        this.repositories = Checks.notNull(repositories, "repositories");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** The role of {@code product}: {@code product-<model>}, or {@code product-<id>} for a model of other characters. */
    static String roleOf(Product product) {
        return TufDelegations.role(MODEL.matcher(product.model()).matches() ? product.model() : product.id());
    }

    /**
     * Replaces the online vault key of {@code productRef}'s role (TUF §4.5: the delegation's {@code keyids}): a new
     * key, named by the next top-level targets, signs a new version of the role. Returns the new key.
     */
    public TufKey rotateKey(Caller caller, String orgRef, String productRef) {
        Product product = products.get(caller, orgRef, productRef);
        String role = roleOf(product);
        guard.check(caller, Permission.RELEASE_SIGN, product.orgId(), "tuf.product-key.rotate", product.id());
        TufProductRole stored = tx.read(s -> listed(s, product, role));
        if (stored.signedOffline()) {
            throw new ConflictException("role " + role + " is signed by offline keys: set new keys instead"
                    + " (hallmark update product-key offline)");
        }
        repositories.ensureKeys(product.orgId());
        int generation = stored.vaultKey() + 1;
        TufKey key = repositories.repository().delegations().newKey(product.orgId(), role, generation);
        Function<Stores, String> change = s -> {
            TufProductRole now = listed(s, product, role);
            if (now.vaultKey() != stored.vaultKey() || now.signedOffline()) {
                throw new ConflictException("role " + role + " changed meanwhile: try again");
            }
            s.tufRepositories().putRole(now.withVaultKey(generation));
            return "new key " + key.keyId() + " for " + role + " (vault key " + generation + "), old key "
                    + "no longer named";
        };
        resign(caller, product, "tuf.product-key.rotate", change, Severity.WARNING);
        return key;
    }

    /**
     * Hands {@code productRef}'s role to the release managers' offline keys: {@code keysJson} is the document of
     * {@code hallmark update keys init} (threshold M and public keys, Ed25519 or ECDSA P-256). Its next version is
     * prepared for them to sign; the top-level targets name the new keys once M of them signed it.
     */
    public RoleState setOfflineKeys(Caller caller, String orgRef, String productRef, byte[] keysJson) {
        Product product = products.get(caller, orgRef, productRef);
        String role = roleOf(product);
        guard.check(caller, Permission.TUF_ROOT_ROTATE, product.orgId(), "tuf.product-keys.set", product.id());
        OfflineKeys keys =
                refusedIsAudited(caller, product, "tuf.product-keys.set", () -> OfflineKeys.parse(checkSize(keysJson)));
        repositories.ensureKeys(product.orgId());
        resign(
                caller,
                product,
                "tuf.product-keys.set",
                s -> {
                    s.tufRepositories().putRole(listed(s, product, role).withNext(keys));
                    return role + ": offline keys " + keys.keys().keySet() + ", threshold " + keys.threshold()
                            + ", named once they sign";
                },
                Severity.WARNING);
        return state(caller, orgRef, productRef);
    }

    /** The pending version of {@code productRef}'s role as a TUF file, with the signatures collected so far. */
    public byte[] pending(Caller caller, String orgRef, String productRef) {
        Product product = products.get(caller, orgRef, productRef);
        guard.check(caller, Permission.RELEASE_READ, product.orgId(), "tuf.product-role.read", product.id());
        return tx.read(s -> s.tufRepositories().findRole(product.orgId(), roleOf(product)))
                .flatMap(TufProductRole::pending)
                .orElseThrow(() -> new NotFoundException("nothing of " + roleOf(product) + " awaits signatures"));
    }

    /** The state of {@code productRef}'s role. */
    public RoleState state(Caller caller, String orgRef, String productRef) {
        Product product = products.get(caller, orgRef, productRef);
        guard.check(caller, Permission.RELEASE_READ, product.orgId(), "tuf.product-role.read", product.id());
        return tx.read(s -> state(s, product));
    }

    /**
     * Adds release managers' signatures ({@link SignatureUpload}) to the pending version of {@code productRef}'s
     * role. Each must be by a key the role's signers list and verify over that version's canonical {@code signed}
     * bytes (TUF §4.2); the role and version must be the pending ones. Once M distinct keys signed, the version is
     * published (TUF §5.6.7: the snapshot lists it, the top-level targets name its keys) with its releases.
     */
    public RoleState addSignatures(Caller caller, String orgRef, String productRef, byte[] upload) {
        Product product = products.get(caller, orgRef, productRef);
        String role = roleOf(product);
        guard.check(caller, Permission.RELEASE_SIGN, product.orgId(), "tuf.product-role.sign", product.id());
        SignatureUpload sigs = refusedIsAudited(
                caller, product, "tuf.product-role.sign", () -> SignatureUpload.parse(checkSize(upload)));
        refusedIsAudited(caller, product, "tuf.product-role.sign", () -> {
            String detail = tx.inTransaction(s -> {
                TufRepositoryState st = s.tufRepositories()
                        .lock(product.orgId())
                        .orElseThrow(() -> new NotFoundException("no TUF repository yet for " + product.orgId()));
                TufProductRole stored = s.tufRepositories()
                        .findRole(product.orgId(), role)
                        .filter(r -> r.pending().isPresent())
                        .orElseThrow(() -> new ConflictException("nothing of " + role + " awaits signatures"));
                Signed<Metadata.Targets> pending =
                        TufCodec.readTargets(stored.pending().get(), MAX_TARGETS_BYTES);
                OfflineKeys keys = stored.signers().orElseThrow();
                Signed<Metadata.Targets> merged = ProductRoleSignatures.merge(role, pending, keys, sigs);
                Instant now = clock.instant();
                int valid = ProductRoleSignatures.valid(merged, keys);
                if (valid < keys.threshold()) {
                    s.tufRepositories().putRole(stored.withPending(Optional.of(TufCodec.write(merged))));
                    String d = role + " version " + pending.signed().version() + ": " + valid + " of "
                            + keys.threshold() + " signatures";
                    audit.record(
                            s,
                            caller.record(
                                    "tuf.product-role.sign",
                                    Optional.of(product.orgId()),
                                    product.id(),
                                    Outcome.SUCCESS,
                                    d,
                                    Severity.INFO));
                    return null;
                }
                // TUF §5.6.7.3: the threshold of the delegation's keys is met; the version is published
                int version = pending.signed().version();
                s.tufRepositories()
                        .putFile(product.orgId(), version + "." + role + ".json", TufCodec.write(merged), now);
                s.releases()
                        .publishPending(
                                product.orgId(), pending.signed().targets().keySet());
                s.tufRepositories().putRole(stored.completed(version));
                TufRepositoryState next =
                        repositories.repository().sign(s, st, s.releases().published(product.orgId()), true, now);
                s.tufRepositories().update(next);
                audit.record(
                        s,
                        caller.record(
                                "tuf.product-role.publish",
                                Optional.of(product.orgId()),
                                product.id(),
                                Outcome.SUCCESS,
                                role + " version " + version + " signed by " + valid + " of " + keys.threshold()
                                        + " offline keys; targets " + next.targetsVersion(),
                                Severity.WARNING));
                return role;
            });
            if (detail != null) {
                repositories.committed(product.orgId());
            }
            return null;
        });
        return tx.read(s -> state(s, product));
    }

    private void resign(
            Caller caller, Product product, String action, Function<Stores, String> change, Severity severity) {
        tx.inTransaction(s -> {
            TufRepositoryState st = s.tufRepositories()
                    .lock(product.orgId())
                    .orElseThrow(
                            () -> new NotFoundException("no TUF repository yet (it is made with the first release)"));
            String detail = change.apply(s);
            TufRepositoryState next = repositories
                    .repository()
                    .sign(s, st, s.releases().published(product.orgId()), true, clock.instant());
            s.tufRepositories().update(next);
            audit.record(
                    s,
                    caller.record(
                            action,
                            Optional.of(product.orgId()),
                            product.id(),
                            Outcome.SUCCESS,
                            detail + "; targets " + next.targetsVersion(),
                            severity));
            return null;
        });
        repositories.committed(product.orgId());
    }

    /** The stored role of {@code product}, which the current snapshot must list (made with the first release). */
    private static TufProductRole listed(Stores s, Product product, String role) {
        TufRepositoryState st = s.tufRepositories()
                .find(product.orgId())
                .orElseThrow(() -> new NotFoundException("no TUF repository yet (it is made with the first release)"));
        if (current(s, st).get(role + ".json") == null) {
            throw new NotFoundException("no TUF role " + role + " yet (it is made with the product's first release)");
        }
        return s.tufRepositories()
                .findRole(product.orgId(), role)
                .orElse(TufProductRole.initial(product.orgId(), role));
    }

    private static Map<String, Metadata.MetaFile> current(Stores s, TufRepositoryState st) {
        return TufCodec.readSnapshot(
                        s.tufRepositories()
                                .file(st.orgId(), st.snapshotVersion() + ".snapshot.json")
                                .orElseThrow(),
                        2_000_000)
                .signed()
                .meta();
    }

    private static RoleState state(Stores s, Product product) {
        String role = roleOf(product);
        TufProductRole stored = listed(s, product, role);
        TufRepositoryState st = s.tufRepositories().find(product.orgId()).orElseThrow();
        Metadata.Targets top = TufCodec.readTargets(
                        s.tufRepositories()
                                .file(product.orgId(), st.targetsVersion() + ".targets.json")
                                .orElseThrow(),
                        MAX_TARGETS_BYTES)
                .signed();
        Metadata.DelegatedRole d = top.delegations().orElseThrow().roles().stream()
                .filter(r -> r.name().equals(role))
                .findFirst()
                .orElseThrow();
        Optional<Signed<Metadata.Targets>> pending =
                stored.pending().map(p -> TufCodec.readTargets(p, MAX_TARGETS_BYTES));
        Optional<OfflineKeys> signers = stored.signers();
        return new RoleState(
                product.id(),
                role,
                current(s, st).get(role + ".json").version(),
                d.keyIds(),
                d.threshold(),
                stored.signedOffline(),
                pending.map(p -> p.signed().version()),
                signers.map(k -> List.copyOf(k.keys().keySet())).orElse(List.of()),
                signers.map(OfflineKeys::threshold).orElse(0),
                pending.map(p -> p.signatures().stream()
                                .map(Signed.Signature::keyId)
                                .toList())
                        .orElse(List.of()));
    }

    private static byte[] checkSize(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("body: empty (expected: JSON)");
        }
        return body;
    }

    /** Runs {@code step}; a refusal it throws is audited (outcome failure) in its own transaction, then thrown. */
    private <T> T refusedIsAudited(Caller caller, Product product, String action, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidRequestException | UntrustedInputException | ConflictException e) {
            tx.inTransaction(s -> {
                audit.record(
                        s,
                        caller.record(
                                action,
                                Optional.of(product.orgId()),
                                product.id(),
                                Outcome.FAILURE,
                                "refused: " + e.getMessage(),
                                Severity.WARNING));
                return null;
            });
            throw e;
        }
    }
}
