package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.fleetstats.DayCount;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
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
}
