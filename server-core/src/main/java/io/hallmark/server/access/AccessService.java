package io.hallmark.server.access;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Organizations and users: the platform's bootstrap, creating organizations (platform administrators), adding and
 * changing users (organization administrators), and reading them within the caller's organization.
 */
public final class AccessService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccessService.class);
    private static final Pattern ORG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** The name of the platform's own organization. */
    public static final String PLATFORM_ORG = "platform";

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final TokenService tokens;
    private final PasswordHasher passwords;
    private final Clock clock;
    private final java.util.List<OrganizationListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Creates the service. */
    public AccessService(
            Transactor tx, AuditLog audit, Guard guard, TokenService tokens, PasswordHasher passwords, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.tokens = Checks.notNull(tokens, "tokens");
        this.passwords = Checks.notNull(passwords, "passwords");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Creates the platform organization and its first administrator with a token, once. Returns the token's text
     * when it was made now, empty when the platform was initialized before.
     */
    public Optional<String> bootstrap(String adminName) {
        return tx.inTransaction(s -> {
            if (s.organizations().findByName(PLATFORM_ORG).isPresent()) {
                return Optional.<String>empty();
            }
            Organization org =
                    new Organization(Ids.newId("org"), PLATFORM_ORG, Set.of(OrgKind.PLATFORM), clock.instant());
            s.organizations().insert(org);
            User admin = new User(
                    Ids.newId("usr"),
                    org.id(),
                    adminName,
                    Set.of(Role.ADMIN),
                    Optional.empty(),
                    clock.instant(),
                    false);
            s.users().insert(admin);
            TokenService.Issued issued = tokens.issue(s, admin.id(), "bootstrap", TokenService.MAX_TTL_DAYS);
            audit.record(s, system("platform.initialize", org.id(), admin.id(), "platform organization and admin"));
            return Optional.of(issued.text());
        });
    }

    private static AuditRecord system(String action, String orgId, String target, String reason) {
        return new AuditRecord(
                "system",
                Optional.of(orgId),
                action,
                Optional.of(target),
                Outcome.SUCCESS,
                Optional.of(reason),
                Optional.empty(),
                Severity.INFO,
                Optional.empty());
    }

    /** Creates an organization (platform administrators). */
    public Organization createOrganization(Caller caller, String name, Set<OrgKind> kinds) {
        guard.check(caller, Permission.ORG_CREATE, caller.principal().orgId(), "org.create", name);
        if (name == null || !ORG_NAME.matcher(name).matches()) {
            throw new InvalidRequestException(
                    "name: " + name + " (expected: 1..64 letters, digits, space, '.', '-', '_')");
        }
        if (name.equalsIgnoreCase(PLATFORM_ORG)) {
            throw new InvalidRequestException("name: " + name + " is reserved");
        }
        if (kinds == null || kinds.isEmpty() || kinds.contains(OrgKind.PLATFORM)) {
            throw new InvalidRequestException("kinds: expected one or more of manufacturer, owner, assessor");
        }
        Organization org = new Organization(Ids.newId("org"), name, kinds, clock.instant());
        tx.inTransaction(s -> {
            s.organizations().insert(org);
            audit.record(s, caller.success("org.create", org.id(), org.id()));
            return org;
        });
        for (OrganizationListener l : listeners) {
            try {
                l.created(org);
            } catch (RuntimeException e) {
                LOG.error("setting up organization {} failed; it is retried at the next start", org.id(), e);
            }
        }
        return org;
    }

    /** Adds a listener told of every organization created from now on. */
    public void addListener(OrganizationListener listener) {
        listeners.add(Checks.notNull(listener, "listener"));
    }

    /** Every organization, for the server's own start-up work (no caller, no authorization: not for requests). */
    public java.util.List<Organization> allOrganizations() {
        java.util.List<Organization> all = new java.util.ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            PageRequest page = new PageRequest(after, PageRequest.MAX_LIMIT);
            Page<Organization> p = tx.read(s -> s.organizations().list(page));
            all.addAll(p.items());
            if (p.next().isEmpty()) {
                return all;
            }
            after = p.next();
        }
    }

    /** One organization by id or name, if the caller may read it. */
    public Organization organization(Caller caller, String idOrName) {
        Organization org =
                findOrganization(idOrName).orElseThrow(() -> new NotFoundException("no organization " + idOrName));
        guard.check(caller, Permission.ORG_READ, org.id(), "org.read", org.id());
        return org;
    }

    /** Every organization for platform administrators; one's own for everyone else. */
    public Page<Organization> organizations(Caller caller, PageRequest page) {
        Principal p = caller.principal();
        guard.check(caller, Permission.ORG_READ, p.orgId(), "org.list", "organizations");
        if (p.isPlatformAdmin()) {
            return tx.read(s -> s.organizations().list(page));
        }
        if (page.after().isPresent()) {
            return new Page<>(List.of(), Optional.empty());
        }
        return new Page<>(
                tx.read(s -> s.organizations().findById(p.orgId())).stream().toList(), Optional.empty());
    }

    /** An organization by id or name. */
    public Optional<Organization> findOrganization(String idOrName) {
        if (idOrName == null || idOrName.isBlank()) {
            return Optional.empty();
        }
        return tx.read(s -> Ids.isId(idOrName, "org")
                ? s.organizations().findById(idOrName)
                : s.organizations().findByName(idOrName));
    }

    /** A user and the text of their first token. */
    public record NewUser(User user, TokenService.Issued token) {}

    /**
     * Adds a user to an organization, with an optional console password, and makes their first token.
     *
     * @param password 12..256 characters, or null for a token-only user
     */
    public NewUser addUser(
            Caller caller, String orgRef, String name, Set<Role> roles, char[] password, Optional<Integer> ttlDays) {
        Organization org =
                findOrganization(orgRef).orElseThrow(() -> new NotFoundException("no organization " + orgRef));
        guard.check(caller, Permission.USER_CREATE, org.id(), "user.create", name);
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw new InvalidRequestException(
                    "name: " + name + " (expected: 1..64 letters, digits, '.', '-', '_', '@')");
        }
        if (roles == null || roles.isEmpty()) {
            throw new InvalidRequestException("roles: expected at least one role");
        }
        if (password != null && (password.length < 12 || password.length > 256)) {
            throw new InvalidRequestException("password: expected 12..256 characters");
        }
        int days = ttlDays.orElse(TokenService.DEFAULT_TTL_DAYS);
        if (days < 1 || days > TokenService.MAX_TTL_DAYS) {
            throw new InvalidRequestException("tokenTtlDays: " + days + " (expected: 1..365)");
        }
        Optional<String> hash = Optional.ofNullable(password).map(passwords::hash);
        User user = new User(Ids.newId("usr"), org.id(), name, EnumSet.copyOf(roles), hash, clock.instant(), false);
        return tx.inTransaction(s -> {
            s.users().insert(user);
            TokenService.Issued issued = tokens.issue(s, user.id(), "first", days);
            audit.record(
                    s,
                    caller.record(
                            "user.create",
                            Optional.of(org.id()),
                            user.id(),
                            Outcome.SUCCESS,
                            "roles "
                                    + roles.stream()
                                            .map(Role::wireName)
                                            .sorted()
                                            .toList(),
                            Severity.INFO));
            return new NewUser(user, issued);
        });
    }

    /** One user, if the caller may read users of their organization. */
    public User user(Caller caller, String userId) {
        User u = tx.read(s -> s.users().findById(userId)).orElseThrow(() -> new NotFoundException("no user " + userId));
        if (!u.id().equals(caller.principal().userId())) {
            guard.check(caller, Permission.USER_READ, u.orgId(), "user.read", userId);
        }
        return u;
    }

    /** Users of {@code orgRef} (the caller's organization when empty). */
    public Page<User> users(Caller caller, Optional<String> orgRef, PageRequest page) {
        Principal p = caller.principal();
        Optional<String> orgId;
        if (orgRef.isPresent()) {
            Organization org = findOrganization(orgRef.get())
                    .orElseThrow(() -> new NotFoundException("no organization " + orgRef.get()));
            orgId = Optional.of(org.id());
        } else {
            orgId = p.isPlatformAdmin() ? Optional.empty() : Optional.of(p.orgId());
        }
        guard.check(caller, Permission.USER_READ, orgId.orElse(p.orgId()), "user.list", orgId.orElse("all"));
        return tx.read(s -> s.users().list(orgId, page));
    }

    /** Changes a user's roles or disables them; disabling revokes every token of the user. */
    public User updateUser(Caller caller, String userId, Optional<Set<Role>> roles, Optional<Boolean> disabled) {
        User u = tx.read(s -> s.users().findById(userId)).orElseThrow(() -> new NotFoundException("no user " + userId));
        guard.check(caller, Permission.USER_UPDATE, u.orgId(), "user.update", userId);
        if (roles.isPresent() && roles.get().isEmpty()) {
            throw new InvalidRequestException("roles: expected at least one role");
        }
        if (u.id().equals(caller.principal().userId()) && disabled.orElse(false)) {
            throw new InvalidRequestException("a user cannot disable themselves");
        }
        User changed = new User(
                u.id(),
                u.orgId(),
                u.name(),
                roles.<Set<Role>>map(EnumSet::copyOf).orElse(u.roles()),
                u.passwordHash(),
                u.createdAt(),
                disabled.orElse(u.disabled()));
        User result = tx.inTransaction(s -> {
            s.users().update(changed);
            if (changed.disabled() && !u.disabled()) {
                s.tokens().revokeAllOfUser(u.id(), clock.instant());
            }
            String what = "roles "
                    + changed.roles().stream().map(Role::wireName).sorted().toList()
                    + (changed.disabled() ? ", disabled" : "");
            audit.record(
                    s,
                    caller.record("user.update", Optional.of(u.orgId()), u.id(), Outcome.SUCCESS, what, Severity.INFO));
            return changed;
        });
        tokens.invalidateCache();
        return result;
    }

    /** Whether {@code password} is the user's console password (for the console login, later). */
    public boolean checkPassword(String userName, char[] password) {
        Optional<User> u = tx.read(s -> s.users().findByName(userName));
        String hash = u.flatMap(User::passwordHash).orElse(null);
        if (hash == null || u.get().disabled()) {
            // spend the same effort, so timing does not tell whether the user exists
            passwords.verify(password, passwords.hash("x".toCharArray()));
            return false;
        }
        return passwords.verify(password, hash);
    }

    /**
     * Signs a user in to the operator console with their console password alone (a user with two-step sign-in goes
     * through {@link #consolePassword} and {@link #consoleSignedIn} with a TOTP check between). Success is audited as
     * {@code console.login}; any failure (unknown user, no password, disabled, wrong password) as {@code auth.denied}
     * with its real reason, while the caller learns only that it failed.
     *
     * @param sessionTag what the console calls the new session, recorded as the principal's token id
     * @return the principal of the new session, or empty when the credentials are not valid
     */
    public Optional<Principal> consoleLogin(String userName, char[] password, String sessionTag, String requestId) {
        return consolePassword(userName, password, requestId).flatMap(id -> consoleSignedIn(id, sessionTag, requestId));
    }

    /**
     * The first factor of a console sign-in: the id of the user when {@code password} is their console password and
     * they are enabled. A failure is audited as {@code auth.denied} with its real reason.
     */
    public Optional<String> consolePassword(String userName, char[] password, String requestId) {
        String name = userName == null ? "" : userName;
        boolean ok = name.length() <= 64 && password != null && checkPassword(name, password);
        Optional<String> id = ok
                ? tx.read(s -> s.users().findByName(name))
                        .filter(u -> !u.disabled())
                        .map(User::id)
                : Optional.empty();
        if (id.isEmpty()) {
            String shown = USER_NAME.matcher(name).matches() ? name : "(malformed name)";
            guard.unauthenticated("POST /login", "console login failed for " + shown, requestId);
        }
        return id;
    }

    /** Completes a console sign-in of {@code userId} whose factors were checked: audited as {@code console.login}. */
    public Optional<Principal> consoleSignedIn(String userId, String sessionTag, String requestId) {
        Optional<Principal> p = consolePrincipal(userId, sessionTag);
        p.ifPresent(principal -> {
            Caller c = new Caller(principal, requestId);
            tx.inTransaction(s -> {
                audit.record(
                        s,
                        c.record(
                                "console.login",
                                Optional.of(principal.orgId()),
                                principal.userId(),
                                Outcome.SUCCESS,
                                null,
                                Severity.INFO));
                return null;
            });
        });
        return p;
    }

    /**
     * Who a console session acts for now: re-read on every request, so a disabled or removed user is refused at
     * once; empty when the user is gone or disabled. Break-glass sessions do not apply to the console.
     */
    public Optional<Principal> consolePrincipal(String userId, String sessionTag) {
        return tx.read(
                s -> s.users().findById(userId).filter(u -> !u.disabled()).flatMap(u -> s.organizations()
                        .findById(u.orgId())
                        .map(o -> new Principal(
                                u.id(), u.name(), o.id(), o.isPlatform(), u.roles(), sessionTag, Optional.empty()))));
    }

    /** Records that a console session ended ({@code console.logout}, or {@code console.expired} by a timeout). */
    public void consoleLogout(Caller caller, String action) {
        Checks.check(
                action.equals("console.logout") || action.equals("console.expired"),
                "action",
                action,
                "console.logout or console.expired");
        tx.inTransaction(s -> {
            audit.record(
                    s,
                    caller.record(
                            action,
                            Optional.of(caller.principal().orgId()),
                            caller.principal().userId(),
                            Outcome.SUCCESS,
                            null,
                            Severity.INFO));
            return null;
        });
    }
}
