package io.hallmark.server.fleetaudit;

import java.util.Optional;

/**
 * The catalog of fleet-audit checks: each with a stable id (stored with every finding, so never renamed), a severity,
 * a title, what it looks at and how to fix what it finds. {@code docs/fleet-audit.md} lists them all; checks whose
 * {@link #implemented()} is false are hooks whose data does not exist yet and never fire.
 */
public enum AuditCheck {
    /** The operational certificate expires soon or has expired. */
    DEVICE_CERTIFICATE_EXPIRING(
            "device.certificate.expiring",
            FindingSeverity.HIGH,
            "Device certificate expiring",
            "the latest good operational (LDevID) certificate of each enrolled, active or quarantined device",
            "re-enroll the device (EST simplereenroll, RFC 7030 §4.2.2) before its certificate expires",
            true),
    /** The operational certificate was issued long ago: its key has not been rotated. */
    DEVICE_CERTIFICATE_TOO_OLD(
            "device.certificate.too-old",
            FindingSeverity.MEDIUM,
            "Device certificate too old",
            "when the latest good operational certificate of each device was issued",
            "re-enroll the device with a new key (rekey) to rotate it",
            true),
    /** The certificate's issuing CA has expired or is unknown to its organization. */
    DEVICE_CERTIFICATE_ISSUER_INVALID(
            "device.certificate.issuer-invalid",
            FindingSeverity.HIGH,
            "Device certificate under an expired or unknown CA",
            "the issuing CA of the latest good operational certificate of each device",
            "re-enroll the device under the organization's current issuing CA",
            true),
    /** The device's key is too short or on a curve the platform does not trust. */
    DEVICE_KEY_WEAK(
            "device.key.weak",
            FindingSeverity.HIGH,
            "Weak device key",
            "the public key of the latest good operational certificate: RSA below 2048 bits, EC curves other than"
                    + " P-256, P-384 and P-521",
            "re-enroll the device with an EC P-256 or P-384 or an Ed25519 key",
            true),
    /** The device's RSA key has the ROCA fingerprint (CVE-2017-15361): its factors can be computed. */
    DEVICE_KEY_ROCA(
            "device.key.roca",
            FindingSeverity.CRITICAL,
            "Device key vulnerable to ROCA",
            "the RSA modulus of the latest good operational certificate, against the ROCA fingerprint",
            "update the device's key-generating firmware (secure element), generate a new key and re-enroll;"
                    + " revoke the old certificate",
            true),
    /** One of the organization's CA certificates expires soon or has expired. */
    CA_CERTIFICATE_EXPIRING(
            "ca.certificate.expiring",
            FindingSeverity.HIGH,
            "CA certificate expiring",
            "the organization's root and issuing CA certificates",
            "plan the CA's renewal and the re-enrollment of the devices under it",
            true),
    /** The device listens on a service that carries credentials in clear text. */
    DEVICE_SERVICE_INSECURE(
            "device.service.insecure",
            FindingSeverity.HIGH,
            "Insecure service listening",
            "the listening ports of each device's latest telemetry report (telnet, FTP, plain HTTP, TFTP, ...)",
            "turn the service off in the device's firmware or configuration, or use its TLS variant",
            true),
    /** An active device has not reported telemetry for a long time. */
    DEVICE_TELEMETRY_SILENT(
            "device.telemetry.silent",
            FindingSeverity.MEDIUM,
            "Telemetry silent",
            "when each active device last reported telemetry",
            "check the device's connectivity and agent; quarantine it if it was tampered with",
            true),
    /** The organization has more administrators than its policy allows. */
    ORG_ADMINS_TOO_MANY(
            "org.admins.too-many",
            FindingSeverity.MEDIUM,
            "Too many administrators",
            "the enabled users with the admin role in the organization",
            "remove the admin role from those who do not need it (least privilege)",
            true),
    /** An API token lives longer than the policy allows. */
    TOKEN_LIFETIME_TOO_LONG(
            "token.lifetime.too-long",
            FindingSeverity.MEDIUM,
            "API token lives too long",
            "the lifetime (expiry minus creation) of each usable API token of the organization's users",
            "revoke the token and make one with a shorter lifetime",
            true),
    /** Nobody verified the audit chain lately. */
    AUDIT_CHAIN_UNVERIFIED(
            "audit.chain.unverified",
            FindingSeverity.MEDIUM,
            "Audit chain not verified lately",
            "the successful audit.verify entries of the audit log",
            "verify the audit chain (hallmark audit verify) and look into any break",
            true),
    /** Devices of a product whose security support period is over are still in service. */
    PRODUCT_SUPPORT_ENDED(
            "product.support.ended",
            FindingSeverity.HIGH,
            "Product support period over",
            "the support period of the product of each enrolled, active or quarantined device",
            "replace the devices, or agree an extended support period with the manufacturer",
            true),
    /** The device's latest attestation result is older than its owner's interval, or an active device has none. */
    DEVICE_ATTESTATION_STALE(
            "device.attestation.stale",
            FindingSeverity.MEDIUM,
            "Attestation stale",
            "the latest attestation result of each device against its owner's attestation interval; an active device"
                    + " without any result",
            "have the device attest again; quarantine it if it cannot",
            true),
    /** The evidence of the device's latest attestation said debug was enabled ({@code dbgstat}). */
    DEVICE_DEBUG_ENABLED(
            "device.debug.enabled",
            FindingSeverity.HIGH,
            "Debug enabled",
            "the dbgstat claim (RFC 9711 §4.2.9) of the evidence behind each device's latest attestation result",
            "disable debug interfaces in production firmware",
            true),
    /** The device is not on its product's latest security release some time after it was published. */
    DEVICE_FIRMWARE_BEHIND(
            "device.firmware.behind",
            FindingSeverity.HIGH,
            "Firmware behind",
            "the firmware version of each device's latest telemetry report against its product's latest published"
                    + " security release, once that release is older than the grace period",
            "roll the latest security release out to the device",
            true),
    /** A published release's SBOM holds a component affected by a known exploited vulnerability. */
    RELEASE_VULNERABILITY_EXPLOITED(
            "release.vulnerability.exploited",
            FindingSeverity.CRITICAL,
            "Known exploited vulnerability",
            "the SBOM of each published release against the organization's imported advisories marked exploited"
                    + " (docs/vulnerabilities.md), VEX honoured",
            "roll out a fixed release; mitigate until then",
            true),
    /** The device's agent found a local account with a known default credential. */
    DEVICE_CREDENTIALS_DEFAULT(
            "device.credentials.default",
            FindingSeverity.CRITICAL,
            "Default device credentials",
            "the account check of each device's latest telemetry report: local accounts whose credential is one of the"
                    + " known defaults (docs/protocol/telemetry.md)",
            "change the credential; ship devices with unique credentials (ETSI EN 303 645 5.1-1)",
            true),
    /** One certificate is used from several addresses at once: copied to another device. */
    DEVICE_CERTIFICATE_SHARED(
            "device.certificate.shared",
            FindingSeverity.HIGH,
            "Certificate shared by several devices",
            "the recent connections of each device's certificates to the device port and the MQTT broker:"
                    + " interleaved connections from different addresses",
            "revoke the certificate and re-enroll each genuine device",
            true),
    /** One MQTT client id keeps taking over its own session: two clients use it at once. */
    DEVICE_CLIENT_ID_CONFLICT(
            "device.client-id.conflict",
            FindingSeverity.MEDIUM,
            "Conflicting MQTT client ids",
            "the MQTT session takeovers (a connection with the client id of an open session) of each device",
            "find the second client using the device's identity; revoke and re-enroll if it is a copy",
            true),
    /** A revoked certificate or a quarantined device still tries to connect. */
    DEVICE_REFUSED_CONNECTING(
            "device.revoked.connecting",
            FindingSeverity.HIGH,
            "Revoked or quarantined device still connecting",
            "the connections of each device refused because its certificate is revoked or held or the device is"
                    + " quarantined or decommissioned",
            "find the device (its address is in the evidence) and take it off the network",
            true),
    /** The device's RSA key is one the Debian OpenSSL flaw (CVE-2008-0166) made: its private key is public. */
    DEVICE_KEY_DEBIAN_WEAK(
            "device.key.debian-weak",
            FindingSeverity.CRITICAL,
            "Device key from the Debian OpenSSL flaw",
            "the RSA modulus of every good certificate (birth and operational) of each device, against the operator's"
                    + " openssl-blacklist files (fleet-audit.weak-key-blocklist)",
            "revoke the certificate, generate a new key on a fixed system and re-enroll: the private key can be"
                    + " regenerated by anyone",
            true),
    /** One of the organization's CA keys is one the Debian OpenSSL flaw (CVE-2008-0166) made. */
    CA_KEY_DEBIAN_WEAK(
            "ca.key.debian-weak",
            FindingSeverity.CRITICAL,
            "CA key from the Debian OpenSSL flaw",
            "the RSA modulus of the organization's root and issuing CA certificates, against the operator's"
                    + " openssl-blacklist files (fleet-audit.weak-key-blocklist)",
            "replace the CA and re-enroll every device under it: anyone can sign as this CA",
            true),
    /** A device still holds a good certificate of an issuing CA its root revoked. */
    DEVICE_CERTIFICATE_ISSUER_REVOKED(
            "device.certificate.issuer-revoked",
            FindingSeverity.CRITICAL,
            "Active certificate under a revoked intermediate",
            "the good certificates of each enrolled, active or quarantined device whose issuing CA was revoked by its"
                    + " organization's root (hallmark org revoke-ca)",
            "re-enroll the device under a new issuing CA; the platform cannot rotate an issuing CA yet, so until it"
                    + " can, decommission the device or accept the finding with a suppression",
            true);

    private final String id;
    private final FindingSeverity severity;
    private final String title;
    private final String looksAt;
    private final String remediation;
    private final boolean implemented;

    AuditCheck(
            String id,
            FindingSeverity severity,
            String title,
            String looksAt,
            String remediation,
            boolean implemented) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.looksAt = looksAt;
        this.remediation = remediation;
        this.implemented = implemented;
    }

    /** The stable id, e.g. {@code device.certificate.expiring}. */
    public String id() {
        return id;
    }

    /** How urgent its findings are. */
    public FindingSeverity severity() {
        return severity;
    }

    /** A title for people. */
    public String title() {
        return title;
    }

    /** What the check looks at. */
    public String looksAt() {
        return looksAt;
    }

    /** What to do about a finding. */
    public String remediation() {
        return remediation;
    }

    /** Whether the check runs; false for a hook whose data does not exist yet. */
    public boolean implemented() {
        return implemented;
    }

    /** The check with the stable id {@code id}. */
    public static Optional<AuditCheck> byId(String id) {
        for (AuditCheck c : values()) {
            if (c.id.equals(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
