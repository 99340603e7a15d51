package io.hallmark.server.fleetaudit;

import io.hallmark.protocol.telemetry.TelemetryReport;
import io.hallmark.server.behaviour.TelemetryService;
import io.hallmark.server.identity.CaRevocation;
import io.hallmark.server.identity.CaRevocationService;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks about one device, pure: its latest good operational certificate (expiry, age, issuer, key) and its
 * latest telemetry report (insecure services, silence). Devices that are enrolled, active or quarantined are audited;
 * the others hold no operational identity.
 */
final class DeviceChecks {
    /** The states whose devices are audited. */
    static final Set<DeviceState> AUDITED =
            EnumSet.of(DeviceState.ENROLLED, DeviceState.ACTIVE, DeviceState.QUARANTINED);

    /**
     * Services that carry credentials or commands in clear text, by {@code port/protocol}: the insecure services of
     * the issue (telnet, FTP, plain HTTP admin) and their usual companions.
     */
    static final Map<String, String> INSECURE_SERVICES = Map.ofEntries(
            Map.entry("21/tcp", "FTP"),
            Map.entry("23/tcp", "Telnet"),
            Map.entry("69/udp", "TFTP"),
            Map.entry("80/tcp", "plain HTTP"),
            Map.entry("8080/tcp", "plain HTTP"),
            Map.entry("512/tcp", "rexec"),
            Map.entry("513/tcp", "rlogin"),
            Map.entry("514/tcp", "rsh"),
            Map.entry("1883/tcp", "MQTT without TLS"),
            Map.entry("2323/tcp", "Telnet"));

    private final FleetAuditSettings settings;

    DeviceChecks(FleetAuditSettings settings) {
        this.settings = settings;
    }

    /** The latest good operational (LDevID) certificate among {@code certificates}. */
    static Optional<DeviceCertificate> latestOperational(List<DeviceCertificate> certificates) {
        return certificates.stream()
                .filter(c -> c.purpose() == OrganizationCa.Purpose.LDEVID && c.status() == CertificateStatus.GOOD)
                .max(Comparator.comparing(DeviceCertificate::notBefore).thenComparing(DeviceCertificate::serialNumber));
    }

    /**
     * Adds what the certificate checks see in {@code certificate} of {@code device} to {@code out}.
     *
     * @param issuers the known CAs' expiry by vault alias
     */
    void certificate(
            Device device,
            DeviceCertificate certificate,
            Map<String, Instant> issuers,
            Instant now,
            List<Observation> out) {
        Resource r = resource(device);
        Duration left = Duration.between(now, certificate.notAfter());
        if (left.compareTo(settings.certificateExpiringWithin()) < 0) {
            out.add(new Observation(
                    AuditCheck.DEVICE_CERTIFICATE_EXPIRING,
                    r,
                    "valid for more than " + days(settings.certificateExpiringWithin()),
                    left.isNegative()
                            ? "expired " + certificate.notAfter() + " (serial " + certificate.serialHex() + ")"
                            : "expires " + certificate.notAfter() + ", in " + days(left) + " (serial "
                                    + certificate.serialHex() + ")"));
        }
        Duration age = Duration.between(certificate.notBefore(), now);
        if (age.compareTo(settings.certificateMaxAge()) > 0) {
            out.add(new Observation(
                    AuditCheck.DEVICE_CERTIFICATE_TOO_OLD,
                    r,
                    "issued within the last " + days(settings.certificateMaxAge()),
                    "issued " + certificate.notBefore() + ", " + days(age) + " ago (serial " + certificate.serialHex()
                            + ")"));
        }
        Instant issuerExpiry = issuers.get(certificate.caAlias());
        if (issuerExpiry == null || !now.isBefore(issuerExpiry)) {
            out.add(new Observation(
                    AuditCheck.DEVICE_CERTIFICATE_ISSUER_INVALID,
                    r,
                    "issued by a known, unexpired CA",
                    issuerExpiry == null
                            ? "issued by unknown CA " + certificate.caAlias()
                            : "issuing CA " + certificate.caAlias() + " expired " + issuerExpiry));
        }
    }

    /**
     * {@code device.certificate.issuer-revoked}: adds a finding when the device still holds good certificates whose
     * issuing CA its root revoked (they fail path validation against the root's CRL, RFC 5280 §6.3, yet the device
     * keeps using them until it gets one under another CA).
     *
     * @param certificates all the device's certificates
     * @param revoked the revoked issuing CAs by vault alias
     */
    void issuerRevoked(
            Device device,
            List<DeviceCertificate> certificates,
            Map<String, CaRevocation> revoked,
            List<Observation> out) {
        if (revoked.isEmpty()) {
            return;
        }
        List<DeviceCertificate> under = certificates.stream()
                .filter(c -> c.status() == CertificateStatus.GOOD && revoked.containsKey(c.caAlias()))
                .sorted(Comparator.comparing(DeviceCertificate::notBefore))
                .toList();
        if (under.isEmpty()) {
            return;
        }
        List<String> shown = under.stream()
                .map(c -> {
                    CaRevocation r = revoked.get(c.caAlias());
                    return "serial " + c.serialHex() + " of " + c.caAlias() + " (CA revoked " + r.revokedAt() + ", "
                            + CaRevocationService.reasonName(r.reason()) + ")";
                })
                .toList();
        out.add(new Observation(
                AuditCheck.DEVICE_CERTIFICATE_ISSUER_REVOKED,
                resource(device),
                "no good certificate under a revoked issuing CA",
                (under.size() == 1 ? "good certificate " : under.size() + " good certificates: ")
                        + String.join("; ", shown)));
    }

    /**
     * {@code device.key.debian-weak}: adds a finding when the RSA key of any good certificate of the device (birth or
     * operational) is on the operator's list of the Debian OpenSSL keys (CVE-2008-0166): its private key is known to
     * all, whatever its size. One finding per device, naming each such certificate.
     *
     * @param certificates all the device's certificates
     */
    void debianWeak(
            Device device, List<DeviceCertificate> certificates, WeakKeyBlocklist blocklist, List<Observation> out) {
        if (blocklist.size() == 0) {
            return;
        }
        List<String> hits = new ArrayList<>();
        for (DeviceCertificate c : certificates) {
            if (c.status() != CertificateStatus.GOOD) {
                continue;
            }
            Optional<BigInteger> modulus;
            try {
                modulus = KeyStrength.rsaModulusOf(Spki.of(c.der()));
            } catch (IllegalArgumentException unreadable) {
                continue; // device.key.weak reports an unreadable operational key
            }
            if (modulus.isPresent() && blocklist.contains(modulus.get())) {
                hits.add(c.purpose().name() + " certificate " + c.serialHex() + ": RSA "
                        + modulus.get().bitLength() + " bits on the blocklist, entry "
                        + WeakKeyBlocklist.fingerprint(modulus.get()));
            }
        }
        if (!hits.isEmpty()) {
            out.add(new Observation(
                    AuditCheck.DEVICE_KEY_DEBIAN_WEAK,
                    resource(device),
                    "no RSA key on the openssl-blacklist of its size (CVE-2008-0166)",
                    String.join("; ", hits)));
        }
    }

    /**
     * Adds what the key checks see in the SubjectPublicKeyInfo {@code spki} of the device's certificate; a key that
     * cannot be parsed counts as weak.
     */
    void key(Device device, byte[] spki, List<Observation> out) {
        Optional<KeyStrength.Weakness> weakness;
        try {
            weakness = KeyStrength.judge(spki);
        } catch (IllegalArgumentException e) {
            weakness = Optional.of(new KeyStrength.Weakness(
                    AuditCheck.DEVICE_KEY_WEAK, "a well-formed public key", "unreadable public key"));
        }
        weakness.ifPresent(w -> out.add(new Observation(w.check(), resource(device), w.expected(), w.actual())));
    }

    /**
     * Adds what the telemetry checks see in the device's latest report, if any.
     *
     * @param reportingSince since when reports are known: a device without a report is silent only once it has been
     *     active and reports have been collected for longer than the limit
     */
    void telemetry(
            Device device,
            Optional<TelemetryService.Latest> latest,
            Instant reportingSince,
            Instant now,
            List<Observation> out) {
        Resource r = resource(device);
        latest.ifPresent(l -> {
            Set<String> insecure = new TreeSet<>();
            for (TelemetryReport.ListeningPort p : l.report().listening()) {
                String key = p.port() + "/" + p.protocol().name().toLowerCase(Locale.ROOT);
                String name = INSECURE_SERVICES.get(key);
                if (name != null) {
                    insecure.add(name + " on " + key);
                }
            }
            if (!insecure.isEmpty()) {
                out.add(new Observation(
                        AuditCheck.DEVICE_SERVICE_INSECURE,
                        r,
                        "no clear-text service listening",
                        "listening: " + String.join(", ", insecure) + " (report of " + l.receivedAt() + ")"));
            }
        });
        if (device.state() != DeviceState.ACTIVE) {
            return;
        }
        Duration limit = settings.telemetrySilentAfter();
        if (latest.isPresent()) {
            Instant last = latest.get().receivedAt();
            if (Duration.between(last, now).compareTo(limit) > 0) {
                out.add(new Observation(
                        AuditCheck.DEVICE_TELEMETRY_SILENT,
                        r,
                        "a report within " + hours(limit),
                        "last report " + last + ", " + hours(Duration.between(last, now)) + " ago"));
            }
            return;
        }
        Instant since = device.updatedAt().isAfter(reportingSince) ? device.updatedAt() : reportingSince;
        if (Duration.between(since, now).compareTo(limit) > 0) {
            out.add(new Observation(
                    AuditCheck.DEVICE_TELEMETRY_SILENT,
                    r,
                    "a report within " + hours(limit),
                    "no report since " + since));
        }
    }

    static Resource resource(Device device) {
        return new Resource("device", device.id(), device.serial());
    }

    static String days(Duration d) {
        long n = d.abs().toDays();
        return n + (n == 1 ? " day" : " days");
    }

    private static String hours(Duration d) {
        long n = d.toHours();
        return n + (n == 1 ? " hour" : " hours");
    }
}
