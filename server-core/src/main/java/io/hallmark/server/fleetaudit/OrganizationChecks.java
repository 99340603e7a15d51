package io.hallmark.server.fleetaudit;

import io.hallmark.server.access.ApiToken;
import io.hallmark.server.access.Role;
import io.hallmark.server.access.User;
import io.hallmark.server.identity.Product;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks about an organization as a whole, pure: its administrators, its users' API tokens, the audit chain's
 * verification, its CA certificates and the support period of the products its devices run.
 */
final class OrganizationChecks {
    private final FleetAuditSettings settings;

    OrganizationChecks(FleetAuditSettings settings) {
        this.settings = settings;
    }

    /** More enabled admins in the organization than the limit. */
    Optional<Observation> admins(String orgId, String orgName, List<User> users) {
        List<String> admins = users.stream()
                .filter(u -> !u.disabled() && u.roles().contains(Role.ADMIN))
                .map(User::name)
                .sorted()
                .toList();
        if (admins.size() <= settings.maxAdmins()) {
            return Optional.empty();
        }
        List<String> shown = admins.subList(0, Math.min(admins.size(), 10));
        return Optional.of(new Observation(
                AuditCheck.ORG_ADMINS_TOO_MANY,
                new Resource("organization", orgId, orgName),
                "at most " + settings.maxAdmins() + " enabled admins",
                admins.size() + " enabled admins: " + String.join(", ", shown)
                        + (admins.size() > shown.size() ? ", ..." : "")));
    }

    /** A usable token of {@code user} whose lifetime is longer than the limit. */
    Optional<Observation> token(User user, ApiToken token, Instant now) {
        if (!token.isUsable(now)) {
            return Optional.empty();
        }
        Duration lifetime = Duration.between(token.createdAt(), token.expiresAt());
        if (lifetime.compareTo(settings.maxTokenLifetime()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Observation(
                AuditCheck.TOKEN_LIFETIME_TOO_LONG,
                new Resource("token", token.id(), token.name() + " of " + user.name()),
                "a lifetime of at most " + DeviceChecks.days(settings.maxTokenLifetime()),
                "lives " + DeviceChecks.days(lifetime) + ", until " + token.expiresAt()));
    }

    /** No successful verification of the audit chain within the limit. */
    Optional<Observation> auditVerified(Optional<Instant> lastVerified, Instant now) {
        if (lastVerified.isPresent()
                && Duration.between(lastVerified.get(), now).compareTo(settings.auditVerifiedWithin()) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Observation(
                AuditCheck.AUDIT_CHAIN_UNVERIFIED,
                new Resource("audit-chain", "audit-chain", "audit chain"),
                "a successful verification within " + DeviceChecks.days(settings.auditVerifiedWithin()),
                lastVerified.map(t -> "last verified " + t).orElse("never verified")));
    }

    /** The organization's CA certificates (by vault alias) that expire within the limit. */
    List<Observation> caExpiring(Map<String, X509Certificate> authorities, Instant now) {
        return authorities.entrySet().stream()
                .filter(e -> Duration.between(now, e.getValue().getNotAfter().toInstant())
                                .compareTo(settings.caExpiringWithin())
                        < 0)
                .map(e -> {
                    Instant notAfter = e.getValue().getNotAfter().toInstant();
                    return new Observation(
                            AuditCheck.CA_CERTIFICATE_EXPIRING,
                            new Resource(
                                    "ca",
                                    e.getKey(),
                                    e.getValue().getSubjectX500Principal().getName()),
                            "valid for more than " + DeviceChecks.days(settings.caExpiringWithin()),
                            now.isBefore(notAfter)
                                    ? "expires " + notAfter + ", in "
                                            + DeviceChecks.days(Duration.between(now, notAfter))
                                    : "expired " + notAfter);
                })
                .toList();
    }

    /**
     * The organization's CA certificates (by vault alias) whose RSA key is on the operator's list of known-weak keys
     * (the Debian OpenSSL keys, CVE-2008-0166); other key types are never on it.
     */
    List<Observation> caKeys(Map<String, X509Certificate> authorities, WeakKeyBlocklist blocklist) {
        List<Observation> out = new ArrayList<>();
        for (Map.Entry<String, X509Certificate> e : authorities.entrySet()) {
            if (!(e.getValue().getPublicKey() instanceof RSAPublicKey rsa) || !blocklist.contains(rsa.getModulus())) {
                continue;
            }
            out.add(new Observation(
                    AuditCheck.CA_KEY_DEBIAN_WEAK,
                    new Resource(
                            "ca",
                            e.getKey(),
                            e.getValue().getSubjectX500Principal().getName()),
                    "an RSA key not on the openssl-blacklist of its size (CVE-2008-0166)",
                    "RSA " + rsa.getModulus().bitLength() + " bits on the blocklist, entry "
                            + WeakKeyBlocklist.fingerprint(rsa.getModulus())));
        }
        return out;
    }

    /** A product whose support period ended before {@code today} while {@code devices} of it are in service. */
    Optional<Observation> supportEnded(Product product, long devices, LocalDate today) {
        if (devices == 0
                || product.supportUntil().isEmpty()
                || !product.supportUntil().get().isBefore(today)) {
            return Optional.empty();
        }
        return Optional.of(new Observation(
                AuditCheck.PRODUCT_SUPPORT_ENDED,
                new Resource("product", product.id(), product.model()),
                "no device in service after the support period",
                "support ended " + product.supportUntil().get() + "; " + devices
                        + (devices == 1 ? " device" : " devices") + " in service"));
    }
}
