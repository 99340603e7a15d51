package io.hallmark.bench;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Role;
import io.hallmark.server.attestation.AttestationQueries;
import io.hallmark.server.attestation.Integrity;
import io.hallmark.server.console.Console;
import io.hallmark.server.console.Model;
import io.hallmark.server.http.DeviceListParams;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The console's device list page over a large fleet: {@code DeviceService.list} (authorized as an owner's operator,
 * cursor paging, 50 a page) and the precompiled {@code devices.jte} template rendered to HTML, as {@code GET /devices}
 * does, without TLS and HTTP. The fleet is inserted set-wise into a fresh store (H2, or PostgreSQL with {@code -p
 * store=postgresql}) in one statement per 100,000 rows ({@code INSERT ... SELECT} over H2's {@code SYSTEM_RANGE} or
 * PostgreSQL's {@code generate_series}): 98 % active, 1 % quarantined, 1 % decommissioned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ConsoleDeviceListBenchmark {
    private static final int PAGE = 50;
    private static final List<String> STATES =
            Arrays.stream(DeviceState.values()).map(DeviceState::wire).toList();
    private static final List<String> INTEGRITIES =
            Arrays.stream(Integrity.values()).map(Integrity::wire).toList();

    /** How many devices the owner has. */
    @Param("1000000")
    public int devices;

    /** The store: {@code h2}, or {@code postgresql} in the database named by {@code HALLMARK_TEST_PG_URL}. */
    @Param("h2")
    public String store;

    /** The filter of {@link #filteredMiddlePage}: see there. */
    @Param("product")
    public String filter;

    /**
     * Whose list it is: {@code owner} (the operator's organization owns the fleet, which is also in its serial
     * namespace) or {@code manufacturer} (it made the fleet, which another organization owns).
     */
    @Param("owner")
    public String viewer;

    private ScratchPlatform platform;
    private AttestationQueries queries;
    private DeviceListParams filtered;
    private String[] cursors;
    private int next;
    private Caller operator;
    private TemplateEngine templates;
    private String middle;

    /** The platform, an owner with an operator, and the fleet. */
    @Setup(Level.Trial)
    public void fleet() throws SQLException {
        platform = ScratchPlatform.create(store == null ? "h2" : store);
        boolean maker = "manufacturer".equals(viewer);
        if (!maker && !"owner".equals(viewer)) {
            throw new IllegalArgumentException("viewer: " + viewer + " (expected: owner, manufacturer)");
        }
        Organization owner = platform.access()
                .createOrganization(
                        platform.admin(), "List Owner", Set.of(maker ? OrgKind.MANUFACTURER : OrgKind.OWNER));
        AccessService.NewUser user = platform.access()
                .addUser(platform.admin(), owner.id(), "list-operator", Set.of(Role.OPERATOR), null, Optional.empty());
        operator = new Caller(
                platform.access().consolePrincipal(user.user().id(), "cs_bench").orElseThrow(), "r-list");
        queries = new AttestationQueries(
                platform.scratch().database(),
                platform.auditLog(),
                platform.guard(),
                platform.access(),
                platform.identity(),
                Clock.systemUTC());
        String holder = maker
                ? platform.access()
                        .createOrganization(platform.admin(), "Fleet Buyer", Set.of(OrgKind.OWNER))
                        .id()
                : owner.id();
        insertFleet(owner.id(), holder, devices, Instant.now());
        Map<String, String> query =
                switch (filter) {
                    case "product" -> Map.of("product", owner.id() + "-p3");
                    case "firmware" -> Map.of("firmware", "2.0.3");
                    case "tag" -> Map.of("tag", "site=berlin");
                    case "affirming", "contraindicated", "unknown" -> Map.of("integrity", filter);
                    // the fleet where nearly every device attested recently: 0.1 % unknown
                    case "rare-unknown" -> Map.of("integrity", "unknown");
                    // no device matches: the owner's devices of the product are all read through
                    case "none" -> Map.of("product", owner.id() + "-p3", "firmware", "9.9.9");
                    // a state and a firmware version no device has together (no index of their own): on H2 the
                    // firmware's index drives and every device of the version is read
                    case "state-firmware" -> Map.of("state", "enrolled", "firmware", "2.0.3");
                    default -> throw new IllegalArgumentException("filter: " + filter);
                };
        filtered = DeviceListParams.parse(query::get);
        if (!"none".equals(filter)
                && !"state-firmware".equals(filter)
                && queries.listDevices(operator, null, filtered.filter(), filtered.integrity(), PageRequest.first(PAGE))
                        .items()
                        .isEmpty()) {
            throw new IllegalStateException("filter " + filter + ": no device matches; the fleet is not as described");
        }
        templates = TemplateEngine.createPrecompiled(
                null, ContentType.Html, Console.class.getClassLoader(), "gg.jte.generated.precompiled");
        middle = String.format("dev_bench%011d", devices / 2);
        // 97 cursors through the middle half of the fleet
        cursors = new String[97];
        for (int i = 0; i < cursors.length; i++) {
            cursors[i] = String.format("dev_bench%011d", devices / 4 + (long) i * (devices / 2) / cursors.length);
        }
    }

    /** Removes the database and the vault. */
    @TearDown(Level.Trial)
    public void close() {
        if (platform != null) {
            platform.close();
        }
    }

    /** The first page, no filter. */
    @Benchmark
    public String firstPage() {
        return page(Optional.empty(), Optional.empty());
    }

    /** A page in the middle of the fleet, reached by its cursor. */
    @Benchmark
    public String middlePage() {
        return page(Optional.empty(), Optional.of(middle));
    }

    /** The first page of quarantined devices (1 % of the fleet). */
    @Benchmark
    public String quarantinedFirstPage() {
        return page(Optional.of(DeviceState.QUARANTINED), Optional.empty());
    }

    /** A page of quarantined devices from the middle of the fleet. */
    @Benchmark
    public String quarantinedMiddlePage() {
        return page(Optional.of(DeviceState.QUARANTINED), Optional.of(middle));
    }

    /**
     * A page of the devices matching {@link #filter} from the middle of the fleet, by its cursor: {@code product} (a
     * tenth of the fleet), {@code firmware} (a seventh), {@code tag} (1 %), {@code affirming} (10 %), {@code
     * contraindicated} (0.1 %), {@code unknown} (89 %), {@code rare-unknown} (0.1 %: a fleet where all other devices attested
     * recently), {@code state-firmware} (enrolled devices on 2.0.3: none), or {@code none} (a product and a firmware version no device of
     * it has: the worst case, every device of the product read), as {@code GET /devices?...} reads it.
     */
    @Benchmark
    public String filteredMiddlePage() {
        // a different cursor each time: H2 answers a statement it ran last with the same parameters, on an unchanged
        // database, from the result it kept
        String after = cursors[next++ % cursors.length];
        return page(filtered.filter(), filtered.integrity(), Optional.of(after));
    }

    String page(Optional<DeviceState> state, Optional<String> after) {
        return page(DeviceFilter.of(state), Optional.empty(), after);
    }

    /** One page as the console answers it: the query through the service, then the template. */
    String page(DeviceFilter filter, Optional<Integrity> integrity, Optional<String> after) {
        Page<Device> p = queries.listDevices(operator, null, filter, integrity, new PageRequest(after, PAGE));
        List<Model.DeviceRow> rows = p.items().stream()
                .map(d -> new Model.DeviceRow(
                        d.id(),
                        d.serial(),
                        d.state().wire(),
                        d.ownerId().orElse("—"),
                        d.updatedAt().toString()))
                .toList();
        Model.Frame frame = new Model.Frame(
                "Devices", "list-operator", "org", "csrf", "devices", true, true, true, true, true, true, null);
        Model.Devices model = new Model.Devices(
                frame,
                null,
                new Model.DeviceFilter(
                        filter.state().map(DeviceState::wire).orElse(null),
                        integrity.map(Integrity::wire).orElse(null),
                        filter.productId().orElse(null),
                        filter.firmwareVersion().orElse(null),
                        filter.tag().map(t -> t.name() + "=" + t.value()).orElse(null)),
                STATES,
                INTEGRITIES,
                rows,
                p.next().map(n -> "/devices?after=" + n).orElse(null),
                rows.isEmpty() ? "No devices." : null);
        StringOutput out = new StringOutput();
        templates.render("devices.jte", model, out);
        return out.toString();
    }

    /**
     * Inserts {@code count} devices in the namespace of {@code ownerId}, owned by {@code holder} (made by {@code ownerId}
     * when that is another organization), set-wise, 100,000 rows per statement and commit: ten products
     * (device {@code x} of product {@code x mod 10}), firmware {@code 2.0.(x mod 7)}, tag {@code site=berlin} on 1 %,
     * and a fresh attestation result on every ninth device (contraindicated on every 900th, else affirming).
     */
    private void insertFleet(String ownerId, String holder, int count, Instant now) throws SQLException {
        long at = now.toEpochMilli();
        // the row numbers: H2's SYSTEM_RANGE, PostgreSQL's generate_series (both inclusive)
        String rows = "postgresql".equals(store)
                ? "(SELECT g AS X FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g) AS r"
                : "SYSTEM_RANGE(?, ?)";
        String id = "'dev_bench' || LPAD(CAST(X AS VARCHAR), 11, '0')";
        // the devices with a fresh result: every ninth, or all but every thousandth for rare-unknown
        String attested = "rare-unknown".equals(filter) ? "MOD(X, 1000) <> 0" : "MOD(X, 9) = 0";
        try (Connection c = platform.scratch().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO products (id, org_id, model, name,"
                    + " hardware_type, support_until, created_at) SELECT ? || '-p' || CAST(X AS VARCHAR), ?, 'model-'"
                    + " || CAST(X AS VARCHAR), 'Model', '2.25.1', NULL, ? FROM " + rows)) {
                p.setString(1, ownerId);
                p.setString(2, ownerId);
                p.setLong(3, at);
                p.setLong(4, 0);
                p.setLong(5, 9);
                p.executeUpdate();
            }
            String[] statements = {
                "INSERT INTO devices (id, serial, namespace, manufacturer_id, product_id, owner_id, state, approved,"
                        + " enrollment_requested_at, created_at, updated_at, firmware_version) SELECT " + id
                        + ", 'SN-' || LPAD(CAST(X AS VARCHAR), 9, '0'), ?, ?, ? || '-p' || CAST(MOD(X, 10) AS"
                        + " VARCHAR), ?, CASE MOD(X, 100) WHEN 7 THEN 'QUARANTINED' WHEN 8 THEN 'DECOMMISSIONED' ELSE"
                        + " 'ACTIVE' END, TRUE, NULL, ?, ?, '2.0.' || CAST(MOD(X, 7) AS VARCHAR) FROM " + rows,
                "INSERT INTO device_tags (device_id, tag_name, tag_value, updated_at) SELECT " + id
                        + ", 'site', 'berlin', ? FROM " + rows + " WHERE MOD(X, 100) = 3",
                "INSERT INTO attestation_results (id, device_id, org_id, status, appraised_at, ear) SELECT 'att_bench'"
                        + " || CAST(X AS VARCHAR), " + id + ", ?, CASE WHEN MOD(X, 900) = 0 THEN 'CONTRAINDICATED' ELSE"
                        + " 'AFFIRMING' END, ?, 'e.y.j' FROM " + rows + " WHERE " + attested,
                "INSERT INTO attestation_latest (device_id, org_id, result_id, status, appraised_at) SELECT " + id
                        + ", ?, 'att_bench' || CAST(X AS VARCHAR), CASE WHEN MOD(X, 900) = 0 THEN 'CONTRAINDICATED'"
                        + " ELSE 'AFFIRMING' END, ? FROM " + rows + " WHERE " + attested
            };
            for (int i = 0; i < statements.length; i++) {
                try (PreparedStatement d = c.prepareStatement(statements[i])) {
                    for (long from = 0; from < count; from += 100_000) {
                        long to = Math.min(count, from + 100_000) - 1;
                        switch (i) {
                            case 0 ->
                                bind(
                                        d,
                                        ownerId,
                                        holder.equals(ownerId) ? null : ownerId,
                                        ownerId,
                                        holder,
                                        at,
                                        at,
                                        from,
                                        to);
                            case 1 -> bind(d, at, from, to);
                            default -> bind(d, ownerId, at, from, to);
                        }
                        d.executeUpdate();
                        c.commit();
                    }
                }
            }
            if ("postgresql".equals(store)) {
                try (var st = c.createStatement()) {
                    st.execute("ANALYZE");
                }
                c.commit();
            }
        }
    }

    private static void bind(PreparedStatement st, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                st.setNull(i + 1, java.sql.Types.VARCHAR);
            } else {
                st.setObject(i + 1, values[i]);
            }
        }
    }
}
