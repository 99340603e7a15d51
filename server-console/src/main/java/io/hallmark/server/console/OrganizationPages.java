package io.hallmark.server.console;

import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.BreakGlassSession;
import io.hallmark.server.access.Permission;
import io.hallmark.server.access.Principal;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.User;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.persistence.PageRequest;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The organization page: its users with their roles and two-step sign-in, the signed-in user's API tokens (never
 * their secrets), and break-glass sessions; an administrator turns off a user's two-step sign-in (a lost phone).
 */
final class OrganizationPages {
    private static final int LIMIT = 100;

    private final ApiServices s;
    private final Pages pages;

    OrganizationPages(ApiServices services, Pages pages) {
        this.s = services;
        this.pages = pages;
    }

    void organization(Context ctx, Console.Signed who) {
        Principal p = who.principal();
        boolean usersShown = p.may(Permission.USER_READ);
        List<Model.UserRow> users = List.of();
        if (usersShown) {
            users = s.access().users(who.caller(), Optional.empty(), PageRequest.first(LIMIT)).items().stream()
                    .map(u -> userRow(p, u))
                    .toList();
        }
        Instant now = s.clock().instant();
        List<Model.TokenRow> tokens = s.tokens().list(who.caller(), Optional.empty()).stream()
                .map(t -> tokenRow(t, now))
                .toList();
        boolean breakGlassShown = p.may(Permission.BREAK_GLASS_READ);
        List<Model.BreakGlassRow> sessions = breakGlassShown
                ? s.breakGlass().list(who.caller(), Optional.empty(), 20).stream()
                        .map(b -> breakGlassRow(b, now))
                        .toList()
                : List.of();
        pages.render(
                ctx,
                200,
                "organization.jte",
                new Model.Organization(
                        pages.frame(who, "Organization", "organization"),
                        users,
                        usersShown,
                        tokens,
                        sessions,
                        breakGlassShown));
    }

    void disableTotp(Context ctx, Console.Signed who) {
        s.totp().disable(who.caller(), ctx.pathParam("user"));
        ctx.redirect("/organization", HttpStatus.SEE_OTHER);
    }

    /** The banner of every page while a break-glass session is active in the user's organization. */
    static String breakGlassBanner(ApiServices s, Principal p) {
        List<io.hallmark.server.access.BreakGlassSession> active =
                s.breakGlass().activeIn(p.orgId());
        if (active.isEmpty()) {
            return null;
        }
        io.hallmark.server.access.BreakGlassSession b = active.getFirst();
        return "Break-glass is active: " + b.userId() + " holds administrator rights until "
                + Forms.time(b.expiresAt()) + (active.size() > 1 ? " (and " + (active.size() - 1) + " more)" : "")
                + ". Every act under it is audited and reviewed.";
    }

    private Model.UserRow userRow(Principal p, User u) {
        boolean totp = s.totp().required(u.id());
        return new Model.UserRow(
                u.id(),
                u.name(),
                u.roles().stream().map(Role::wireName).sorted().collect(Collectors.joining(", ")),
                u.disabled() ? "disabled" : "enabled",
                totp ? "on" : "off",
                totp && !u.id().equals(p.userId()) && p.may(Permission.USER_UPDATE, u.orgId()));
    }

    private static Model.TokenRow tokenRow(ApiToken t, Instant now) {
        String status = t.revokedAt().isPresent() ? "revoked" : t.isUsable(now) ? "active" : "expired";
        return new Model.TokenRow(t.id(), t.name(), Forms.time(t.createdAt()), Forms.time(t.expiresAt()), status);
    }

    private static Model.BreakGlassRow breakGlassRow(BreakGlassSession b, Instant now) {
        return new Model.BreakGlassRow(
                b.id(),
                b.userId(),
                b.reason(),
                Forms.time(b.startedAt()),
                Forms.time(b.expiresAt()),
                b.isActive(now) ? "active" : "ended",
                b.reviewedBy()
                        .map(r -> "by " + r + ": " + b.reviewNote().orElse(""))
                        .orElse("not reviewed"));
    }
}
