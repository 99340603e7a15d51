package io.hallmark.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.hallmark.core.Checks;
import io.hallmark.core.UntrustedInputException;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Principal;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.persistence.ConflictException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console, served at {@code /} on the API port: sign-in with the console password, server-side
 * sessions in {@code __Host-} cookies (Secure, HttpOnly, SameSite=Strict), a synchronizer token on every form, a
 * Content-Security-Policy without inline script or style, pages rendered from precompiled JTE templates, and live
 * device state over server-sent events. Every act goes through the same services as the API, so the permission
 * table, the services' {@code Guard} checks and the audit log apply unchanged.
 */
public final class Console implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    /** The session cookie; the {@code __Host-} prefix binds it to this origin, path {@code /}, and HTTPS. */
    static final String COOKIE = "__Host-hallmark-console";

    /** The policy of every console answer: only this origin's script, style and connections; no framing. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Where the webjar keeps htmx; the version is the one in the build's dependency management. */
    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private final ApiServices services;
    private final Sessions sessions;
    private final TemplateEngine templates;
    private final Pages pages;
    private final AccountPages account;
    private final DevicePages devices;
    private final AlertPages alerts;
    private final ReleasePages releases;
    private final OrganizationPages organization;
    private final Live live;
    private final Throttle throttle;

    /** The console over the API's services; {@code events} feeds the live updates. */
    public Console(ApiServices services, EventBus events) {
        this.services = Checks.notNull(services, "services");
        this.sessions = new Sessions(services.clock());
        this.templates = TemplateEngine.createPrecompiled(
                null, ContentType.Html, Console.class.getClassLoader(), "gg.jte.generated.precompiled");
        this.pages = new Pages(services, sessions);
        this.account = new AccountPages(services, pages);
        this.devices = new DevicePages(services, pages);
        this.alerts = new AlertPages(services, pages);
        this.releases = new ReleasePages(services, pages);
        this.organization = new OrganizationPages(services, pages);
        this.live = new Live(services, sessions);
        this.throttle = new Throttle(services.clock());
        events.subscribe(live::publish);
    }

    /** A signed-in request: its session and the caller it acts as. */
    record Signed(Sessions.Session session, Caller caller) {
        Principal principal() {
            return caller.principal();
        }
    }

    /** A page or action of a signed-in user. */
    @FunctionalInterface
    interface Handler {
        void handle(Context ctx, Signed who) throws Exception;
    }

    @Override
    public void accept(JavalinConfig cfg) {
        cfg.routes.addHttpHandler(HandlerType.GET, "/login", this::loginForm);
        cfg.routes.addHttpHandler(HandlerType.POST, "/login", this::login);
        cfg.routes.addHttpHandler(HandlerType.POST, "/login/code", this::code);
        cfg.routes.addHttpHandler(HandlerType.GET, "/static/console.css", ctx -> asset(ctx, "console.css", "text/css"));
        cfg.routes.addHttpHandler(
                HandlerType.GET, "/static/console.js", ctx -> asset(ctx, "console.js", "text/javascript"));
        cfg.routes.addHttpHandler(HandlerType.GET, "/static/htmx.min.js", Console::htmx);
        signed(cfg, HandlerType.POST, "/logout", this::logout);
        signed(cfg, HandlerType.GET, "/", pages::fleet);
        signed(cfg, HandlerType.GET, "/devices", devices::devices);
        signed(cfg, HandlerType.GET, "/devices/{device}", pages::device);
        signed(cfg, HandlerType.POST, "/devices/{device}/quarantine", pages::quarantine);
        signed(cfg, HandlerType.POST, "/devices/{device}/release", pages::release);
        signed(cfg, HandlerType.GET, "/devices/{device}/live", live::stream);
        signed(cfg, HandlerType.GET, "/alerts", alerts::alerts);
        signed(cfg, HandlerType.POST, "/alerts/{alert}/{verb}", alerts::triage);
        signed(cfg, HandlerType.POST, "/incidents/{incident}/resolve", alerts::resolveIncident);
        signed(cfg, HandlerType.POST, "/suppressions/{suppression}/lift", alerts::liftSuppression);
        signed(cfg, HandlerType.GET, "/audit", pages::audit);
        signed(cfg, HandlerType.POST, "/audit/verify", pages::verify);
        signed(cfg, HandlerType.GET, "/rollouts", releases::rollouts);
        signed(cfg, HandlerType.POST, "/rollouts/{rollout}/pause", releases::pause);
        signed(cfg, HandlerType.POST, "/rollouts/{rollout}/resume", releases::resume);
        signed(cfg, HandlerType.GET, "/products", releases::products);
        signed(cfg, HandlerType.GET, "/organization", organization::organization);
        signed(cfg, HandlerType.POST, "/organization/users/{user}/totp/disable", organization::disableTotp);
        signed(cfg, HandlerType.GET, "/account", account::account);
        signed(cfg, HandlerType.POST, "/account/totp", account::enable);
        signed(cfg, HandlerType.POST, "/account/totp/confirm", account::confirm);
        signed(cfg, HandlerType.POST, "/account/totp/disable", account::disable);
        pages.renderWith(this::render);
    }

    private void signed(JavalinConfig cfg, HandlerType method, String path, Handler h) {
        cfg.routes.addHttpHandler(method, path, ctx -> {
            secure(ctx);
            String requestId = UUID.randomUUID().toString();
            Signed who = null;
            try {
                Optional<Signed> s = signIn(ctx, requestId);
                if (s.isEmpty()) {
                    if (method == HandlerType.GET && !path.endsWith("/live")) {
                        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                    } else {
                        error(ctx, null, 401, "Your session has ended. Sign in again.");
                    }
                    return;
                }
                who = s.get();
                if (method == HandlerType.POST && !Sessions.csrfMatches(who.session(), ctx.formParam("csrf"))) {
                    error(ctx, who, 403, "The form was stale or not from this console. Reload the page and retry.");
                    return;
                }
                h.handle(ctx, who);
            } catch (AccessDeniedException e) {
                error(ctx, who, 403, "Your role does not permit this.");
            } catch (NotFoundException e) {
                error(ctx, who, 404, e.getMessage());
            } catch (ConflictException e) {
                error(ctx, who, 409, e.getMessage());
            } catch (InvalidRequestException | UntrustedInputException | IllegalArgumentException e) {
                error(ctx, who, 400, e.getMessage());
            } catch (Exception e) {
                LOG.error("console request {} failed", requestId, e);
                error(ctx, who, 500, "Something went wrong (request " + requestId + ").");
            }
        });
    }

    /** The caller of a live session; an expired session is audited and its cookie cleared. */
    private Optional<Signed> signIn(Context ctx, String requestId) {
        boolean touch = !ctx.path().endsWith("/live");
        Sessions.Lookup found = sessions.find(ctx.cookie(COOKIE), touch);
        if (found instanceof Sessions.Expired(Sessions.Session s) && s.userId().isPresent()) {
            services.access().consolePrincipal(s.userId().get(), s.tag()).ifPresent(p -> services.access()
                    .consoleLogout(new Caller(p, requestId), "console.expired"));
            clearCookie(ctx);
            return Optional.empty();
        }
        if (!(found instanceof Sessions.Live(Sessions.Session s)) || s.userId().isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> p = services.access().consolePrincipal(s.userId().get(), s.tag());
        if (p.isEmpty()) {
            sessions.end(s);
            clearCookie(ctx);
            return Optional.empty();
        }
        return Optional.of(new Signed(s, new Caller(p.get(), requestId)));
    }

    private void loginForm(Context ctx) {
        secure(ctx);
        Sessions.Lookup found = sessions.find(ctx.cookie(COOKIE), false);
        if (found instanceof Sessions.Live(Sessions.Session s) && s.userId().isPresent()) {
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        // a browser reloading the form keeps its form session: one per browser, not one per request
        Sessions.Session form =
                found instanceof Sessions.Live(Sessions.Session s) ? s : sessions.open(Optional.empty());
        setCookie(ctx, form);
        String notice = "out".equals(ctx.queryParam("signed")) ? "You are signed out." : null;
        render(ctx, 200, "login.jte", new Model.Login(form.csrf(), null, notice));
    }

    private void login(Context ctx) {
        secure(ctx);
        Sessions.Lookup found = sessions.find(ctx.cookie(COOKIE), false);
        if (!(found instanceof Sessions.Live(Sessions.Session form))
                || form.userId().isPresent()
                || !Sessions.csrfMatches(form, ctx.formParam("csrf"))) {
            loginAgain(ctx, 403, "The form expired. Try again.");
            return;
        }
        String name = ctx.formParam("username");
        String password = ctx.formParam("password");
        sessions.end(form);
        String requestId = UUID.randomUUID().toString();
        // the session id changes at sign-in (no fixation): the form's session is ended, a new one is made
        if (!throttle.allows(name)) {
            services.guard()
                    .unauthenticated("POST /login", "console sign-in throttled after repeated failures", requestId);
            loginAgain(ctx, 429, "Too many failed attempts for this user. Wait 15 minutes and try again.");
            return;
        }
        Optional<String> userId =
                services.access().consolePassword(name, password == null ? null : password.toCharArray(), requestId);
        if (userId.isEmpty()) {
            throttle.failed(name);
            loginAgain(ctx, 401, "Wrong user name or password.");
            return;
        }
        throttle.succeeded(name);
        if (services.totp().required(userId.get())) {
            // the second step gets a session of its own: it names the user but acts for nobody yet
            Sessions.Session pending = sessions.openPending(userId.get());
            setCookie(ctx, pending);
            render(ctx, 200, "code.jte", new Model.Code(pending.csrf(), null));
            return;
        }
        signedIn(ctx, userId.get(), requestId);
    }

    /** The sign-in form again, in a new session (no fixation), with {@code message} and {@code status}. */
    private void loginAgain(Context ctx, int status, String message) {
        Sessions.Session fresh = sessions.open(Optional.empty());
        setCookie(ctx, fresh);
        render(ctx, status, "login.jte", new Model.Login(fresh.csrf(), message, null));
    }

    /** The second step of a sign-in with TOTP (RFC 6238): the code of the user's authenticator, usable once. */
    private void code(Context ctx) {
        secure(ctx);
        Sessions.Lookup found = sessions.find(ctx.cookie(COOKIE), false);
        if (!(found instanceof Sessions.Live(Sessions.Session form))
                || form.pendingUser().isEmpty()
                || !Sessions.csrfMatches(form, ctx.formParam("csrf"))) {
            loginAgain(ctx, 403, "The form expired. Sign in again.");
            return;
        }
        String userId = form.pendingUser().get();
        String requestId = UUID.randomUUID().toString();
        String key = "totp:" + userId;
        if (!throttle.allows(key)) {
            services.guard()
                    .unauthenticated("POST /login/code", "console code throttled after repeated failures", requestId);
            sessions.end(form);
            loginAgain(ctx, 429, "Too many failed attempts for this user. Wait 15 minutes and try again.");
            return;
        }
        if (!services.totp().verify(userId, ctx.formParam("code"), requestId)) {
            throttle.failed(key);
            render(ctx, 401, "code.jte", new Model.Code(form.csrf(), "Wrong or already used code."));
            return;
        }
        throttle.succeeded(key);
        sessions.end(form);
        signedIn(ctx, userId, requestId);
    }

    private void signedIn(Context ctx, String userId, String requestId) {
        Sessions.Session s = sessions.open(Optional.empty());
        Optional<Principal> p = services.access().consoleSignedIn(userId, s.tag(), requestId);
        if (p.isEmpty()) {
            sessions.end(s);
            loginAgain(ctx, 401, "Wrong user name or password.");
            return;
        }
        setCookie(ctx, sessions.bind(s, p.get().userId()));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void logout(Context ctx, Signed who) {
        sessions.end(who.session());
        services.access().consoleLogout(who.caller(), "console.logout");
        clearCookie(ctx);
        ctx.redirect("/login?signed=out", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** The headers of every console answer. */
    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    private static void setCookie(Context ctx, Sessions.Session s) {
        // RFC 6265bis §4.1.3.2: __Host- needs Secure, Path=/ and no Domain
        ctx.header(
                "Set-Cookie",
                COOKIE + "=" + s.id() + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age="
                        + Sessions.ABSOLUTE.toSeconds());
    }

    private static void clearCookie(Context ctx) {
        ctx.header("Set-Cookie", COOKIE + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    private void error(Context ctx, Signed who, int status, String message) {
        Model.Frame frame = who == null ? null : pages.frame(who, "Error", "");
        render(ctx, status, "error.jte", new Model.Error(frame, status, message));
    }

    void render(Context ctx, int status, String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.status(status);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(out.toString());
    }

    /** htmx from its webjar, at the console's own path (the CSP allows only this origin's scripts). */
    private static void htmx(Context ctx) throws IOException {
        secure(ctx);
        ctx.header("Cache-Control", "max-age=86400");
        try (InputStream in = Console.class.getResourceAsStream(HTMX)) {
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType("text/javascript; charset=utf-8");
            ctx.result(in.readAllBytes());
        }
    }

    private static void asset(Context ctx, String name, String type) throws IOException {
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        try (InputStream in = Console.class.getResourceAsStream("static/" + name)) {
            ctx.contentType(type + "; charset=utf-8");
            ctx.result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
