package io.hallmark.server.attestation;

import io.hallmark.core.Checks;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.audit.Outcome;
import io.hallmark.server.audit.Severity;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.IdentityServices;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The operators' side of attestation: a device's latest signed result and its history, the live integrity of an
 * owner's devices, the owner's attestation policy, and a product's reference values (its allow-list). Reads need
 * {@code DEVICE_READ} on a device its caller may see; the policy needs {@code ENROLLMENT_POLICY_WRITE} on the owner;
 * reference values need {@code PRODUCT_WRITE} on the manufacturer; a device's production flag needs {@code
 * DEVICE_OPERATE} on its controller, a product's {@code PRODUCT_WRITE} on its manufacturer. Changes are audited in their transaction.
 */
public final class AttestationQueries {
    /** The most results a history shows. */
    public static final int MAX_HISTORY = 100;

    /** A device's live integrity and its latest result, if any. */
    public record DeviceIntegrity(Device device, Integrity integrity, Optional<AttestationRecord> latest) {}

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final IdentityServices identity;
    private final Clock clock;

    /** Creates the queries. */
    public AttestationQueries(
            Transactor tx, AuditLog audit, Guard guard, AccessService access, IdentityServices identity, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.identity = Checks.notNull(identity, "identity");
        this.clock = Checks.notNull(clock, "clock");
    }

    /** The device {@code ref}'s live integrity and latest result, for a caller who may read it. */
    public DeviceIntegrity integrity(Caller caller, String ref) {
        Device device = identity.devices().show(caller, ref).device();
        AttestationPolicy policy = policyOf(device.controller());
        Optional<AttestationRecord> latest = tx.read(s -> s.attestations().findLatest(device.id()));
        Instant now = clock.instant();
        return new DeviceIntegrity(
                device, latest.map(r -> AttestationService.live(r, policy, now)).orElse(Integrity.UNKNOWN), latest);
    }

    /** The device {@code ref}'s results, newest first, at most {@code limit} (1..{@value #MAX_HISTORY}). */
    public List<AttestationRecord> history(Caller caller, String ref, int limit) {
        Checks.inRange(limit, 1, MAX_HISTORY, "limit");
        Device device = identity.devices().show(caller, ref).device();
        return tx.read(s -> s.attestations().history(device.id(), limit));
    }

    /**
     * The live integrity of each device whose latest result was recorded for owner {@code orgRef} (the caller's
     * organization when null); devices without one are {@link Integrity#UNKNOWN} and not listed here.
     */
    public Map<String, Integrity> integrityOf(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "attestation.list", org.id());
        AttestationPolicy policy = policyOf(org.id());
        Instant now = clock.instant();
        Map<String, Integrity> out = new HashMap<>();
        for (AttestationRecord r : tx.read(s -> s.attestations().latestOf(org.id()))) {
            out.put(r.deviceId(), AttestationService.live(r, policy, now));
        }
        return out;
    }

    /**
     * The devices {@code orgRef} (the caller's organization when null) owns or manufactured that match {@code filter}
     * and, when given, have the live {@code integrity}, as {@link #integrityOf} computes it: the tier of the latest
     * result recorded for the organization while it is younger than the organization's policy interval, else
     * {@link Integrity#UNKNOWN} (no result, a result of tier none, or an older one).
     */
    public Page<Device> listDevices(
            Caller caller, String orgRef, DeviceFilter filter, Optional<Integrity> integrity, PageRequest page) {
        Checks.notNull(filter, "filter");
        Checks.notNull(integrity, "integrity");
        if (integrity.isEmpty()) {
            return identity.devices().list(caller, orgRef, filter, page);
        }
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "device.list", org.id());
        Instant freshSince = clock.instant().minus(policyOf(org.id()).interval());
        Optional<Tier> tier =
                switch (integrity.get()) {
                    case AFFIRMING -> Optional.of(Tier.AFFIRMING);
                    case WARNING -> Optional.of(Tier.WARNING);
                    case CONTRAINDICATED -> Optional.of(Tier.CONTRAINDICATED);
                    case UNKNOWN -> Optional.empty();
                };
        return identity.devices()
                .list(
                        caller,
                        org.id(),
                        filter.withAttested(Optional.of(new DeviceFilter.Attested(tier, freshSince))),
                        page);
    }

    /** The owner {@code orgRef}'s attestation policy ({@link AttestationPolicy#DEFAULT} unless set). */
    public AttestationPolicy policy(Caller caller, String orgRef) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.DEVICE_READ, org.id(), "attestation.policy.read", org.id());
        return policyOf(org.id());
    }

    /** Sets the owner {@code orgRef}'s attestation policy. */
    public AttestationPolicy setPolicy(Caller caller, String orgRef, AttestationPolicy policy) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.ENROLLMENT_POLICY_WRITE, org.id(), "attestation.policy", org.id());
        Checks.notNull(policy, "policy");
        tx.inTransaction(s -> {
            s.attestations().putPolicy(org.id(), policy);
            audit.record(
                    s,
                    caller.record(
                            "attestation.policy",
                            Optional.of(org.id()),
                            org.id(),
                            Outcome.SUCCESS,
                            "interval " + policy.interval().toSeconds() + "s, quarantine on contraindicated "
                                    + policy.quarantineOnContraindicated(),
                            Severity.INFO));
            return null;
        });
        return policy;
    }

    /** Whether the device {@code ref} is in production (true unless marked as development), for a caller who may read it. */
    public boolean production(Caller caller, String ref) {
        Device device = identity.devices().show(caller, ref).device();
        return tx.read(s -> s.attestations().production(device.id()));
    }

    /**
     * Marks the device {@code ref} as in production (debug must be disabled) or as development (debug allowed); returns
     * the device. Marking it development is audited as a warning: it lowers what its evidence must show.
     */
    public Device setProduction(Caller caller, String ref, boolean production) {
        Device device = identity.devices().show(caller, ref).device();
        guard.check(caller, Permission.DEVICE_OPERATE, device.controller(), "attestation.production", device.id());
        tx.inTransaction(s -> {
            s.attestations().setProduction(device.id(), production);
            audit.record(
                    s,
                    caller.record(
                            "attestation.production",
                            Optional.of(device.controller()),
                            device.id(),
                            Outcome.SUCCESS,
                            production ? "production" : "development",
                            production ? Severity.INFO : Severity.WARNING));
            return null;
        });
        return device;
    }

    /** Whether product {@code ref} is in production (true unless marked as development), for a caller who may read it. */
    public boolean productProduction(Caller caller, String orgRef, String ref) {
        Product product = identity.products().get(caller, orgRef, ref);
        return tx.read(s -> s.attestations().production(product.id()));
    }

    /**
     * Marks product {@code ref} as in production or as development (its manufacturer, {@code PRODUCT_WRITE}): while
     * it is development, every device of it may attest with debug enabled. Audited, as a warning when development.
     */
    public Product setProductProduction(Caller caller, String orgRef, String ref, boolean production) {
        Product product = identity.products().get(caller, orgRef, ref);
        guard.check(caller, Permission.PRODUCT_WRITE, product.orgId(), "attestation.production", product.id());
        tx.inTransaction(s -> {
            s.attestations().setProduction(product.id(), production);
            audit.record(
                    s,
                    caller.record(
                            "attestation.production",
                            Optional.of(product.orgId()),
                            product.id(),
                            Outcome.SUCCESS,
                            "product " + product.model() + ": " + (production ? "production" : "development"),
                            production ? Severity.INFO : Severity.WARNING));
            return null;
        });
        return product;
    }

    /** The reference values of product {@code ref}, for a caller who may read it. */
    public Map<String, Set<String>> referenceValues(Caller caller, String orgRef, String ref) {
        Product product = identity.products().get(caller, orgRef, ref);
        return sorted(tx.read(s -> s.attestations().referenceValues(product.id())));
    }

    /**
     * Replaces the reference values (allow-list) of product {@code ref}: per component, the digests taken, each
     * {@code sha-256:hex} or {@code sha-384:hex}.
     */
    public Map<String, Set<String>> setReferenceValues(
            Caller caller, String orgRef, String ref, Map<String, Set<String>> values) {
        Product product = identity.products().get(caller, orgRef, ref);
        guard.check(caller, Permission.PRODUCT_WRITE, product.orgId(), "attestation.reference", product.id());
        Map<String, Set<String>> checked = check(values);
        tx.inTransaction(s -> {
            s.attestations().putReferenceValues(product.id(), checked);
            audit.record(
                    s,
                    caller.record(
                            "attestation.reference",
                            Optional.of(product.orgId()),
                            product.id(),
                            Outcome.SUCCESS,
                            checked.size() + " components",
                            Severity.INFO));
            return null;
        });
        return checked;
    }

    private static Map<String, Set<String>> check(Map<String, Set<String>> values) {
        if (values == null || values.size() > 16) {
            throw new InvalidRequestException("components: up to 16 (expected: a map of component to digests)");
        }
        for (Map.Entry<String, Set<String>> e : values.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidRequestException(
                        "component: " + e.getKey() + " (expected: 1..64 of A-Z a-z 0-9 . _ -)");
            }
            if (e.getValue() == null || e.getValue().isEmpty() || e.getValue().size() > 16) {
                throw new InvalidRequestException("digests of " + e.getKey() + ": 1..16 (expected: sha-256:hex)");
            }
            for (String d : e.getValue()) {
                if (d == null || !(d.matches("sha-256:[0-9a-f]{64}") || d.matches("sha-384:[0-9a-f]{96}"))) {
                    throw new InvalidRequestException(
                            "digest: " + d + " (expected: sha-256:<64 hex> or sha-384:<96 hex>, lower case)");
                }
            }
        }
        return sorted(values);
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> m) {
        Map<String, Set<String>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
        return out;
    }

    private AttestationPolicy policyOf(String orgId) {
        return tx.read(s -> s.attestations().findPolicy(orgId)).orElse(AttestationPolicy.DEFAULT);
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }
}
