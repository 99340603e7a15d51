package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.fleetstats.ReasonCount;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.Product;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

class JdbcFleetHistoryStoreTest {
    private static Device device(String orgId, String serial, Instant created) {
        return new Device(
                Ids.newId("dev"),
                serial,
                orgId,
                Optional.empty(),
                Optional.empty(),
                Optional.of(orgId),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                created,
                created);
    }

    @EachStore
    void devicesAddedAreCountedPerUtcDayOfTheirOwnerFromTheFirstDayOn(JdbcDatabase db) {
        Organization org = givenOrganization("Acme");
        Organization other = givenOrganization("Other");
        long day = Math.floorDiv(T0.getEpochSecond(), 86_400);
        db.inTransaction(s -> {
            s.organizations().insert(org);
            s.organizations().insert(other);
            s.devices().insert(device(org.id(), "A-1", T0));
            s.devices().insert(device(org.id(), "A-2", T0.plus(Duration.ofHours(1))));
            s.devices().insert(device(org.id(), "A-3", T0.plus(Duration.ofDays(1))));
            s.devices().insert(device(org.id(), "A-0", T0.minus(Duration.ofDays(3))));
            s.devices().insert(device(other.id(), "B-1", T0));
            return null;
        });

        List<DayCount> added = db.read(s -> s.fleetHistory().devicesAdded(org.id(), day));

        assertThat(added).containsExactlyInAnyOrder(new DayCount(day, "added", 2), new DayCount(day + 1, "added", 1));
        assertThat(db.<List<DayCount>>read(s -> s.fleetHistory().attestations(org.id(), day)))
                .isEmpty();
        assertThat(db.<List<DayCount>>read(s -> s.fleetHistory().alertsOpened(org.id(), day)))
                .isEmpty();
    }

    @EachStore
    void aRolloutsFailuresAreGroupedByStateAndReasonMostFrequentFirstForItsOwnerOnly(JdbcDatabase db)
            throws SQLException {
        Organization org = givenOrganization("Acme");
        Organization other = givenOrganization("Other");
        Product product = new Product(Ids.newId("prd"), org.id(), "hub", "Hub", "2.25.1", Optional.empty(), T0);
        List<Device> devices = List.of(
                device(org.id(), "R-1", T0),
                device(org.id(), "R-2", T0),
                device(org.id(), "R-3", T0),
                device(org.id(), "R-4", T0));
        db.inTransaction(s -> {
            s.organizations().insert(org);
            s.organizations().insert(other);
            s.products().insert(product);
            devices.forEach(s.devices()::insert);
            return null;
        });
        try (Connection c = db.dataSource().getConnection()) {
            exec(
                    c,
                    "INSERT INTO releases (id, org_id, product_id, product_model, version, target_path, image_sha256,"
                            + " image_length, measurements, hardware, security, state, published_by, published_at)"
                            + " VALUES ('rel_1', ?, ?, 'hub', '1.0.0', 'hub/1.0.0/hub.img', ?, 1, '', '', FALSE,"
                            + " 'PUBLISHED', 'usr_1', 0)",
                    org.id(),
                    product.id(),
                    "0".repeat(64));
            exec(
                    c,
                    "INSERT INTO rollouts (id, org_id, release_id, product_id, waves, wave_counts, wave, success_pct,"
                            + " failure_pct, rate_per_minute, security, state, total, released, installed, failed,"
                            + " created_by, created_at, updated_at) VALUES ('rol_1', ?, 'rel_1', ?, '100%', '4', 0, 90, 10,"
                            + " 0, FALSE, 'PAUSED', 4, 4, 1, 3, 'usr_1', 0, 0)",
                    org.id(),
                    product.id());
            String[][] rows = {
                {"FAILED", "image hash mismatch"},
                {"FAILED", "image hash mismatch"},
                {"ROLLED_BACK", null},
                {"INSTALLED", null}
            };
            for (int i = 0; i < rows.length; i++) {
                exec(
                        c,
                        "INSERT INTO rollout_devices (rollout_id, device_id, seq, state, reason, updated_at)"
                                + " VALUES ('rol_1', ?, ?, ?, ?, 0)",
                        devices.get(i).id(),
                        (long) i + 1,
                        rows[i][0],
                        rows[i][1]);
            }
            c.commit();
        }

        assertThat(db.<List<ReasonCount>>read(s -> s.fleetHistory().rolloutFailures(org.id(), "rol_1", 10)))
                .containsExactly(
                        new ReasonCount("failed", "image hash mismatch", 2),
                        new ReasonCount("rolled back", "(none given)", 1));
        assertThat(db.<List<ReasonCount>>read(s -> s.fleetHistory().rolloutFailures(other.id(), "rol_1", 10)))
                .as("another organization's rollout")
                .isEmpty();
    }

    private static void exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] == null) {
                    st.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    st.setObject(i + 1, params[i]);
                }
            }
            st.executeUpdate();
        }
    }
}
