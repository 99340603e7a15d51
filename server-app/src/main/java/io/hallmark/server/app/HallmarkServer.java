package io.hallmark.server.app;

import io.hallmark.core.Checks;
import io.hallmark.core.Hashes;
import io.hallmark.keys.OwnerOnlyFiles;
import io.hallmark.keys.Pkcs11Vault;
import io.hallmark.keys.Pkcs12FileVault;
import io.hallmark.keys.VaultPassphrase;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.BreakGlassService;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.PasswordHasher;
import io.hallmark.server.access.TokenService;
import io.hallmark.server.assurance.LabelService;
import io.hallmark.server.assurance.PlatformLabelSignals;
import io.hallmark.server.attestation.AttestationQueries;
import io.hallmark.server.attestation.AttestationService;
import io.hallmark.server.attestation.AttestationServices;
import io.hallmark.server.attestation.NonceService;
import io.hallmark.server.audit.AuditCheckpointer;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.AuditSealer;
import io.hallmark.server.audit.AuditService;
import io.hallmark.server.behaviour.AlertService;
import io.hallmark.server.behaviour.BehaviourMonitor;
import io.hallmark.server.behaviour.Drop;
import io.hallmark.server.behaviour.TelemetryIngest;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.events.EventBus;
import io.hallmark.server.fleetaudit.FleetAuditService;
import io.hallmark.server.http.ApiServer;
import io.hallmark.server.http.ApiServices;
import io.hallmark.server.http.DeviceServer;
import io.hallmark.server.http.HttpMasaClient;
import io.hallmark.server.http.PkiServer;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.identity.RevocationStatus;
import io.hallmark.server.mqtt.MqttIngress;
import io.hallmark.server.mqtt.MqttSettings;
import io.hallmark.server.notify.WebhookService;
import io.hallmark.server.persistence.GroupCommitTransactor;
import io.hallmark.server.pki.CaDirectory;
import io.hallmark.server.pki.CrlPublisher;
import io.hallmark.server.pki.OcspResponder;
import io.hallmark.server.pki.OrganizationCa;
import io.hallmark.server.pki.OrganizationCaService;
import io.hallmark.server.pki.PlatformPki;
import io.hallmark.server.update.ImageFiles;
import io.hallmark.server.update.ReleaseService;
import io.hallmark.server.update.TufRepositoryService;
import io.hallmark.server.vault.AuditedKeyVault;
import io.hallmark.server.vault.KeyType;
import io.hallmark.server.vault.KeyVault;
import io.hallmark.server.vault.RoutingKeyVault;
import io.hallmark.store.jdbc.JdbcDatabase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, wired by hand: data directory, vault, database, certificates, services and listeners.
 *
 * <p>{@link #start} initializes a new data directory on first use (database migrations, vault and its passphrase,
 * platform root CA and TLS certificates, audit key, platform organization and bootstrap admin token in
 * {@code admin.token}) and reuses it afterwards. {@link #close} stops the listeners, signs a last checkpoint and
 * closes the database.
 */
public final class HallmarkServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HallmarkServer.class);
    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");
    /** The vault alias of the audit checkpoint key. */
    public static final String AUDIT_KEY_ALIAS = "audit-checkpoint";
    /** Where the bootstrap admin token is written. */
    public static final String ADMIN_TOKEN_FILE = "admin.token";
    /** Where the platform root certificate is written for clients to pin. */
    public static final String CA_FILE = "trust/platform-ca.pem";
    /** Where the operator API's URL is written for the CLI. */
    public static final String URL_FILE = "api.url";

    /** The file in the data directory that holds the device port's URL, once it listens. */
    public static final String DEVICE_URL_FILE = "device.url";

    /** The file in the data directory naming the embedded MQTT broker, {@code ssl://HOST:PORT}, while it runs. */
    public static final String MQTT_URL_FILE = "mqtt.url";

    private final ServerConfig config;
    private final JdbcDatabase db;
    private final ApiServer api;
    private final DeviceServer device;
    private final PkiServer pkiHttp;
    private final MqttIngress mqtt;
    private final TelemetryIngest ingest;
    private final AuditSealer sealer;
    private final ScheduledExecutorService scheduler;
    private final AuditCheckpointer checkpointer;
    private final AuditService auditService;
    private final AccessService access;
    private final KeyVault vault;
    private final ScheduledExecutorService fleetAuditRunner;
    private final ReleaseService releases;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** How to stop the services with threads of their own, run first on close. */
    private final List<Runnable> services = new java.util.concurrent.CopyOnWriteArrayList<>();

    private HallmarkServer(
            ServerConfig config,
            JdbcDatabase db,
            ApiServer api,
            DeviceServer device,
            PkiServer pkiHttp,
            MqttIngress mqtt,
            TelemetryIngest ingest,
            AuditSealer sealer,
            ScheduledExecutorService scheduler,
            AuditCheckpointer checkpointer,
            AuditService auditService,
            AccessService access,
            KeyVault vault,
            ScheduledExecutorService fleetAuditRunner,
            ReleaseService releases) {
        this.config = config;
        this.db = db;
        this.api = api;
        this.device = device;
        this.pkiHttp = pkiHttp;
        this.mqtt = mqtt;
        this.ingest = ingest;
        this.sealer = sealer;
        this.scheduler = scheduler;
        this.checkpointer = checkpointer;
        this.auditService = auditService;
        this.access = access;
        this.vault = vault;
        this.fleetAuditRunner = fleetAuditRunner;
        this.releases = releases;
    }

    /** Registers a counter that reads {@code count} of {@code source} when scraped. */
    private static <T> void counter(
            MeterRegistry metrics,
            String name,
            T source,
            java.util.function.ToDoubleFunction<T> count,
            String description) {
        io.micrometer.core.instrument.FunctionCounter.builder(name, source, count)
                .description(description)
                .register(metrics);
    }

    /**
     * Prepares the renewals of offline-signed product roles now due and tells their manufacturers (a security event,
     * which webhooks deliver): their release managers must sign before the version clients hold expires.
     */
    private static void announce(ReleaseService releases, EventBus events, Clock clock) {
        for (io.hallmark.server.update.TufRoleRenewals.Renewal r :
                releases.roleRenewals().prepareDue()) {
            events.publish(new io.hallmark.server.events.SecurityEvent(
                    "tuf.product-role.expiring",
                    Optional.of(r.orgId()),
                    r.role(),
                    "TUF role " + r.role() + " expires " + r.expires() + ": version " + r.version()
                            + " awaits the release managers' signatures (hallmark update product-key sign)",
                    clock.instant()));
        }
    }

    /** Starts the server with {@code config}, reading secrets from {@code env}. */
    public static HallmarkServer start(ServerConfig config, Map<String, String> env) {
        return start(config, env, Clock.systemUTC());
    }

    /** Starts the server with the given clock (expiry of tokens and break-glass sessions, audit times). */
    public static HallmarkServer start(ServerConfig config, Map<String, String> env, Clock clock) {
        Checks.notNull(config, "config");
        Checks.notNull(clock, "clock");
        Path data = config.dataDir().toAbsolutePath().normalize();
        LOG.info("starting with {}", config);
        createPrivateDir(data);
        createPrivateDir(data.resolve("trust"));

        KeyVault vault = Pkcs12FileVault.openOrCreate(data.resolve("vault.p12"), VaultPassphrase.resolve(data, env));
        if (config.pkcs11Library().isPresent()) {
            // organization CA keys in the token; TLS and platform keys stay in the file (JSSE needs its key managers)
            KeyVault token = Pkcs11Vault.open(config.pkcs11Library().get(), config.pkcs11Slot(), readPin(config));
            vault = new RoutingKeyVault(vault, token, alias -> alias.startsWith("org."));
        }
        JdbcDatabase db = JdbcDatabase.open(
                config.dbUrl().orElseGet(() -> JdbcDatabase.h2FileUrl(data)),
                config.dbUser().orElse(null),
                config.dbPassword().orElse(null));
        try {
            return wire(config, env, clock, data, vault, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private static HallmarkServer wire(
            ServerConfig config, Map<String, String> env, Clock clock, Path data, KeyVault rawVault, JdbcDatabase db) {
        // PostgreSQL: records wait for the sealer, so commits do not queue on the chain head (docs/audit.md)
        AuditLog auditLog = db.dialect().equals("postgresql") ? AuditLog.deferred(clock) : new AuditLog(clock);
        // what a crash left waiting is chained before anything else happens
        auditLog.sealPending(db);
        AuditSealer sealer = auditLog.isDeferred() ? AuditSealer.start(auditLog, db) : null;
        // key use is audited: keys made, certificates stored, signatures (checkpoint signatures are themselves stored)
        AuditedKeyVault vault = new AuditedKeyVault(rawVault, db, auditLog, Set.of(AUDIT_KEY_ALIAS), clock);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String n : names(config)) {
            (IP.matcher(n).matches() ? ips : dns).add(n);
        }
        PlatformPki pki = PlatformPki.ensure(vault, clock, "Hallmark", dns, ips);
        writePublic(data.resolve(CA_FILE), pki.rootPem());

        PublicKey auditKey =
                vault.publicKey(AUDIT_KEY_ALIAS).orElseGet(() -> vault.generate(AUDIT_KEY_ALIAS, KeyType.EC_P256));
        String keyId = Hashes.hex(Hashes.sha256(auditKey.getEncoded())).substring(0, 16);

        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);

        EventBus events = new EventBus(200);
        Gauge.builder("hallmark.audit.appended", auditLog, AuditLog::appendedCount)
                .description("audit entries appended by this process")
                .register(metrics);
        events.subscribe(e ->
                metrics.counter("hallmark.security.events", "kind", e.kind()).increment());
        Guard guard = new Guard(db, auditLog);
        TokenService tokens = new TokenService(db, auditLog, guard, clock);
        AccessService access = new AccessService(db, auditLog, guard, tokens, new PasswordHasher(), clock);
        BreakGlassService breakGlass = new BreakGlassService(db, auditLog, guard, events, clock, tokens);
        OrganizationCaService orgCas = new OrganizationCaService(vault, clock, config.pkiPublicUrl());
        access.addListener(orgCas);
        AuditCheckpointer checkpointer = new AuditCheckpointer(
                db,
                bytes -> vault.sign(AUDIT_KEY_ALIAS, KeyType.EC_P256.signatureAlgorithm(), bytes),
                keyId,
                clock,
                config.checkpointEntries(),
                config.checkpointSeconds(),
                Witnesses.of(config.witnessFile(), config.witnessUrl()));
        AuditService auditService = new AuditService(db, auditLog, guard, checkpointer, auditKey);

        access.bootstrap("admin").ifPresent(token -> {
            writeSecret(data.resolve(ADMIN_TOKEN_FILE), token + "\n");
            LOG.info("platform initialized; the bootstrap admin token is in {}", data.resolve(ADMIN_TOKEN_FILE));
        });

        // catch up with organizations whose CAs a crash kept from being made
        for (var org : access.allOrganizations()) {
            orgCas.ensure(org);
        }
        // the MASA URL in birth certificates names this platform's device port (RFC 8995 §2.3.2)
        AtomicReference<URI> masaUrl = new AtomicReference<>(URI.create("https://" + publicHost(config) + "/"));
        // device writes (enrollment, life cycle, attestation results, behaviour's quarantines and alerts) share commits
        // under load (a linger of 2 to 10 ms before each commit was tried: larger groups, no less CPU per write)
        GroupCommitTransactor deviceTx = new GroupCommitTransactor(db, 256, "hallmark-group-commit");
        IdentityServices identity = IdentityServices.create(
                deviceTx, auditLog, guard, access, orgCas, events, clock, masaUrl::get, new HttpMasaClient());
        // CRLs and OCSP of the organizations' CAs, told of every status change after it commits
        CaDirectory directory = new CaDirectory();
        for (OrganizationCa ca : orgCas.all()) {
            directory.register(ca);
        }
        access.addListener(org -> orgCas.find(org.id()).ifPresent(directory::register));
        RevocationStatus revocation = new RevocationStatus(db, orgCas, clock);
        OcspResponder ocsp = new OcspResponder(vault, directory, revocation, clock);
        CrlPublisher crls = new CrlPublisher(vault, directory, revocation, clock);
        identity.certificateStatus()
                .add(changed -> changed.forEach(c -> {
                    ocsp.statusChanged(c.caAlias(), c.serialNumber());
                    crls.statusChanged(c.caAlias(), c.serialNumber());
                }));
        // a revoked issuing CA goes on its root's CRL and OCSP answers
        identity.caRevocations().addListener(ocsp);
        identity.caRevocations().addListener(crls);
        // labels name their public status URL on this API port; known once the listener is bound
        AtomicReference<URI> apiUrl = new AtomicReference<>(URI.create("https://" + publicHost(config) + "/"));
        AlertService alerts = new AlertService(deviceTx, auditLog, guard, access, events, clock);
        WebhookService webhooks = new WebhookService(
                db,
                auditLog,
                guard,
                access,
                vault,
                new JdkWebhookTransport(data.resolve("trust").resolve("webhooks")),
                events,
                clock);
        for (String outcome : List.of("delivered", "failed", "dropped")) {
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "hallmark.webhook.deliveries", webhooks, w -> switch (outcome) {
                                case "delivered" -> w.delivered();
                                case "failed" -> w.failed();
                                default -> w.dropped();
                            })
                    .description("webhook deliveries by outcome (failed: given up after every attempt; dropped: the"
                            + " queue was full)")
                    .tag("outcome", outcome)
                    .register(metrics);
        }
        BehaviourMonitor monitor = new BehaviourMonitor(identity, alerts, events, clock);
        TelemetryService telemetry = new TelemetryService(identity, monitor, clock, config.telemetryIntake());
        // the fleet audit's release.vulnerability.exploited check reads vulnerability exposure, made further down
        java.util.concurrent.atomic.AtomicReference<io.hallmark.server.vuln.VulnService> vulns =
                new java.util.concurrent.atomic.AtomicReference<>();
        FleetAuditService fleetAudit = new FleetAuditService(
                db,
                auditLog,
                guard,
                access,
                orgCas,
                telemetry::latestOf,
                config.fleetAudit(),
                clock,
                orgId -> vulns.get() == null ? java.util.List.of() : vulns.get().exploitedObservations(orgId),
                identity.authenticator().connections());
        counter(
                metrics,
                "hallmark.store.group.commits",
                deviceTx,
                GroupCommitTransactor::groups,
                "commits of the device writes' group commit (works / commits = the mean group)");
        counter(
                metrics,
                "hallmark.store.group.works",
                deviceTx,
                GroupCommitTransactor::works,
                "device write transactions committed through the group commit");
        counter(
                metrics,
                "hallmark.behaviour.findings",
                monitor,
                BehaviourMonitor::findings,
                "behaviour findings made from telemetry reports");
        counter(
                metrics,
                "hallmark.behaviour.quarantined",
                monitor,
                BehaviourMonitor::quarantined,
                "devices quarantined by the behaviour monitor");
        counter(
                metrics,
                "hallmark.behaviour.findings.suppressed",
                monitor,
                BehaviourMonitor::suppressed,
                "findings an alert suppression covered: counted, not raised");
        io.micrometer.core.instrument.Gauge.builder(
                        "hallmark.behaviour.baselines", monitor, BehaviourMonitor::baselines)
                .description("devices with a behaviour baseline in memory")
                .register(metrics);
        io.micrometer.core.instrument.Gauge.builder(
                        "hallmark.behaviour.alerts.unresolved", alerts, AlertService::unresolved)
                .description("behaviour alerts not resolved")
                .register(metrics);
        ImageFiles releaseFiles = new ImageFiles(data.resolve("releases"), ReleaseService.MAX_UPLOAD_BYTES);
        TufRepositoryService tuf = new TufRepositoryService(
                db,
                auditLog,
                guard,
                access,
                vault,
                releaseFiles,
                // a manufacturer's IDevID chain, the trust anchor of its birth certificates, as a verified TUF target
                orgId -> orgCas.find(orgId)
                        .filter(ca -> ca.purposes().contains(io.hallmark.server.pki.OrganizationCa.Purpose.IDEVID))
                        .map(ca -> ca.pem(io.hallmark.server.pki.OrganizationCa.Purpose.IDEVID)
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                clock);
        ReleaseService releases =
                new ReleaseService(db, auditLog, guard, access, identity.products(), tuf, releaseFiles, clock);
        for (TelemetryService.Outcome o : TelemetryService.Outcome.values()) {
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "hallmark.telemetry.reports", telemetry, t -> t.count(o))
                    .description("telemetry reports received over HTTPS and MQTT, by outcome")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .register(metrics);
        }
        // reference values: the release the device should run (rollout, else its swversion), else the allow-list
        io.hallmark.protocol.attestation.Appraiser.Policy appraisal =
                io.hallmark.protocol.attestation.Appraiser.Policy.DEFAULT;
        AttestationServices attestation = new AttestationServices(
                new AttestationService(
                        // each result and its audit entry share commits with other device writes under load
                        deviceTx,
                        auditLog,
                        identity,
                        io.hallmark.server.attestation.ReferenceValues.releasesThenAllowList(),
                        new NonceService(clock, new java.security.SecureRandom(), appraisal.nonceLifetime()),
                        vault,
                        events,
                        clock,
                        appraisal,
                        "hallmark "
                                + java.util.Objects.requireNonNullElse(
                                        HallmarkServer.class.getPackage().getImplementationVersion(), "dev")),
                new AttestationQueries(db, auditLog, guard, access, identity, clock));
        vulns.set(new io.hallmark.server.vuln.VulnService(
                db, auditLog, guard, access, releaseFiles, telemetry::latestOf, clock));
        // a label is suspended by its product's overdue critical vulnerabilities and failing fleet
        LabelService labels = new LabelService(
                db,
                auditLog,
                guard,
                access,
                identity.products(),
                vault,
                new PlatformLabelSignals(db, releaseFiles, telemetry::latestOf, clock),
                clock,
                apiUrl::get);
        io.hallmark.server.update.DeviceTagService deviceTags =
                new io.hallmark.server.update.DeviceTagService(db, auditLog, identity.devices(), clock);
        telemetry.addFirmwareListener(deviceTags::firmwareReported);
        io.hallmark.server.cra.CraService cra =
                new io.hallmark.server.cra.CraService(db, auditLog, guard, access, vulns.get(), events, clock);
        ApiServices services = new ApiServices(
                access,
                tokens,
                breakGlass,
                auditService,
                orgCas,
                identity,
                labels,
                telemetry,
                alerts,
                webhooks,
                attestation,
                releases,
                tuf,
                guard,
                metrics,
                () -> isReady(db),
                clock,
                fleetAudit,
                vulns.get(),
                new io.hallmark.server.update.RolloutService(db, auditLog, guard, access, clock),
                deviceTags,
                cra,
                new io.hallmark.server.risk.RiskService(db, guard, access, vulns.get(), telemetry::latestOf),
                new io.hallmark.server.access.TotpService(db, auditLog, guard, access, vault, clock),
                new io.hallmark.server.fleetstats.FleetHistoryService(db, clock));
        // mitigation policies act through the identity and rollout services, as the system (docs/fleet-audit.md)
        fleetAudit.mitigateWith(new io.hallmark.server.fleetaudit.FleetMitigator(
                db, events, identity, () -> java.util.Optional.of(services.rollouts()), clock));
        io.hallmark.server.update.RolloutDelivery rolloutDelivery =
                new io.hallmark.server.update.RolloutDelivery(db, auditLog, identity, vault, clock);
        ApiServer api = ApiServer.start(
                services,
                new ApiServer.Settings(config.bind(), config.apiPort(), pki.apiKeyManagers(), config.maxBodyBytes()),
                java.util.List.of(new io.hallmark.server.console.Console(services, events)));
        apiUrl.set(URI.create("https://" + publicHost(config) + ":" + api.port()));
        DeviceServer device = null;
        PkiServer pkiHttp = null;
        MqttIngress mqtt = null;
        // one ingestion path for both transports: bounded queues, devices sharded over worker threads
        TelemetryIngest ingest =
                new TelemetryIngest(telemetry, config.mqtt().queueSize(), TelemetryIngest.DEFAULT_SHARDS);
        registerIngestMetrics(metrics, ingest);
        try {
            if (config.devicePort() >= 0) {
                device = DeviceServer.start(
                        new ApiServer.Settings(
                                config.bind(), config.devicePort(), pki.deviceKeyManagers(), config.maxBodyBytes()),
                        identity,
                        telemetry,
                        ingest,
                        attestation.verifier(),
                        ocsp,
                        crls,
                        tuf,
                        rolloutDelivery);
                masaUrl.set(URI.create("https://" + publicHost(config) + ":" + device.port()));
            }
            if (config.pkiHttpPort() >= 0) {
                pkiHttp = PkiServer.start(config.bind(), config.pkiHttpPort(), ocsp, crls);
            }
            if (config.mqttPort() >= 0 || config.mqtt().brokerUrl().isPresent()) {
                mqtt = MqttIngress.start(
                        new MqttSettings(
                                config.bind(),
                                config.mqttPort(),
                                data.resolve("mqtt"),
                                config.mqtt().brokerUrl(),
                                config.mqtt().caFile(),
                                config.mqtt().certFile(),
                                config.mqtt().keyFile(),
                                config.mqtt().clientId()),
                        ingest,
                        identity,
                        events,
                        pki);
                mqtt.serveAttestation(attestation.verifier());
                registerMqttMetrics(metrics, mqtt);
            }
        } catch (RuntimeException e) {
            if (mqtt != null) {
                mqtt.close();
            }
            api.close();
            if (device != null) {
                device.close();
            }
            if (pkiHttp != null) {
                pkiHttp.close();
            }
            ingest.close();
            throw e;
        }
        writePublic(data.resolve(URL_FILE), "https://" + hostForUrl(config.bind()) + ":" + api.port() + "\n");
        if (device != null) {
            writePublic(
                    data.resolve(DEVICE_URL_FILE), "https://" + hostForUrl(config.bind()) + ":" + device.port() + "\n");
        }
        if (mqtt != null && mqtt.port().isPresent()) {
            writePublic(
                    data.resolve(MQTT_URL_FILE),
                    "ssl://" + hostForUrl(config.bind()) + ":" + mqtt.port().get() + "\n");
        }

        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hallmark-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("audit checkpoint", () -> {
                    auditLog.sealPending(db);
                    checkpointer.checkpointIfDue();
                }),
                1,
                1,
                TimeUnit.SECONDS);
        // CRA deadline reminders: each published once (docs/cra.md)
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("CRA deadline reminders", cra::remind), 2, 2, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("break-glass sweep", breakGlass::sweepExpired), 1, 5, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("key use tally", vault::flushSignatures), 1, 1, TimeUnit.SECONDS);
        // every label status change is recorded and audited, whether or not someone looks it up
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("label status", labels::refreshStatuses), 60, 60, TimeUnit.SECONDS);
        // TUF timestamps live a day: each is signed again in its last quarter (snapshot and targets likewise)
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("TUF re-signing", tuf::refreshExpiring), 5, 10, TimeUnit.SECONDS);
        // product roles signed offline cannot be re-signed here: their renewal is prepared and announced instead
        scheduler.scheduleWithFixedDelay(
                () -> runQuietly("TUF offline role renewals", () -> announce(releases, events, clock)),
                30,
                600,
                TimeUnit.SECONDS);
        // the fleet audit runs on its own thread: a large fleet takes a while and must not hold up checkpoints
        ScheduledExecutorService fleetAuditRunner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hallmark-fleet-audit");
            t.setDaemon(true);
            return t;
        });
        long every = config.fleetAudit().interval().toSeconds();
        fleetAuditRunner.scheduleWithFixedDelay(
                () -> runQuietly("fleet audit", fleetAudit::runAll), every, every, TimeUnit.SECONDS);
        HallmarkServer server = new HallmarkServer(
                config,
                db,
                api,
                device,
                pkiHttp,
                mqtt,
                ingest,
                sealer,
                scheduler,
                checkpointer,
                auditService,
                access,
                vault,
                fleetAuditRunner,
                releases);
        server.services.add(webhooks::close);
        server.services.add(deviceTx::close);
        return server;
    }

    /**
     * What telemetry ingestion turned away, by transport and reason, and how full its queues are
     * (docs/protocol/telemetry.md).
     */
    private static void registerIngestMetrics(PrometheusMeterRegistry metrics, TelemetryIngest ingest) {
        for (TelemetryIngest.Transport t : TelemetryIngest.Transport.values()) {
            for (Drop d : Drop.values()) {
                io.micrometer.core.instrument.FunctionCounter.builder(
                                "hallmark.telemetry.dropped", ingest, i -> i.dropped(t, d))
                        .description("telemetry reports (and MQTT messages and clients) turned away, by reason")
                        .tag("transport", t.label())
                        .tag("reason", d.label())
                        .register(metrics);
            }
            io.micrometer.core.instrument.FunctionCounter.builder(
                            "hallmark.telemetry.received", ingest, i -> i.received(t))
                    .description("telemetry reports that reached ingestion")
                    .tag("transport", t.label())
                    .register(metrics);
        }
        Gauge.builder("hallmark.telemetry.queue.depth", ingest, TelemetryIngest::depth)
                .description("telemetry reports waiting for the behaviour service, both transports")
                .register(metrics);
    }

    /** What MQTT ingestion turned away, by reason, and how full its queue is (docs/protocol/telemetry.md). */
    private static void registerMqttMetrics(PrometheusMeterRegistry metrics, MqttIngress mqtt) {
        for (Drop d : Drop.values()) {
            io.micrometer.core.instrument.FunctionCounter.builder("hallmark.mqtt.dropped", mqtt, m -> m.dropped(d))
                    .description("MQTT messages and connections turned away, by reason")
                    .tag("reason", d.label())
                    .register(metrics);
        }
        io.micrometer.core.instrument.FunctionCounter.builder("hallmark.mqtt.received", mqtt, MqttIngress::received)
                .description("MQTT telemetry messages that reached ingestion")
                .register(metrics);
        counter(
                metrics,
                "hallmark.mqtt.sessions.dropped",
                mqtt,
                MqttIngress::sessionsDropped,
                "device sessions dropped because the device stopped being active");
        Gauge.builder("hallmark.mqtt.queue.depth", mqtt, MqttIngress::queueDepth)
                .description("MQTT reports waiting for the behaviour service")
                .register(metrics);
        Gauge.builder("hallmark.mqtt.sessions", mqtt, MqttIngress::sessions)
                .description("device sessions open on the embedded broker")
                .register(metrics);
    }

    private static char[] readPin(ServerConfig config) {
        Path file = config.pkcs11PinFile().orElseThrow();
        try {
            return Files.readString(file).strip().toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("vault.pkcs11-pin-file " + file + " cannot be read", e);
        }
    }

    private static void runQuietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.toString());
        }
    }

    private static boolean isReady(JdbcDatabase db) {
        try {
            db.read(s -> s.audit().latestCheckpoint());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> names(ServerConfig config) {
        List<String> names = new ArrayList<>(config.tlsNames());
        String bind = config.bind();
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("localhost") && !bind.equals("127.0.0.1")) {
            names.add(bind);
        }
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                LOG.debug("no local host name: {}", e.toString());
            }
        }
        return names;
    }

    /** The host devices reach the platform at: the first configured TLS name, else the bound address. */
    private static String publicHost(ServerConfig config) {
        return config.tlsNames().isEmpty()
                ? hostForUrl(config.bind())
                : config.tlsNames().get(0);
    }

    private static String hostForUrl(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::")) {
            return "127.0.0.1";
        }
        return bind.contains(":") ? "[" + bind + "]" : bind;
    }

    private static void createPrivateDir(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    LOG.debug("no POSIX permissions on {}", dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("data directory " + dir + " cannot be created", e);
        }
    }

    private static void writeSecret(Path file, String text) {
        try {
            OwnerOnlyFiles.replace(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be written", e);
        }
    }

    private static void writePublic(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + " cannot be written", e);
        }
    }

    /** The operator API's port. */
    public int apiPort() {
        return api.port();
    }

    /** The device listener's port, if it runs. */
    public Optional<Integer> devicePort() {
        return Optional.ofNullable(device).map(DeviceServer::port);
    }

    /** The embedded MQTT broker's port, when it runs. */
    public Optional<Integer> mqttPort() {
        return Optional.ofNullable(mqtt).flatMap(MqttIngress::port);
    }

    /** Telemetry ingestion, shared by HTTPS and MQTT (counters for tests and benchmarks). */
    public TelemetryIngest telemetryIngest() {
        return ingest;
    }

    /** MQTT ingestion, when it runs (counters for tests and benchmarks). */
    public Optional<MqttIngress> mqtt() {
        return Optional.ofNullable(mqtt);
    }

    /** The plain-HTTP port of CRLs and OCSP, when that listener is on. */
    public Optional<Integer> pkiHttpPort() {
        return Optional.ofNullable(pkiHttp).map(PkiServer::port);
    }

    /** The operator API's base URL. */
    public String apiUrl() {
        return "https://" + hostForUrl(config.bind()) + ":" + api.port();
    }

    /** The configuration the server runs with. */
    public ServerConfig config() {
        return config;
    }

    /** The database (benchmarks and tamper tests reach under the services). */
    public JdbcDatabase database() {
        return db;
    }

    /** The API listener (route lists for tests). */
    public ApiServer api() {
        return api;
    }

    /** The audit service (server-side verification). */
    public AuditService audit() {
        return auditService;
    }

    /** The access service (organizations and users, e.g. for the demo). */
    public AccessService access() {
        return access;
    }

    /** The audit checkpointer. */
    public AuditCheckpointer checkpointer() {
        return checkpointer;
    }

    /** The releases and their TUF roles. */
    public ReleaseService releases() {
        return releases;
    }

    /** The key vault. */
    public KeyVault vault() {
        return vault;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("stopping");
        for (Runnable stop : services) {
            runQuietly("service stop", stop);
        }
        scheduler.shutdownNow();
        fleetAuditRunner.shutdownNow();
        if (mqtt != null) {
            runQuietly("MQTT", mqtt::close);
        }
        try {
            api.close();
        } finally {
            try {
                if (device != null) {
                    device.close();
                }
                if (pkiHttp != null) {
                    pkiHttp.close();
                }
            } finally {
                // the transports are closed: what they queued is judged before the database closes
                runQuietly("telemetry ingestion", ingest::close);
                if (vault instanceof AuditedKeyVault audited) {
                    runQuietly("key use tally", audited::flushSignatures);
                }
                if (sealer != null) {
                    runQuietly("audit sealing", sealer::close);
                }
                runQuietly("final audit checkpoint", checkpointer::checkpointNow);
                db.close();
            }
        }
        LOG.info("stopped");
    }
}
