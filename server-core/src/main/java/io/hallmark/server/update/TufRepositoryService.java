package io.hallmark.server.update;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.protocol.tuf.TufCodec;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Stores;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.KeyVault;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manufacturers' TUF repositories (TUF §4, §6.2 consistent snapshots) as devices and any TUF client read them:
 * metadata files by name and target files by hashed name; and the timely re-signing of what is about to expire (the
 * timestamp lives one day and is signed again in its last quarter; snapshot and targets likewise).
 *
 * <p>Reading needs no authentication: metadata and images are signed, not secret. A manufacturer's repository is
 * made with its first release.
 */
public final class TufRepositoryService {
    private static final Pattern METADATA = Pattern.compile(
            "(?:[1-9][0-9]{0,9}\\.(?:root|targets|snapshot|product-[A-Za-z0-9._+-]{1,64})|timestamp)\\.json");
    /** The IDevID chain's hash-named file under {@code targets/} (TUF §5.7.3). */
    private static final Pattern ANCHORS_FILE =
            Pattern.compile("[0-9a-f]{64}\\." + Pattern.quote(TufRepository.TRUST_ANCHORS));

    private static final Pattern HASHED_NAME = Pattern.compile("([0-9a-f]{64})\\.([A-Za-z0-9._+-]{1,128})");

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final TufRepository repository;
    private final ImageFiles images;
    private final Clock clock;
    private final TufFileCache cache =
            new TufFileCache(System::nanoTime, TufFileCache.TTL_NANOS, bytes -> TufCodec.readTimestamp(bytes, 16_384)
                    .signed()
                    .version());

    /**
     * A metadata file as served.
     *
     * @param body its bytes
     * @param etag its strong entity tag (RFC 9110 §8.8.3): the quoted hex SHA-256 of the bytes
     */
    public record MetadataFile(byte[] body, String etag) {}

    /**
     * Creates the service; the repositories' keys are in {@code vault}, images in {@code images}, and {@code anchors}
     * gives a manufacturer's IDevID chain (PEM) by organization id, listed as the top-level target {@code
     * idevid-chain.pem}.
     */
    public TufRepositoryService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            KeyVault vault,
            ImageFiles images,
            Function<String, Optional<byte[]>> anchors,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.guard = Checks.notNull(guard, "guard");
        this.audit = Checks.notNull(audit, "audit");
        this.access = Checks.notNull(access, "access");
        this.repository = new TufRepository(Checks.notNull(vault, "vault"), Checks.notNull(anchors, "anchors"));
        this.images = Checks.notNull(images, "images");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * A metadata file of manufacturer {@code manufacturer} (id or name): {@code N.root.json}, {@code
     * N.targets.json}, {@code N.product-<dir>.json} (a product's delegated targets), {@code N.snapshot.json} or {@code
     * timestamp.json}, with its ETag; empty when there is no such file. Answered from memory ({@link TufFileCache}):
     * the timestamp as this process last committed or loaded it (at most 2 s ago), versioned files as first read.
     */
    public Optional<MetadataFile> metadata(String manufacturer, String name) {
        if (name == null || !METADATA.matcher(name).matches() || manufacturer == null) {
            return Optional.empty();
        }
        Optional<String> orgId = cache.manufacturer(
                manufacturer, () -> manufacturer(manufacturer).map(Organization::id));
        if (orgId.isEmpty()) {
            return Optional.empty();
        }
        String id = orgId.get();
        Optional<TufFileCache.Served> file = name.equals("timestamp.json")
                ? cache.timestamp(id, () -> tx.read(s -> s.tufRepositories().file(id, name)))
                : cache.versioned(
                        id, name, () -> tx.read(s -> s.tufRepositories().file(id, name)));
        return file.map(f -> new MetadataFile(f.body(), f.etag()));
    }

    /** The signer of the repositories, for the product roles' service. */
    TufRepository repository() {
        return repository;
    }

    /** After a commit that signed {@code orgId}'s repository: serves its new timestamp from now on. */
    void committed(String orgId) {
        cache.committed(orgId, () -> tx.read(s -> s.tufRepositories().file(orgId, "timestamp.json")));
    }

    /**
     * The image file served as target {@code path} ({@code <dir>/<sha256>.<name>}, TUF §5.7.3 under consistent
     * snapshots) of a published release; empty otherwise.
     */
    public Optional<Path> target(String manufacturer, String path) {
        int slash = path.lastIndexOf('/');
        Matcher m = HASHED_NAME.matcher(path.substring(slash + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        String targetPath = path.substring(0, slash + 1) + m.group(2);
        String sha = m.group(1);
        return manufacturer(manufacturer)
                .flatMap(org -> tx.read(s -> s.releases().findPublished(org.id(), targetPath))
                        .filter(r -> Hashes.constantTimeEquals(r.imageSha256().getBytes(), sha.getBytes()))
                        .flatMap(r -> images.find(org.id(), r.imageSha256())));
    }

    /**
     * The manufacturer's IDevID chain served as target {@code path} ({@code <sha256>.idevid-chain.pem}), when a
     * version of the top-level targets listed it; empty otherwise.
     */
    public Optional<MetadataFile> anchorsTarget(String manufacturer, String path) {
        if (path == null || !ANCHORS_FILE.matcher(path).matches()) {
            return Optional.empty();
        }
        return manufacturer(manufacturer)
                .flatMap(org -> tx.read(s -> s.tufRepositories().file(org.id(), "targets/" + path)))
                .map(b -> new MetadataFile(b, "\"" + path.substring(0, 64) + "\""));
    }

    /** The current root file of manufacturer {@code orgRef} (null: the caller's), to ship on devices or rotate. */
    public byte[] currentRoot(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.RELEASE_READ, org.id(), "tuf.root.read", org.id());
        return tx.read(s -> s.tufRepositories().find(org.id()).flatMap(st -> s.tufRepositories()
                        .file(org.id(), st.rootVersion() + ".root.json")))
                .orElseThrow(() -> new NotFoundException(
                        "no TUF repository yet for " + org.name() + " (it is made with the first release)"));
    }

    /**
     * Installs the next root version, made and signed offline ({@code hallmark update root rotate}); see TUF §5.3.4.
     * Returns its version.
     */
    public int rotateRoot(Caller caller, String orgRef, byte[] root) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.TUF_ROOT_ROTATE, org.id(), "tuf.root.rotate", org.id());
        if (tx.read(s -> s.tufRepositories().find(org.id())).isPresent()) {
            ensureKeys(org.id()); // the product roles' keys of a repository signed before they existed
        }
        int version = tx.inTransaction(s -> {
            TufRepositoryState st = s.tufRepositories()
                    .lock(org.id())
                    .orElseThrow(() -> new NotFoundException(
                            "no TUF repository yet for " + org.name() + " (it is made with the first release)"));
            Instant now = clock.instant();
            TufRepositoryState rotated = repository.rotateRoot(s, st, root, now);
            // targets, snapshot and timestamp signed again, with the keys the new root names
            TufRepositoryState next = repository.sign(s, rotated, s.releases().published(org.id()), true, now);
            s.tufRepositories().update(next);
            audit.record(
                    s,
                    caller.record(
                            "tuf.root.rotate",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            "root " + next.rootVersion() + " until " + next.rootExpires(),
                            Severity.WARNING));
            return next.rootVersion();
        });
        committed(org.id());
        return version;
    }

    /**
     * Makes a new vault key for online {@code role} ({@code targets}, {@code snapshot} or {@code timestamp}) of
     * manufacturer {@code orgRef}; it signs once a new root names it ({@code hallmark update root rotate --new-key}).
     */
    public io.hallmark.protocol.tuf.TufKey createOnlineKey(Caller caller, String orgRef, String role) {
        if (!List.of("targets", "snapshot", "timestamp").contains(role)) {
            throw new io.hallmark.server.errors.InvalidRequestException(
                    "role: " + role + " (expected: targets, snapshot or timestamp)");
        }
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.TUF_ROOT_ROTATE, org.id(), "tuf.key.create", org.id());
        if (tx.read(s -> s.tufRepositories().find(org.id())).isEmpty()) {
            throw new NotFoundException(
                    "no TUF repository yet for " + org.name() + " (it is made with the first release)");
        }
        io.hallmark.protocol.tuf.TufKey key = repository.newOnlineKey(org.id(), role);
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    caller.record(
                            "tuf.key.create",
                            Optional.of(org.id()),
                            key.keyId(),
                            Outcome.SUCCESS,
                            "new " + role + " key",
                            Severity.WARNING));
            return null;
        });
        return key;
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    /**
     * Makes the role keys of {@code orgId} where missing, with the keys of the roles of its products that have
     * published releases and of {@code productDirs}; outside any transaction.
     */
    void ensureKeys(String orgId, String... productDirs) {
        java.util.Set<String> dirs = new java.util.TreeSet<>(List.of(productDirs));
        tx.read(s -> s.releases().published(orgId)).forEach(r -> dirs.add(TufDelegations.dir(r)));
        repository.ensureKeys(orgId, dirs);
    }

    /**
     * Inside the caller's transaction: signs {@code orgId}'s repository again after its releases changed (creating
     * it on first use).
     */
    TufRepositoryState releasesChanged(Stores s, String orgId) {
        Instant now = clock.instant();
        List<Release> published = s.releases().published(orgId);
        Optional<TufRepositoryState> st = s.tufRepositories().lock(orgId);
        if (st.isEmpty()) {
            return repository.create(s, orgId, published, now);
        }
        TufRepositoryState next = repository.sign(s, st.get(), published, true, now);
        s.tufRepositories().update(next);
        return next;
    }

    /**
     * Signs again, in each repository, whatever is in the last quarter of its life: the timestamp at least. Called
     * periodically by the server; returns how many repositories were signed.
     */
    public int refreshExpiring() {
        Instant now = clock.instant();
        List<TufRepositoryState> due =
                tx.read(s -> s.tufRepositories().expiringBefore(now.plus(TufRepository.TARGETS_LIFE))).stream()
                        .filter(st -> !TufRepository.refreshDue(st).isAfter(now))
                        .toList();
        int n = 0;
        for (TufRepositoryState candidate : due) {
            String orgId = candidate.orgId();
            ensureKeys(orgId); // a repository signed before product roles existed gets their keys here
            boolean signed = tx.inTransaction(s -> {
                TufRepositoryState st = s.tufRepositories().lock(orgId).orElseThrow();
                if (TufRepository.refreshDue(st).isAfter(now)) {
                    return false; // another replica was first
                }
                TufRepositoryState next = repository.sign(s, st, s.releases().published(orgId), false, now);
                s.tufRepositories().update(next);
                audit.record(
                        s,
                        new AuditRecord(
                                "system",
                                Optional.of(orgId),
                                "tuf.resign",
                                Optional.of(orgId),
                                Outcome.SUCCESS,
                                Optional.of("timestamp " + next.timestampVersion() + ", snapshot "
                                        + next.snapshotVersion() + ", targets " + next.targetsVersion()),
                                Optional.empty(),
                                Severity.INFO,
                                Optional.empty()));
                return true;
            });
            if (signed) {
                committed(orgId);
            }
            n += signed ? 1 : 0;
        }
        return n;
    }

    private Optional<Organization> manufacturer(String ref) {
        return access.findOrganization(ref).filter(o -> o.kinds().contains(OrgKind.MANUFACTURER));
    }
}
