package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.Product;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.Rollout;
import io.hallmark.server.update.RolloutDevice;
import io.hallmark.server.update.RolloutSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

class JdbcRolloutStoreTest {

    private record Fleet(Organization maker, Organization owner, Product product, Release release, List<String> ids) {}

    private static Fleet fleet(JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Organization owner = givenOrganization("Owner");
        Organization other = givenOrganization("Other");
        Product p = new Product(Ids.newId("prd"), maker.id(), "cam-200", "Camera", "2.25.1", Optional.empty(), T0);
        Release r = new Release(
                Ids.newId("rel"),
                maker.id(),
                p.id(),
                p.model(),
                "2.0.0",
                "cam-200/2.0.0/fw.bin",
                "ef".repeat(32),
                1234,
                Optional.empty(),
                new TreeMap<>(),
                List.of(),
                false,
                Release.State.PUBLISHED,
                "usr_X",
                T0,
                Optional.empty());
        List<String> ids = new java.util.ArrayList<>();
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.organizations().insert(owner);
            s.organizations().insert(other);
            s.products().insert(p);
            s.releases().insert(r);
            for (int i = 0; i < 10; i++) {
                Device d = device(maker, p, owner, DeviceState.ACTIVE, "sn-" + i);
                s.devices().insert(d);
                ids.add(d.id());
            }
            s.devices().insert(device(maker, p, other, DeviceState.ACTIVE, "sn-other"));
            s.devices().insert(device(maker, p, owner, DeviceState.QUARANTINED, "sn-held"));
            s.devices().insert(device(other, p, owner, DeviceState.ACTIVE, "sn-foreign"));
            return null;
        });
        java.util.Collections.sort(ids);
        return new Fleet(maker, owner, p, r, List.copyOf(ids));
    }

    private static Device device(Organization maker, Product p, Organization owner, DeviceState state, String serial) {
        return new Device(
                Ids.newId("dev"),
                serial,
                maker.id(),
                Optional.of(maker.id()),
                Optional.of(p.id()),
                Optional.of(owner.id()),
                state,
                true,
                Optional.empty(),
                T0,
                T0);
    }

    private static Rollout rollout(Fleet f) {
        return new Rollout(
                Ids.newId("rol"),
                f.owner().id(),
                f.release().id(),
                f.product().id(),
                RolloutSelector.PRODUCT,
                List.of("20%", "100%"),
                List.of(0L, 0L),
                0,
                90,
                10,
                0,
                Optional.of("01:00-05:00"),
                true,
                Rollout.State.RUNNING,
                Optional.empty(),
                0,
                0,
                0,
                0,
                "usr_A",
                T0,
                T0);
    }

    @EachStore
    void selectingTakesOnlyTheOwnersActiveDevicesOfTheManufacturerAndWavesTakeTheNextDevicesInIdOrder(JdbcDatabase db) {
        Fleet f = fleet(db);
        Rollout r = rollout(f);
        long total = db.<Long>inTransaction(s -> {
            s.rollouts().insert(r);
            return s.rollouts().countDevices(r, f.maker().id());
        });
        assertThat(total).isEqualTo(10);

        assertThat(db.<Long>inTransaction(s -> s.rollouts().release(r, f.maker().id(), 0, 2, T0)))
                .isEqualTo(2);
        assertThat(db.<Optional<RolloutDevice>>read(
                        s -> s.rollouts().find(r.id(), f.ids().get(1))))
                .hasValueSatisfying(d -> assertThat(d.seq()).isEqualTo(1));
        Map<RolloutDevice.State, Long> states = db.read(s -> s.rollouts().states(r.id()));
        assertThat(states).containsEntry(RolloutDevice.State.ASSIGNED, 2L);
        // the last wave takes every device left, after the cursor
        assertThat(db.<Long>inTransaction(s -> s.rollouts().release(r, f.maker().id(), 1, Long.MAX_VALUE, T0)))
                .isEqualTo(8);
        assertThat(db.<Long>inTransaction(s -> s.rollouts().release(r, f.maker().id(), 1, Long.MAX_VALUE, T0)))
                .isZero();
        assertThat(db.<Optional<RolloutDevice>>read(
                        s -> s.rollouts().find(r.id(), f.ids().get(9))))
                .hasValueSatisfying(d -> assertThat(d.seq()).isEqualTo(2));

        // a device with an unfinished assignment is not selected again by a second rollout
        Rollout second = rollout(f);
        assertThat(db.<Long>inTransaction(s -> {
                    s.rollouts().insert(second);
                    return s.rollouts().countDevices(second, f.maker().id());
                }))
                .isZero();
    }

    @EachStore
    void aSelectorTakesOnlyDevicesWithEveryTagAndTheReportedVersion(JdbcDatabase db) {
        Fleet f = fleet(db);
        List<String> ids = f.ids();
        db.inTransaction(s -> {
            for (int i = 0; i < 6; i++) {
                s.deviceTags().put(ids.get(i), "site", "berlin", T0);
            }
            s.deviceTags().put(ids.get(0), "floor", "2", T0);
            s.deviceTags().put(ids.get(1), "floor", "2", T0);
            s.deviceTags().put(ids.get(2), "floor", "3", T0);
            s.deviceTags().put(ids.get(2), "floor", "2", T0); // replaces 3
            s.deviceTags().put(ids.get(6), "floor", "2", T0); // not in berlin
            assertThat(s.deviceTags().reportFirmware(ids.get(0), "1.9.0", T0)).isTrue();
            assertThat(s.deviceTags().reportFirmware(ids.get(0), "1.9.0", T0)).isFalse();
            s.deviceTags().reportFirmware(ids.get(1), "1.10.0", T0);
            s.deviceTags().reportFirmware(ids.get(2), "2.0.0", T0);
            return null;
        });
        assertThat(db.<Map<String, String>>read(s -> s.deviceTags().tags(ids.get(2))))
                .containsExactly(Map.entry("floor", "2"), Map.entry("site", "berlin"));
        assertThat(db.<Optional<String>>read(s -> s.deviceTags().firmware(ids.get(1))))
                .contains("1.10.0");

        Map<String, String> berlin2 = Map.of("site", "berlin", "floor", "2");
        assertThat(count(db, f, new RolloutSelector(berlin2, Optional.empty(), Optional.empty())))
                .isEqualTo(3);
        assertThat(count(db, f, new RolloutSelector(Map.of("site", "berlin"), Optional.empty(), Optional.empty())))
                .isEqualTo(6);
        // 1.9.0 and 1.10.0 are older than 2.0; a device that reported nothing is neither
        assertThat(count(db, f, new RolloutSelector(berlin2, Optional.empty(), Optional.of("2.0"))))
                .isEqualTo(2);
        assertThat(count(db, f, new RolloutSelector(Map.of(), Optional.empty(), Optional.of("1.10"))))
                .isEqualTo(1);
        assertThat(count(db, f, new RolloutSelector(Map.of(), Optional.of("2.0.0"), Optional.empty())))
                .isEqualTo(1);

        // the selector is kept with the rollout, and each wave applies it
        Rollout r = withSelector(rollout(f), new RolloutSelector(berlin2, Optional.empty(), Optional.of("2.0")));
        assertThat(db.<Long>inTransaction(s -> {
                    s.rollouts().insert(r);
                    return s.rollouts().release(r, f.maker().id(), 0, Long.MAX_VALUE, T0);
                }))
                .isEqualTo(2);
        assertThat(db.<Optional<Rollout>>read(s -> s.rollouts().findById(r.id()))
                        .orElseThrow()
                        .selector())
                .isEqualTo(r.selector());
    }

    private static long count(JdbcDatabase db, Fleet f, RolloutSelector selector) {
        Rollout r = withSelector(rollout(f), selector);
        return db.read(s -> s.rollouts().countDevices(r, f.maker().id()));
    }

    private static Rollout withSelector(Rollout r, RolloutSelector selector) {
        return new Rollout(
                r.id(),
                r.orgId(),
                r.releaseId(),
                r.productId(),
                selector,
                r.waves(),
                r.waveCounts(),
                r.wave(),
                r.successPct(),
                r.failurePct(),
                r.ratePerMinute(),
                r.window(),
                r.security(),
                r.state(),
                r.stateReason(),
                r.total(),
                r.released(),
                r.installed(),
                r.failed(),
                r.createdBy(),
                r.createdAt(),
                r.updatedAt());
    }

    @EachStore
    void aRolloutRoundTripsAndUpdatesOnlyFromTheExpectedWaveAndState(JdbcDatabase db) {
        Fleet f = fleet(db);
        Rollout r = rollout(f);
        db.inTransaction(s -> {
            s.rollouts().insert(r);
            return null;
        });
        assertThat(db.<Optional<Rollout>>read(s -> s.rollouts().findById(r.id())))
                .contains(r);

        Rollout next = new Rollout(
                r.id(),
                r.orgId(),
                r.releaseId(),
                r.productId(),
                r.selector(),
                r.waves(),
                List.of(2L, 10L),
                1,
                90,
                10,
                0,
                r.window(),
                true,
                Rollout.State.PAUSED,
                Optional.of("why"),
                10,
                10,
                0,
                0,
                "usr_A",
                T0,
                T0.plusSeconds(1));
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().update(next, 0, Rollout.State.RUNNING)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().update(next, 0, Rollout.State.RUNNING)))
                .isFalse();
        db.inTransaction(s -> {
            s.rollouts().count(r.id(), 3, 1, T0.plusSeconds(1));
            return null;
        });
        Rollout stored =
                db.<Optional<Rollout>>read(s -> s.rollouts().findById(r.id())).orElseThrow();
        assertThat(stored.installed()).isEqualTo(3);
        assertThat(stored.failed()).isEqualTo(1);
        assertThat(stored.state()).isEqualTo(Rollout.State.PAUSED);
        assertThat(stored.waveCounts()).containsExactly(2L, 10L);
        assertThat(db.<List<Rollout>>read(s -> s.rollouts().openForRelease(r.releaseId())))
                .hasSize(1);
    }

    @EachStore
    void aDeviceSeesItsAssignmentMovesItAndIsToldOfACancellationAfterDelivery(JdbcDatabase db) {
        Fleet f = fleet(db);
        Rollout r = rollout(f);
        db.inTransaction(s -> {
            s.rollouts().insert(r);
            s.rollouts().release(r, f.maker().id(), 0, 1, T0);
            return null;
        });
        String first = f.ids().get(0);
        RolloutDevice a = db.<Optional<RolloutDevice>>read(s -> s.rollouts().current(first))
                .orElseThrow();
        assertThat(a.state()).isEqualTo(RolloutDevice.State.ASSIGNED);

        RolloutDevice delivered = new RolloutDevice(
                r.id(),
                first,
                1,
                RolloutDevice.State.DOWNLOADING,
                Optional.empty(),
                Optional.of(T0.plusSeconds(5)),
                T0.plusSeconds(5));
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().move(delivered, RolloutDevice.State.ASSIGNED)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().move(delivered, RolloutDevice.State.ASSIGNED)))
                .isFalse();
        // two first deliveries a minute: the third waits for the next minute
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().admitDelivery(r.id(), 2, T0)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().admitDelivery(r.id(), 2, T0.plusSeconds(1))))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().admitDelivery(r.id(), 2, T0.plusSeconds(2))))
                .isFalse();
        assertThat(db.<Boolean>inTransaction(s -> s.rollouts().admitDelivery(r.id(), 2, T0.plusSeconds(60))))
                .isTrue();

        assertThat(db.<Long>inTransaction(
                        s -> s.rollouts().cancelDevices(r.id(), "release revoked", T0.plusSeconds(9))))
                .isEqualTo(1);
        RolloutDevice told = db.<Optional<RolloutDevice>>read(s -> s.rollouts().current(first))
                .orElseThrow();
        assertThat(told.state()).isEqualTo(RolloutDevice.State.CANCELLED);
        assertThat(told.reason()).contains("release revoked");
        // a device never given the assignment has nothing to be told
        String last = f.ids().get(9);
        assertThat(db.<Optional<RolloutDevice>>read(s -> s.rollouts().current(last)))
                .isEmpty();
    }
}
