package io.hallmark.agent;

import io.hallmark.core.Checks;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The Java device agent: enrolls the device over EST (RFC 7030) for its operational certificate (LDevID), renews it
 * before it expires, and keeps its identity in a state directory (see below).
 *
 * <pre>{@code
 * Agent agent = Agent.builder()
 *         .stateDirectory(Path.of("/var/lib/hallmark-agent"))
 *         .server(URI.create("https://hallmark.example:8444"))
 *         .trustAnchor(Path.of("platform-ca.pem"))
 *         .serial("SN-1001")
 *         .build();
 * agent.enroll(secret);      // once, with the one-time secret from "hallmark device add"
 * agent.renewIfDue();        // then regularly, e.g. daily
 * }</pre>
 *
 * <p>State directory: {@code key.pem} (the LDevID's private key, PKCS#8 PEM, mode 0600), {@code cert.pem} (the
 * LDevID), {@code chain.pem} (the owner's CA certificates), and optionally {@code idevid.pem} with {@code idevid.key}
 * (a birth certificate). Keys are EC P-256, made by the agent; every enrollment and renewal makes a new one, which
 * replaces the working key only once its certificate has arrived. Files are replaced atomically; an interrupted
 * replacement is completed at the next start.
 *
 * <p>Enrollment proves the device's identity with a one-time secret (HTTP Basic, RFC 7030 §3.2.3) or its birth
 * certificate (TLS client authentication, §3.3.2); renewal ({@code simplereenroll}, §4.2.2) with the current
 * LDevID. A server that answers {@code 202} (approval pending, §4.2.3) is asked again after its {@code Retry-After},
 * up to {@link Builder#maxAttempts(int)} times. What the server causes is reported as {@link EstException}; local
 * problems (an unreadable key file) as {@link IllegalStateException} or {@link java.io.UncheckedIOException}.
 *
 * <p>Onboarding by ownership voucher (BRSKI, RFC 8995) is not here yet: it will run before {@link #enroll()}, over
 * the same birth credential and explicit trust anchor, and leave the device owned so that enrollment succeeds.
 *
 * <p>Not thread-safe: one agent per state directory, one operation at a time.
 */
public final class Agent {
    /** Waits between attempts; tests inject one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        /** Waits for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;
    }

    private final IdentityStore store;
    private final Optional<URI> server;
    private final Optional<String> label;
    private final List<X509Certificate> trustAnchors;
    private final Optional<String> serial;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxAttempts;
    private final Duration timeout;
    private final RenewalSchedule schedule;

    private Agent(Builder b) {
        this.store = new IdentityStore(b.stateDirectory);
        this.server = Optional.ofNullable(b.server);
        this.label = Optional.ofNullable(b.label);
        this.trustAnchors = b.trustAnchors;
        this.serial = Optional.ofNullable(b.serial);
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.maxAttempts = b.maxAttempts;
        this.timeout = b.timeout;
        this.schedule = new RenewalSchedule(Optional.ofNullable(b.renewBefore));
    }

    /** A builder; {@link Builder#stateDirectory(Path)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Enrolls with the one-time enrollment secret the owner got from {@code hallmark device add} (HTTP Basic with the
     * serial as user name, RFC 7030 §3.2.3). The secret is sent to the server only, never logged or stored.
     *
     * @return the status after enrollment
     * @throws EstException when the server refuses, cannot be reached, or still waits for approval
     */
    public AgentStatus enroll(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("secret: blank (expected: the device's one-time enrollment secret)");
        }
        return enroll(new EstClient.Basic(serial(), secret.strip()));
    }

    /**
     * Enrolls with the birth certificate in {@code idevid.pem} and its key {@code idevid.key} as TLS client
     * certificate (RFC 7030 §3.3.2). The device must be owned by then (vouchers, RFC 8995, will get it there).
     *
     * @throws IllegalStateException when there is no birth certificate
     * @throws EstException when the server refuses, cannot be reached, or still waits for approval
     */
    public AgentStatus enroll() {
        TlsCredential birth = store.findBirth()
                .orElseThrow(() -> new IllegalStateException(store.directory().resolve(IdentityStore.IDEVID)
                        + ": missing (expected: a birth certificate, or enroll with a secret)"));
        return enroll(new EstClient.ClientCertificate(birth));
    }

    /**
     * Onboards with BRSKI (RFC 8995), then enrolls: requests a voucher with the birth certificate, checks it against
     * the manufacturer's trust anchor ({@code masa-anchor.pem} in the state directory, installed at the factory),
     * keeps the domain certificate it pins ({@code domain-ca.pem}), enrolls over EST with the birth certificate,
     * checks that the owner's CA chain ends at the pinned certificate, and reports both outcomes to the registrar.
     *
     * @throws IllegalStateException when the birth certificate or the manufacturer's anchor is missing
     * @throws EstException when the registrar refuses, or the voucher or the owner's chain fails a check
     */
    public AgentStatus onboard() {
        TlsCredential birth = store.findBirth()
                .orElseThrow(() -> new IllegalStateException(store.directory().resolve(IdentityStore.IDEVID)
                        + ": missing (expected: the birth certificate BRSKI authenticates with)"));
        Path anchor = store.directory().resolve(MASA_ANCHOR);
        if (!Files.exists(anchor)) {
            throw new IllegalStateException(
                    anchor + ": missing (expected: the manufacturer's root, installed with the birth certificate)");
        }
        Onboarding brski = new Onboarding(est(), clock);
        io.hallmark.protocol.voucher.Voucher voucher =
                brski.requestVoucher(birth, serial(), IdentityStore.readCertificates(anchor));
        X509Certificate domain;
        try {
            domain = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(voucher.pinnedDomainCert()));
        } catch (java.security.cert.CertificateException e) {
            throw new EstException(
                    EstException.Reason.MALFORMED_RESPONSE, "BRSKI: the pinned domain certificate is not X.509", e);
        }
        store.writePublic(DOMAIN_CA, io.hallmark.core.Pem.certificate(domain));
        AgentStatus status = enroll(new EstClient.ClientCertificate(birth));
        List<X509Certificate> chain = store.chain();
        boolean pinned = chain.stream().anyMatch(domain::equals);
        brski.enrollStatus(
                current(), pinned, pinned ? "enrolled" : "the owner's CA chain does not end at the pinned certificate");
        if (!pinned) {
            throw new EstException(
                    EstException.Reason.MALFORMED_RESPONSE,
                    "BRSKI: the owner's CA chain from cacerts does not contain the voucher's pinned certificate");
        }
        return status;
    }

    /**
     * Renews the operational certificate when it is due: when less than a third of its validity remains, or less
     * than {@link Builder#renewBefore(Duration)}.
     *
     * @return whether it renewed
     * @throws IllegalStateException when the device is not enrolled
     * @throws EstException when the server refuses (the current identity is kept) or cannot be reached
     */
    public boolean renewIfDue() {
        TlsCredential current = current();
        if (!schedule.isDue(current.certificate(), clock.instant())) {
            return false;
        }
        renew(current);
        return true;
    }

    /**
     * Renews the operational certificate now ({@code simplereenroll}, RFC 7030 §4.2.2) with a new key, over mutual
     * TLS with the current one. On any failure the current key and certificate stay as they were.
     *
     * @throws IllegalStateException when the device is not enrolled
     * @throws EstException when the server refuses or cannot be reached
     */
    public AgentStatus renew() {
        renew(current());
        return status();
    }

    /**
     * Attests once (at boot, or when asked): asks for a nonce, measures {@code firmware}, sends the evidence signed
     * with the operational key over mutual TLS ({@code docs/protocol/attestation.md}).
     *
     * @return the result's status and findings, or the refusal
     * @throws IllegalStateException when the device is not enrolled
     * @throws EstException when the server refuses the device or cannot be reached
     */
    public AttestationOutcome attest(Firmware firmware) {
        return attest(firmware, Misbehaviour.NONE);
    }

    /** Attests once behaving as {@code behaviour} says: for the simulator's misbehaving devices. */
    public AttestationOutcome attest(Firmware firmware, Misbehaviour behaviour) {
        if (server.isEmpty() || trustAnchors.isEmpty()) {
            throw new IllegalStateException(
                    "server and trustAnchor: not set (expected: the device port's URL and the platform CA)");
        }
        return new Attester(server.get(), trustAnchors, clock, timeout)
                .attest(current(), serial(), firmware, behaviour);
    }

    /**
     * Attests {@code rounds} times, waiting {@code interval} between rounds with the sleeper; a round the server
     * cannot be reached in is skipped.
     *
     * @return the outcomes of the rounds that reached the server
     * @throws InterruptedException when the wait is interrupted
     */
    public List<AttestationOutcome> attestEvery(Firmware firmware, Duration interval, int rounds)
            throws InterruptedException {
        List<AttestationOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            if (i > 0) {
                sleeper.sleep(interval);
            }
            try {
                outcomes.add(attest(firmware));
            } catch (EstException e) {
                if (e.reason() != EstException.Reason.UNREACHABLE) {
                    throw e;
                }
            }
        }
        return outcomes;
    }

    /**
     * A TLS context presenting the device's current operational certificate and trusting the platform CA: for the
     * device port's update assignment and report routes.
     *
     * @throws IllegalStateException when the device is not enrolled or no trust anchor is set
     */
    public javax.net.ssl.SSLContext deviceTls() {
        if (trustAnchors.isEmpty()) {
            throw new IllegalStateException("trustAnchor: not set (expected: the platform CA)");
        }
        return TlsContexts.create(trustAnchors, Optional.of(current()));
    }

    /** What the state directory holds now; reads files only, never the network. */
    public AgentStatus status() {
        Optional<TlsCredential> current = store.findCurrent();
        Path dir = store.directory();
        boolean chain = Files.exists(dir.resolve(IdentityStore.CHAIN));
        boolean birth = Files.exists(dir.resolve(IdentityStore.IDEVID));
        boolean pending = Files.exists(dir.resolve(IdentityStore.NEXT_KEY));
        if (current.isEmpty()) {
            return new AgentStatus(
                    AgentStatus.State.NOT_ENROLLED,
                    findSerial(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    chain,
                    birth,
                    pending);
        }
        X509Certificate cert = current.get().certificate();
        Instant now = clock.instant();
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        AgentStatus.State state;
        if (now.isBefore(notBefore) || !now.isBefore(notAfter)) {
            state = AgentStatus.State.EXPIRED;
        } else if (schedule.isDue(cert, now)) {
            state = AgentStatus.State.RENEWAL_DUE;
        } else {
            state = AgentStatus.State.ENROLLED;
        }
        return new AgentStatus(
                state,
                findSerial(),
                Optional.of(cert.getSerialNumber().toString(16)),
                Optional.of(cert.getIssuerX500Principal().getName()),
                Optional.of(notBefore),
                Optional.of(notAfter),
                Optional.of(schedule.renewAt(cert)),
                chain,
                birth,
                pending);
    }

    /** The manufacturer's trust anchor for vouchers, in the state directory. */
    static final String MASA_ANCHOR = "masa-anchor.pem";
    /** The domain certificate the last voucher pinned. */
    static final String DOMAIN_CA = "domain-ca.pem";

    private AgentStatus enroll(EstClient.Credentials credentials) {
        new Enrollment(store, est()).enroll(credentials, serial());
        return status();
    }

    private void renew(TlsCredential current) {
        new Enrollment(store, est()).renew(current, serial());
    }

    private TlsCredential current() {
        return store.findCurrent()
                .orElseThrow(() -> new IllegalStateException(
                        store.directory() + ": not enrolled (expected: key.pem and cert.pem; enroll first)"));
    }

    private EstClient est() {
        if (server.isEmpty() || trustAnchors.isEmpty()) {
            throw new IllegalStateException(
                    "server and trustAnchor: not set (expected: the device port's URL and the platform CA)");
        }
        return new EstClient(server.get(), label, trustAnchors, clock, sleeper, maxAttempts, timeout);
    }

    private String serial() {
        return findSerial()
                .orElseThrow(() -> new IllegalStateException(
                        "serial: unknown (expected: configured, or a certificate in the state directory naming it)"));
    }

    /** The configured serial, else the one the LDevID or birth certificate names. */
    private Optional<String> findSerial() {
        if (serial.isPresent()) {
            return serial;
        }
        for (String file : List.of(IdentityStore.CERT, IdentityStore.IDEVID)) {
            Path path = store.directory().resolve(file);
            if (Files.exists(path)) {
                Optional<String> named =
                        serialNumberOf(IdentityStore.readCertificates(path).get(0));
                if (named.isPresent()) {
                    return named;
                }
            }
        }
        return Optional.empty();
    }

    /** The subject's X.520 serialNumber attribute. */
    static Optional<String> serialNumberOf(X509Certificate certificate) {
        X500Name subject =
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        RDN[] rdns = subject.getRDNs(BCStyle.SERIALNUMBER);
        if (rdns.length == 0) {
            return Optional.empty();
        }
        ASN1Encodable value = rdns[0].getFirst().getValue();
        return value instanceof ASN1String s ? Optional.of(s.getString()) : Optional.empty();
    }

    /**
     * Configures an {@link Agent}. Defaults: the system clock (UTC), up to 10 attempts while the server answers
     * {@code 202}, 30 s per request, renewal when a third of the validity remains.
     */
    public static final class Builder {
        private Path stateDirectory;
        private URI server;
        private String label;
        private List<X509Certificate> trustAnchors = List.of();
        private String serial;
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Thread::sleep;
        private int maxAttempts = 10;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration renewBefore;

        private Builder() {}

        /** The directory holding the device's keys and certificates (made, mode 0700, when missing). */
        public Builder stateDirectory(Path dir) {
            this.stateDirectory = require(dir, "stateDirectory");
            return this;
        }

        /** The device port's base URL, {@code https://host:port}; EST lives under {@code /.well-known/est/}. */
        public Builder server(URI url) {
            require(url, "server");
            if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("server: " + url + " (expected: https://host:port)");
            }
            this.server = url;
            return this;
        }

        /**
         * The PEM file with the certificate(s) the server's TLS chain must end at: the platform CA, {@code
         * DATA/trust/platform-ca.pem} on the server (RFC 7030 §4.1.1, explicit trust anchor). Read now.
         */
        public Builder trustAnchor(Path pemFile) {
            require(pemFile, "trustAnchor");
            if (!Files.isRegularFile(pemFile)) {
                throw new IllegalArgumentException("trustAnchor: " + pemFile + " (expected: a PEM certificate file)");
            }
            this.trustAnchors = IdentityStore.readCertificates(pemFile);
            return this;
        }

        /** The owner organization's id or name, sent as the EST label (RFC 7030 §3.2.2); optional. */
        public Builder label(String label) {
            require(label, "label");
            if (!EstClient.LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("label: " + label + " (expected: an organization id or name)");
            }
            this.label = label;
            return this;
        }

        /** The device's serial number: the Basic user name and the CSR's serialNumber. Else read from cert.pem. */
        public Builder serial(String serial) {
            require(serial, "serial");
            if (serial.isBlank() || serial.indexOf(':') >= 0) {
                throw new IllegalArgumentException("serial: \"" + serial + "\" (expected: not blank, no ':')");
            }
            this.serial = serial;
            return this;
        }

        /** The clock deciding when renewal is due. */
        public Builder clock(Clock clock) {
            this.clock = require(clock, "clock");
            return this;
        }

        /** How the agent waits for a {@code Retry-After}. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = require(sleeper, "sleeper");
            return this;
        }

        /** How many times a request answered {@code 202} is sent in all (at least 1: do not wait). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 1000) {
                throw new IllegalArgumentException("maxAttempts: " + attempts + " (expected: 1..1000)");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The longest a connection or a request may take. */
        public Builder timeout(Duration timeout) {
            require(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
            }
            this.timeout = timeout;
            return this;
        }

        /** Renew when less than this remains of the certificate's validity, instead of a third of it. */
        public Builder renewBefore(Duration remaining) {
            require(remaining, "renewBefore");
            if (remaining.isNegative() || remaining.isZero()) {
                throw new IllegalArgumentException("renewBefore: " + remaining + " (expected: > 0)");
            }
            this.renewBefore = remaining;
            return this;
        }

        /** The agent; reads nothing from the state directory yet. */
        public Agent build() {
            if (stateDirectory == null) {
                throw new IllegalStateException("stateDirectory: null (expected: a directory)");
            }
            return new Agent(this);
        }

        private static <T> T require(T value, String name) {
            return Checks.notNull(value, name);
        }
    }

    @Override
    public String toString() {
        return "Agent[" + store.directory() + ", " + server.map(URI::toString).orElse("no server") + "]";
    }
}
