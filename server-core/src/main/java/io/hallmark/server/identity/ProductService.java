package io.hallmark.server.identity;

import io.hallmark.core.Checks;
import io.hallmark.core.Ids;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.Guard;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Permission;
import io.hallmark.server.audit.AuditLog;
import io.hallmark.server.behaviour.mud.MudFile;
import io.hallmark.server.behaviour.mud.MudParser;
import io.hallmark.server.behaviour.mud.MudPolicy;
import io.hallmark.server.errors.InvalidRequestException;
import io.hallmark.server.errors.NotFoundException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.persistence.Transactor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Manufacturers' products: the device models their birth certificates name. */
public final class ProductService {
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Transactor tx;
    private final AuditLog audit;
    private final Guard guard;
    private final AccessService access;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<String>> mudListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Creates the service. */
    public ProductService(Transactor tx, AuditLog audit, Guard guard, AccessService access, Clock clock) {
        this.tx = Checks.notNull(tx, "tx");
        this.audit = Checks.notNull(audit, "audit");
        this.guard = Checks.notNull(guard, "guard");
        this.access = Checks.notNull(access, "access");
        this.clock = Checks.notNull(clock, "clock");
    }

    /**
     * Creates a product of the manufacturer {@code orgRef} (the caller's organization when null).
     *
     * @param model 1..64 letters, digits, '.', '-', '_', unique within the manufacturer
     * @param name 1..128 characters
     */
    public Product create(Caller caller, String orgRef, String model, String name, Optional<LocalDate> supportUntil) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.PRODUCT_WRITE, org.id(), "product.create", model);
        if (!org.kinds().contains(OrgKind.MANUFACTURER)) {
            throw new InvalidRequestException("org: " + org.name() + " is not a manufacturer");
        }
        if (model == null || !MODEL.matcher(model).matches()) {
            throw new InvalidRequestException("model: " + model + " (expected: 1..64 letters, digits, '.', '-', '_')");
        }
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new InvalidRequestException("name: expected 1..128 characters");
        }
        Product product = new Product(
                Ids.newId("prd"),
                org.id(),
                model,
                name.strip(),
                uuidOid(UUID.randomUUID()),
                supportUntil,
                clock.instant());
        tx.inTransaction(s -> {
            s.products().insert(product);
            audit.record(s, caller.success("product.create", org.id(), product.id()));
            return null;
        });
        return product;
    }

    /** The products of {@code orgRef} (the caller's organization when null). */
    public Page<Product> list(Caller caller, String orgRef, PageRequest page) {
        Organization org = organization(caller, orgRef);
        guard.check(caller, Permission.PRODUCT_READ, org.id(), "product.list", org.id());
        return tx.read(s -> s.products().list(org.id(), page));
    }

    /** A product by id, or by model within the caller's organization (or {@code orgRef}). */
    public Product get(Caller caller, String orgRef, String ref) {
        Product product = find(caller, orgRef, ref);
        guard.check(caller, Permission.PRODUCT_READ, product.orgId(), "product.read", product.id());
        return product;
    }

    /**
     * Attaches the MUD file (RFC 8520) of a product: parsed strictly first, so that only a file the platform can
     * enforce is kept; the manufacturer's product writers may do it.
     *
     * @throws io.hallmark.core.UntrustedInputException naming the path of what is wrong in the file
     */
    public MudFile attachMud(Caller caller, String orgRef, String ref, byte[] mud) {
        Product product = find(caller, orgRef, ref);
        guard.check(caller, Permission.PRODUCT_WRITE, product.orgId(), "product.mud", product.id());
        MudFile parsed = MudParser.parse(mud);
        tx.inTransaction(s -> {
            s.products().putMud(product.id(), mud, clock.instant());
            audit.record(
                    s,
                    caller.record(
                            "product.mud",
                            Optional.of(product.orgId()),
                            product.id(),
                            io.hallmark.server.audit.Outcome.SUCCESS,
                            parsed.mud().mudUrl(),
                            io.hallmark.server.audit.Severity.INFO));
            return null;
        });
        mudListeners.forEach(l -> l.accept(product.id()));
        return parsed;
    }

    /** Adds a listener told the id of a product whose MUD file changed. */
    public void addMudListener(java.util.function.Consumer<String> listener) {
        mudListeners.add(listener);
    }

    /** The compiled MUD policy of a product, for a caller who may read it. */
    public Optional<MudPolicy> mud(Caller caller, String orgRef, String ref) {
        Product product = get(caller, orgRef, ref);
        return mudOf(product.id());
    }

    /** The compiled MUD policy of product {@code productId}, without an authorization check (the detectors'). */
    public Optional<MudPolicy> mudOf(String productId) {
        return tx.read(s -> s.products().findMud(productId)).map(b -> MudPolicy.compile(MudParser.parse(b)));
    }

    /** The product {@code productId}, without an authorization check: for services that made their own. */
    public Optional<Product> findById(String productId) {
        return tx.read(s -> s.products().findById(productId));
    }

    /** The product {@code ref} without an authorization check: for services that made their own. */
    Product find(Caller caller, String orgRef, String ref) {
        if (ref == null || ref.isBlank()) {
            throw new InvalidRequestException("product: required");
        }
        Optional<Product> found;
        if (Ids.isId(ref, "prd")) {
            found = tx.read(s -> s.products().findById(ref));
        } else {
            Organization org = organization(caller, orgRef);
            found = tx.read(s -> s.products().findByModel(org.id(), ref));
        }
        return found.orElseThrow(() -> new NotFoundException("no product " + ref));
    }

    /**
     * The last day of the security support period of product {@code productId}, if declared; empty also for an
     * unknown product. No authorization check: it serves public facts (a trust label's status page).
     */
    public Optional<LocalDate> supportUntil(String productId) {
        if (!Ids.isId(productId, "prd")) {
            return Optional.empty();
        }
        return tx.read(s -> s.products().findById(productId)).flatMap(Product::supportUntil);
    }

    private Organization organization(Caller caller, String orgRef) {
        String ref = orgRef == null ? caller.principal().orgId() : orgRef;
        return access.findOrganization(ref).orElseThrow(() -> new NotFoundException("no organization " + ref));
    }

    /** The OID {@code 2.25.<uuid as an unsigned 128-bit integer>} (ITU-T X.667 §6.3). */
    static String uuidOid(UUID uuid) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, b.array());
    }
}
