package io.hallmark.server.access;

/**
 * Told when an organization has been created (after the transaction committed), so that other features can set up
 * what an organization needs (its certificate authorities, say) without reaching into the access stores.
 */
@FunctionalInterface
public interface OrganizationListener {
    /** The organization exists now. A failure is logged; the feature must catch up at the next start. */
    void created(Organization organization);
}
