package io.hallmark.bench;

import io.hallmark.keys.Pkcs12FileVault;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.PasswordHasher;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.TokenService;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.GroupCommitTransactor;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import io.hallmark.server.vault.AuditedKeyVault;
import io.hallmark.server.vault.KeyVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * The identity services wired as {@code HallmarkServer} wires them, without the HTTP listeners: a {@link
 * ScratchDatabase} (H2), a PKCS#12 vault in a new temporary directory wrapped in the {@link AuditedKeyVault} the
 * server uses, access, organization CAs and {@link IdentityServices}. Closing it closes the database and removes
 * both directories.
 */
final class ScratchPlatform implements AutoCloseable {
    private final ScratchDatabase scratch;
    private final Path vaultDir;
    private final KeyVault rawVault;
    private final KeyVault vault;
    private final AccessService access;
    private final TokenService tokens;
    private final OrganizationCaService cas;
    private final IdentityServices identity;
    private final Caller admin;
    private final AuditLog auditLog;
    private final Guard guard;
    private final EventBus events;
    private final GroupCommitTransactor deviceTx;

    private ScratchPlatform(
            ScratchDatabase scratch,
            Path vaultDir,
            KeyVault rawVault,
            KeyVault vault,
            AccessService access,
            TokenService tokens,
            OrganizationCaService cas,
            IdentityServices identity,
            Caller admin,
            AuditLog auditLog,
            Guard guard,
            EventBus events,
            GroupCommitTransactor deviceTx) {
        this.deviceTx = deviceTx;
        this.auditLog = auditLog;
        this.guard = guard;
        this.events = events;
        this.scratch = scratch;
        this.vaultDir = vaultDir;
        this.rawVault = rawVault;
        this.vault = vault;
        this.access = access;
        this.tokens = tokens;
        this.cas = cas;
        this.identity = identity;
        this.admin = admin;
    }

    /** Wires the services on an empty H2 database and a new vault, and bootstraps the platform admin. */
    static ScratchPlatform create() {
        return create("h2");
    }

    /** The same on a new database of {@code store} ({@code h2} or {@code postgresql}, see {@link ScratchDatabase}). */
    static ScratchPlatform create(String store) {
        Path vaultDir;
        try {
            vaultDir = Files.createTempDirectory("hallmark-bench-vault-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ScratchDatabase scratch = null;
        try {
            scratch = ScratchDatabase.create(store);
            Clock clock = Clock.systemUTC();
            AuditLog auditLog = new AuditLog(clock);
            KeyVault raw =
                    Pkcs12FileVault.openOrCreate(vaultDir.resolve("vault.p12"), "bench-vault-passphrase".toCharArray());
            KeyVault vault = new AuditedKeyVault(raw, scratch.database(), auditLog, Set.of());
            Guard guard = new Guard(scratch.database(), auditLog);
            TokenService tokens = new TokenService(scratch.database(), auditLog, guard, clock);
            AccessService access =
                    new AccessService(scratch.database(), auditLog, guard, tokens, new PasswordHasher(), clock);
            OrganizationCaService cas = new OrganizationCaService(vault, clock, URI.create("http://127.0.0.1:8080"));
            access.addListener(cas);
            EventBus events = new EventBus(200);
            GroupCommitTransactor deviceTx = new GroupCommitTransactor(scratch.database(), 256, "bench-group-commit");
            IdentityServices identity = IdentityServices.create(
                    deviceTx,
                    auditLog,
                    guard,
                    access,
                    cas,
                    events,
                    clock,
                    () -> URI.create("https://127.0.0.1:8443"),
                    (masaUrl, request, anchors) -> {
                        throw new io.hallmark.server.errors.UnavailableException("no MASA in the benchmark");
                    });
            String token = access.bootstrap("admin").orElseThrow();
            Caller admin = new Caller(tokens.authenticate(token, "bench", "r-bench"), "r-bench");
            return new ScratchPlatform(
                    scratch, vaultDir, raw, vault, access, tokens, cas, identity, admin, auditLog, guard, events,
                    deviceTx);
        } catch (RuntimeException e) {
            if (scratch != null) {
                scratch.close();
            }
            ScratchDatabase.deleteTree(vaultDir);
            throw e;
        }
    }

    /** A manufacturer with one product, and an admin of its own who acts for it. */
    record Manufacturer(Organization org, Product product, Caller admin, OrganizationCa ca) {}

    /** Creates the manufacturer {@code name} (which gets its IDevID CA) with the product {@code model}. */
    Manufacturer manufacturer(String name, String model) {
        Organization org = access.createOrganization(admin, name, Set.of(OrgKind.MANUFACTURER));
        AccessService.NewUser user =
                access.addUser(admin, org.id(), "factory-" + org.id(), Set.of(Role.ADMIN), null, Optional.empty());
        Caller caller = new Caller(tokens.authenticate(user.token().text(), "bench", "r-bench"), "r-bench-" + org.id());
        Product product = identity.products().create(caller, null, model, name + " " + model, Optional.empty());
        return new Manufacturer(org, product, caller, cas.ensure(org).orElseThrow());
    }

    /** The audit log the services append to. */
    AuditLog auditLog() {
        return auditLog;
    }

    /** The authorization guard. */
    Guard guard() {
        return guard;
    }

    /** The group-commit transactor of device writes, as the server wires it. */
    GroupCommitTransactor deviceTx() {
        return deviceTx;
    }

    /** The event bus. */
    EventBus events() {
        return events;
    }

    /** The wired services. */
    IdentityServices identity() {
        return identity;
    }

    /** The vault, as the services see it (audited). */
    KeyVault vault() {
        return vault;
    }

    /** The PKCS#12 vault itself, whose signatures are not audited. */
    KeyVault rawVault() {
        return rawVault;
    }

    /** Access: organizations and users. */
    AccessService access() {
        return access;
    }

    /** The organizations' CAs. */
    OrganizationCaService cas() {
        return cas;
    }

    /** The platform admin, acting. */
    Caller admin() {
        return admin;
    }

    /** The scratch database. */
    ScratchDatabase scratch() {
        return scratch;
    }

    @Override
    public void close() {
        try {
            deviceTx.close();
            scratch.close();
        } finally {
            ScratchDatabase.deleteTree(vaultDir);
        }
    }
}
