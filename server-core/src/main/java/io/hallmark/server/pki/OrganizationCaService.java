package io.hallmark.server.pki;

import io.hallmark.core.Checks;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.OrganizationListener;
import io.hallmark.server.vault.KeyVault;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives every organization its certificate authorities: a root, an IDevID issuing CA when it is a manufacturer and an
 * LDevID issuing CA when it is an owner. Made when the organization is created; {@link #ensure} at start-up catches
 * up with any organization whose CAs were not made (a crash between the two).
 */
public final class OrganizationCaService implements OrganizationListener {
    private final KeyVault vault;
    private final Clock clock;
    private final URI revocationBaseUrl;
    private final ConcurrentHashMap<String, OrganizationCa> cas = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param revocationBaseUrl the public plain-HTTP base URL of CRLs and OCSP written into certificates
     */
    public OrganizationCaService(KeyVault vault, Clock clock, URI revocationBaseUrl) {
        this.vault = Checks.notNull(vault, "vault");
        this.clock = Checks.notNull(clock, "clock");
        this.revocationBaseUrl = Checks.notNull(revocationBaseUrl, "revocationBaseUrl");
    }

    @Override
    public void created(Organization organization) {
        ensure(organization);
    }

    /** Makes or loads the CAs of {@code organization}; none for the platform or an assessor-only organization. */
    public Optional<OrganizationCa> ensure(Organization organization) {
        Set<OrganizationCa.Purpose> purposes = purposesOf(organization);
        if (organization.isPlatform() || purposes.isEmpty()) {
            // the platform has its own CA; an assessor-only organization issues no device certificates
            return Optional.empty();
        }
        return Optional.of(cas.computeIfAbsent(
                organization.id(),
                id -> OrganizationCa.ensure(vault, clock, id, organization.name(), purposes, revocationBaseUrl)));
    }

    /** The CAs of an organization, once made. */
    public Optional<OrganizationCa> find(String orgId) {
        return Optional.ofNullable(cas.get(orgId));
    }

    /** The CAs of every organization made or loaded so far. */
    public java.util.Collection<OrganizationCa> all() {
        return java.util.List.copyOf(cas.values());
    }

    /** The issuing CAs an organization gets: IDevID for a manufacturer, LDevID for an owner. */
    public static Set<OrganizationCa.Purpose> purposesOf(Organization organization) {
        Set<OrganizationCa.Purpose> p = EnumSet.noneOf(OrganizationCa.Purpose.class);
        if (organization.kinds().contains(OrgKind.MANUFACTURER)) {
            p.add(OrganizationCa.Purpose.IDEVID);
        }
        if (organization.kinds().contains(OrgKind.OWNER)) {
            p.add(OrganizationCa.Purpose.LDEVID);
        }
        return p;
    }
}
