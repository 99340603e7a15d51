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
import io.hallmark.server.behaviour.detect.Metric;
import io.hallmark.server.behaviour.detect.Thresholds;
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
import java.util.EnumMap;
import java.util.Map;
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

    /**
     * Sets the behaviour limits of a product (docs/behaviour/detection.md): for each named metric the highest value a
     * device may report; a device above one has a high finding whatever its own history says. The product's writers
     * may do it; an empty map removes every limit.
     *
     * @throws InvalidRequestException naming an unknown metric or a value out of range
     */
    public Thresholds setBehaviourLimits(Caller caller, String orgRef, String ref, Map<String, Double> limits) {
        Product product = find(caller, orgRef, ref);
        guard.check(caller, Permission.PRODUCT_WRITE, product.orgId(), "product.behaviour-limits", product.id());
        Thresholds parsed = thresholds(limits);
        String json = limitsJson(parsed);
        tx.inTransaction(s -> {
            s.products().putLimits(product.id(), json, clock.instant());
            audit.record(
                    s,
                    caller.record(
                            "product.behaviour-limits",
                            Optional.of(product.orgId()),
                            product.id(),
                            io.hallmark.server.audit.Outcome.SUCCESS,
                            json,
                            io.hallmark.server.audit.Severity.INFO));
            return null;
        });
        mudListeners.forEach(l -> l.accept(product.id()));
        return parsed;
    }

    /** The behaviour limits of a product, for a caller who may read it (none set: no limits). */
    public Thresholds behaviourLimits(Caller caller, String orgRef, String ref) {
        Product product = get(caller, orgRef, ref);
        return limitsOf(product.id());
    }

    /** The behaviour limits of product {@code productId}, without an authorization check (the detectors'). */
    public Thresholds limitsOf(String productId) {
        return tx.read(s -> s.products().findLimits(productId))
                .map(ProductService::parseLimits)
                .orElse(Thresholds.NONE);
    }

    private static Thresholds thresholds(Map<String, Double> limits) {
        if (limits == null) {
            throw new InvalidRequestException("limits: required (an object from metric name to maximum)");
        }
        Map<Metric, Double> byMetric = new EnumMap<>(Metric.class);
        for (Map.Entry<String, Double> e : limits.entrySet()) {
            Metric m = java.util.Arrays.stream(Metric.values())
                    .filter(x -> x.wire().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidRequestException("limits: unknown metric " + e.getKey()
                            + " (expected one of "
                            + java.util.Arrays.stream(Metric.values())
                                    .map(Metric::wire)
                                    .toList()
                            + ")"));
            Double v = e.getValue();
            if (v == null || v.isNaN() || v < 0 || v > 1e15) {
                throw new InvalidRequestException("limits." + e.getKey() + ": " + v + " (expected: 0..1e15)");
            }
            byMetric.put(m, v);
        }
        return Thresholds.of(byMetric);
    }

    private static String limitsJson(Thresholds t) {
        StringBuilder sb = new StringBuilder("{");
        t.limits().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append(
                        sb.length() > 1 ? "," : "")
                .append('"')
                .append(e.getKey().wire())
                .append("\":")
                .append(plain(e.getValue())));
        return sb.append('}').toString();
    }

    private static Thresholds parseLimits(String json) {
        Map<Metric, Double> byMetric = new EnumMap<>(Metric.class);
        String body = json.substring(1, json.length() - 1);
        if (!body.isEmpty()) {
            for (String pair : body.split(",")) {
                int colon = pair.indexOf(':');
                String name = pair.substring(1, colon - 1);
                for (Metric m : Metric.values()) {
                    if (m.wire().equals(name)) {
                        byMetric.put(m, Double.parseDouble(pair.substring(colon + 1)));
                    }
                }
            }
        }
        return Thresholds.of(byMetric);
    }

    /** A number without exponent or trailing zeros, as the stored JSON holds it. */
    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** Adds a listener told the id of a product whose MUD file or behaviour limits changed. */
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
