package io.hallmark.server.notify;

import io.hallmark.core.CanonicalJson;
import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditRecord;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.AccessDeniedException;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.events.SecurityEvent;
import io.hallmark.server.persistence.Transactor;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks ({@code docs/webhooks.md}): an organization's security events posted to its receivers, signed per the
 * Standard Webhooks specification ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,...}:
 * HMAC-SHA256 over {@code id.timestamp.body}).
 *
 * <p>No secret is stored: each webhook's secret is derived from a deterministic Ed25519 signature (RFC 8032 §5.1.6) of
 * its id and a random salt by the vault key {@value #KEY}, shown once when the webhook is made and re-derived in
 * memory when needed. Deliveries go through a bounded queue to one sender thread, with up to four attempts (at once,
 * after 2 s, 10 s and 60 s); what cannot be queued or delivered is counted, and a delivery given up is audited.
 * Receivers on private, loopback or link-local addresses are refused (no server-side request forgery into the
 * operator's network) unless a platform administrator allowed it for that webhook.
 */
public final class WebhookService implements AutoCloseable {
    /** The vault key the secrets are derived from. */
    static final String KEY = "webhook-secrets";

    /** Webhooks an organization may have. */
    public static final int MAX_PER_ORG = 10;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    private static final int QUEUE = 10_000;
    private static final long[] BACKOFF_SECONDS = {0, 2, 10, 60};

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final KeyVault vault;
    private final WebhookTransport transport;
    private final Clock clock;
    private final CopyOnWriteArrayList<Webhook> hooks = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sender;
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final SecureRandom random = new SecureRandom();

    /** A webhook just made, with its secret (shown this once). */
    public record Created(Webhook webhook, String secret) {}

    /** Creates the service, loads the webhooks and subscribes to {@code events}. */
    public WebhookService(
            Transactor tx,
            AuditLog audit,
            Guard guard,
            AccessService access,
            KeyVault vault,
            WebhookTransport transport,
            EventBus events,
            Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.vault = Checks.notNull(vault, "vault");
        this.transport = Checks.notNull(transport, "transport");
        this.clock = Checks.notNull(clock, "clock");
        if (!vault.contains(KEY)) {
            vault.generate(KEY, KeyType.ED25519);
        }
        hooks.addAll(tx.read(s -> s.webhooks().all()));
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hallmark-webhooks");
            t.setDaemon(true);
            return t;
        });
        events.subscribe(this::offer);
    }

    /**
     * Adds a receiver of the organization {@code orgRef}'s events (the caller's when null).
     *
     * @param allowPrivate let it be on a private network (platform administrators only)
     */
    public Created create(Caller caller, String orgRef, String url, List<String> events, boolean allowPrivate) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.WEBHOOK_MANAGE, org.id(), "webhook.create", org.id());
        if (allowPrivate && !caller.principal().isPlatformAdmin()) {
            guard.deny(caller, "webhook.create", org.id(), org.id(), "allowPrivate needs a platform administrator");
            throw new AccessDeniedException(
                    "not permitted: only a platform administrator may allow a private receiver");
        }
        URI target = checkUrl(url, allowPrivate);
        List<String> kinds = checkEvents(events);
        long existing = hooks.stream().filter(h -> h.orgId().equals(org.id())).count();
        if (existing >= MAX_PER_ORG) {
            throw new InvalidRequestException("webhooks: at most " + MAX_PER_ORG + " per organization");
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        Webhook hook = new Webhook(
                Ids.newId("whk"),
                org.id(),
                target,
                kinds,
                allowPrivate,
                HexFormat.of().formatHex(salt),
                caller.principal().userId(),
                clock.instant());
        tx.inTransaction(s -> {
            s.webhooks().insert(hook);
            audit.record(
                    s,
                    caller.record(
                            "webhook.create",
                            Optional.of(org.id()),
                            hook.id(),
                            Outcome.SUCCESS,
                            target + " " + kinds + (allowPrivate ? " (private network allowed)" : ""),
                            allowPrivate ? Severity.WARNING : Severity.INFO));
            return null;
        });
        hooks.add(hook);
        return new Created(hook, "whsec_" + Base64.getEncoder().encodeToString(secretOf(hook)));
    }

    /** The webhooks of the organization {@code orgRef}. */
    public List<Webhook> list(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.WEBHOOK_MANAGE, org.id(), "webhook.read", org.id());
        return hooks.stream().filter(h -> h.orgId().equals(org.id())).toList();
    }

    /** Removes a webhook: nothing more is sent to it. */
    public void delete(Caller caller, String id) {
        Webhook hook = hooks.stream()
                .filter(h -> h.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("no webhook " + id));
        guard.check(caller, Permission.WEBHOOK_MANAGE, hook.orgId(), "webhook.delete", hook.id());
        tx.inTransaction(s -> {
            s.webhooks().delete(hook.id());
            audit.record(s, caller.success("webhook.delete", hook.orgId(), hook.id()));
            return null;
        });
        hooks.remove(hook);
        secrets.remove(hook.id());
    }

    /** Queues the event for every webhook of its organization that wants it. */
    void offer(SecurityEvent event) {
        if (event.orgId().isEmpty()) {
            return;
        }
        byte[] body = null;
        for (Webhook h : hooks) {
            if (h.orgId().equals(event.orgId().get()) && h.wants(event.kind())) {
                if (queued.incrementAndGet() > QUEUE) {
                    queued.decrementAndGet();
                    dropped.increment();
                    continue;
                }
                if (body == null) {
                    body = payload(event);
                }
                byte[] message = body;
                String msgId = Ids.newId("msg");
                sender.execute(() -> attempt(h, msgId, message, 0));
            }
        }
    }

    /** The message body of {@code event}, written once for all the receivers that want it. */
    private static byte[] payload(SecurityEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("org", event.orgId().orElseThrow());
        data.put("subject", event.subject());
        data.put("message", event.message());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", event.kind());
        payload.put("timestamp", event.time().toString());
        payload.put("data", data);
        return CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8);
    }

    private void attempt(Webhook h, String msgId, byte[] body, int attempt) {
        if (!hooks.contains(h)) {
            queued.decrementAndGet();
            return; // deleted meanwhile
        }
        String why;
        try {
            checkAddresses(h);
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/json");
            headers.put("webhook-id", msgId);
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", "v1," + sign(secretOf(h), msgId, timestamp, body));
            int status = transport.post(h.url(), headers, body);
            if (status >= 200 && status < 300) {
                delivered.increment();
                queued.decrementAndGet();
                return;
            }
            why = "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (attempt + 1 < BACKOFF_SECONDS.length) {
            long delay = BACKOFF_SECONDS[attempt + 1];
            sender.schedule(() -> attempt(h, msgId, body, attempt + 1), delay, TimeUnit.SECONDS);
            return;
        }
        queued.decrementAndGet();
        failed.increment();
        String reason = "message " + msgId + " to " + h.url() + " given up after " + BACKOFF_SECONDS.length
                + " attempts: " + why;
        LOG.warn("webhook {}: {}", h.id(), reason);
        try {
            tx.inTransaction(s -> {
                audit.record(
                        s,
                        new AuditRecord(
                                "system",
                                Optional.of(h.orgId()),
                                "webhook.delivery",
                                Optional.of(h.id()),
                                Outcome.FAILURE,
                                Optional.of(reason.length() > 900 ? reason.substring(0, 900) : reason),
                                Optional.empty(),
                                Severity.WARNING,
                                Optional.empty()));
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("webhook {}: the failed delivery could not be audited", h.id(), e);
        }
    }

    /** Standard Webhooks: base64 of HMAC-SHA256(secret, "{id}.{timestamp}.{body}"). */
    static String sign(byte[] secret, String msgId, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((msgId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] secretOf(Webhook h) {
        return secrets.computeIfAbsent(h.id(), id -> {
            byte[] signature = vault.sign(
                    KEY,
                    "Ed25519",
                    ("hallmark-webhook-secret-v1:" + id + ":" + h.salt()).getBytes(StandardCharsets.UTF_8));
            return Hashes.sha256(signature);
        });
    }

    private void checkAddresses(Webhook h) throws IOException {
        if (h.allowPrivate()) {
            return;
        }
        for (InetAddress a : transport.resolve(h.url().getHost())) {
            if (isPrivate(a)) {
                throw new IOException(h.url().getHost() + " resolves to a private address " + a.getHostAddress());
            }
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) {
            return true; // IPv6 unique local fc00::/7 (RFC 4193)
        }
        // 100.64.0.0/10 carrier-grade NAT (RFC 6598)
        return b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private static URI checkUrl(String url, boolean allowPrivate) {
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw new InvalidRequestException("url: required, at most 2000 characters");
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("url: not a URI (" + e.getReason() + ")");
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null) {
            throw new InvalidRequestException("url: " + url + " (expected: https://host[:port]/path, no user info)");
        }
        if (u.getRawFragment() != null) {
            throw new InvalidRequestException("url: no fragment");
        }
        if (!allowPrivate && isLiteralPrivate(u.getHost())) {
            throw new InvalidRequestException("url: " + u.getHost() + " is a private address (only a platform"
                    + " administrator may allow a receiver on a private network)");
        }
        return u;
    }

    private static boolean isLiteralPrivate(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")
                || h.toLowerCase(java.util.Locale.ROOT).endsWith(".localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false; // a name: checked when resolved, at each delivery
        }
        try {
            return isPrivate(InetAddress.getByName(h)); // a literal: no lookup happens
        } catch (java.net.UnknownHostException e) {
            throw new InvalidRequestException("url: " + host + " is not an address");
        }
    }

    private static List<String> checkEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            return List.of("behaviour.", "device.quarantine");
        }
        if (events.size() > 20) {
            throw new InvalidRequestException("events: at most 20");
        }
        List<String> out = new ArrayList<>();
        for (String e : events) {
            if (e == null || !e.matches("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*\\.?") || e.length() > 64) {
                throw new InvalidRequestException(
                        "events: " + e + " (expected: an event kind such as device.quarantine, or a prefix ending"
                                + " with a dot such as behaviour.)");
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    /** Deliveries that reached their receiver. */
    public long delivered() {
        return delivered.sum();
    }

    /** Deliveries given up after every attempt. */
    public long failed() {
        return failed.sum();
    }

    /** Events not queued because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Stops the sender; what is queued is not sent. */
    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
