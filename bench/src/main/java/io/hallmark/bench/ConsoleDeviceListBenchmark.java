package io.hallmark.bench;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.hallmark.server.access.AccessService;
import io.hallmark.server.access.Caller;
import io.hallmark.server.access.OrgKind;
import io.hallmark.server.access.Organization;
import io.hallmark.server.access.Role;
import io.hallmark.server.console.Console;
import io.hallmark.server.console.Model;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
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

    /** How many devices the owner has. */
    @Param("1000000")
    public int devices;

    /** The store: {@code h2}, or {@code postgresql} in the database named by {@code HALLMARK_TEST_PG_URL}. */
    @Param("h2")
    public String store;

    private ScratchPlatform platform;
    private Caller operator;
    private TemplateEngine templates;
    private String middle;

    /** The platform, an owner with an operator, and the fleet. */
    @Setup(Level.Trial)
    public void fleet() throws SQLException {
        platform = ScratchPlatform.create(store == null ? "h2" : store);
        Organization owner =
                platform.access().createOrganization(platform.admin(), "List Owner", Set.of(OrgKind.OWNER));
        AccessService.NewUser user = platform.access()
                .addUser(platform.admin(), owner.id(), "list-operator", Set.of(Role.OPERATOR), null, Optional.empty());
        operator = new Caller(
                platform.access().consolePrincipal(user.user().id(), "cs_bench").orElseThrow(), "r-list");
        insertFleet(owner.id(), devices, Instant.now());
        templates = TemplateEngine.createPrecompiled(
                null, ContentType.Html, Console.class.getClassLoader(), "gg.jte.generated.precompiled");
        middle = String.format("dev_bench%011d", devices / 2);
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

    /** One page as the console answers it: the query through the service, then the template. */
    String page(Optional<DeviceState> state, Optional<String> after) {
        Page<Device> p = platform.identity().devices().list(operator, null, state, new PageRequest(after, PAGE));
        List<Model.DeviceRow> rows = p.items().stream()
                .map(d -> new Model.DeviceRow(
                        d.id(),
                        d.serial(),
                        d.state().wire(),
                        d.ownerId().orElse("—"),
                        d.updatedAt().toString()))
                .toList();
        String stateName = state.map(DeviceState::wire).orElse(null);
        Model.Frame frame = new Model.Frame(
                "Devices", "list-operator", "org", "csrf", "devices", true, true, true, true, true, true, null);
        Model.Devices model = new Model.Devices(
                frame,
                null,
                stateName,
                STATES,
                rows,
                p.next().map(n -> "/devices?after=" + n).orElse(null),
                rows.isEmpty() ? "No devices." : null);
        StringOutput out = new StringOutput();
        templates.render("devices.jte", model, out);
        return out.toString();
    }

    /** Inserts {@code count} devices of {@code ownerId}, set-wise, 100,000 rows per statement and commit. */
    private void insertFleet(String ownerId, int count, Instant now) throws SQLException {
        long at = now.toEpochMilli();
        // the row numbers: H2's SYSTEM_RANGE, PostgreSQL's generate_series (both inclusive)
        String rows = "postgresql".equals(store)
                ? "(SELECT g AS X FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g) AS r"
                : "SYSTEM_RANGE(?, ?)";
        try (Connection c = platform.scratch().database().dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("INSERT INTO devices (id, serial, namespace, manufacturer_id,"
                    + " product_id, owner_id, state, approved, enrollment_requested_at, created_at, updated_at)"
                    + " SELECT 'dev_bench' || LPAD(CAST(X AS VARCHAR), 11, '0'), 'SN-' || LPAD(CAST(X AS VARCHAR), 9,"
                    + " '0'), ?, NULL, NULL, ?, CASE MOD(X, 100) WHEN 7 THEN 'QUARANTINED' WHEN 8 THEN"
                    + " 'DECOMMISSIONED' ELSE 'ACTIVE' END, TRUE, NULL, ?, ? FROM " + rows)) {
                for (long from = 0; from < count; from += 100_000) {
                    d.setString(1, ownerId);
                    d.setString(2, ownerId);
                    d.setLong(3, at);
                    d.setLong(4, at);
                    d.setLong(5, from);
                    d.setLong(6, Math.min(count, from + 100_000) - 1);
                    d.executeUpdate();
                    c.commit();
                }
            }
            if ("postgresql".equals(store)) {
                try (var st = c.createStatement()) {
                    st.execute("ANALYZE devices");
                }
                c.commit();
            }
        }
    }
}
