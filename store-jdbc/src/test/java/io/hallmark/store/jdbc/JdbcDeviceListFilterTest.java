package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.access.Organization;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

class JdbcDeviceListFilterTest {
    private static final Instant FRESH_SINCE = T0.minus(Duration.ofHours(1));

    /** A maker, an owner with 12 devices of two products, tags, firmware versions and attestation results. */
    private record Fleet(Organization maker, Organization owner, Product cam, Product hub, List<Device> devices) {}

    private static Fleet fleet(JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Organization owner = givenOrganization("Owner");
        Product cam = new Product(Ids.newId("prd"), maker.id(), "cam", "Camera", "2.25.1", Optional.empty(), T0);
        Product hub = new Product(Ids.newId("prd"), maker.id(), "hub", "Hub", "2.25.2", Optional.empty(), T0);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            devices.add(new Device(
                    String.format("dev_f%02d", i),
                    "SN-F" + i,
                    maker.id(),
                    Optional.of(maker.id()),
                    Optional.of((i % 2 == 0 ? cam : hub).id()),
                    Optional.of(owner.id()),
                    i % 4 == 3 ? DeviceState.QUARANTINED : DeviceState.ACTIVE,
                    true,
                    Optional.empty(),
                    T0,
                    T0));
        }
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.organizations().insert(owner);
            s.products().insert(cam);
            s.products().insert(hub);
            for (int i = 0; i < devices.size(); i++) {
                Device d = devices.get(i);
                s.devices().insert(d);
                s.deviceTags().reportFirmware(d.id(), i < 6 ? "1.0.0" : "2.0.0", T0);
                if (i % 3 == 0) {
                    s.deviceTags().put(d.id(), "site", "berlin", T0);
                } else {
                    s.deviceTags().put(d.id(), "site", "paris", T0);
                }
            }
            // devices 0-3: affirming, fresh; 4: contraindicated, fresh; 5: contraindicated, but too old (unknown);
            // 6: tier none (unknown); 7: an older contraindicated result replaced by a fresh warning; 8-11: none
            attest(s, devices.get(0), owner, Tier.AFFIRMING, T0);
            attest(s, devices.get(1), owner, Tier.AFFIRMING, T0);
            attest(s, devices.get(2), owner, Tier.AFFIRMING, FRESH_SINCE);
            attest(s, devices.get(3), owner, Tier.AFFIRMING, T0);
            attest(s, devices.get(4), owner, Tier.CONTRAINDICATED, T0);
            attest(s, devices.get(5), owner, Tier.CONTRAINDICATED, FRESH_SINCE.minusMillis(1));
            attest(s, devices.get(6), owner, Tier.NONE, T0);
            attest(s, devices.get(7), owner, Tier.CONTRAINDICATED, T0.minusSeconds(60));
            attest(s, devices.get(7), owner, Tier.WARNING, T0);
            return null;
        });
        return new Fleet(maker, owner, cam, hub, devices);
    }

    private static void attest(
            io.hallmark.server.persistence.Stores s, Device d, Organization org, Tier tier, Instant at) {
        s.attestations().insert(new AttestationRecord(Ids.newId("att"), d.id(), org.id(), tier, at, "e.y.j"));
    }

    private static List<String> serialsOf(JdbcDatabase db, String orgId, DeviceFilter filter) {
        return ids(db, orgId, filter, 500);
    }

    /** Every page of {@code size} read through, as the serials' indexes in the fleet. */
    private static List<String> ids(JdbcDatabase db, String orgId, DeviceFilter filter, int size) {
        List<String> out = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            PageRequest request = new PageRequest(after, size);
            Page<Device> page = db.read(s -> s.devices().list(orgId, filter, request));
            page.items().forEach(d -> out.add(d.id().substring(5)));
            after = page.next();
        } while (after.isPresent());
        return out;
    }

    private static DeviceFilter product(String id) {
        return new DeviceFilter(
                Optional.empty(), Optional.of(id), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static DeviceFilter integrity(Optional<Tier> tier) {
        return DeviceFilter.ANY.withAttested(Optional.of(new DeviceFilter.Attested(tier, FRESH_SINCE)));
    }

    @EachStore
    void listsByProductFirmwareAndTagEachAloneAndTogether(JdbcDatabase db) {
        Fleet f = fleet(db);
        String owner = f.owner().id();

        assertThat(serialsOf(db, owner, product(f.hub().id()))).containsExactly("01", "03", "05", "07", "09", "11");
        assertThat(serialsOf(
                        db,
                        owner,
                        new DeviceFilter(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("2.0.0"),
                                Optional.empty(),
                                Optional.empty())))
                .containsExactly("06", "07", "08", "09", "10", "11");
        DeviceFilter berlin = new DeviceFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(new DeviceFilter.Tag("site", "berlin")),
                Optional.empty());
        assertThat(serialsOf(db, owner, berlin)).containsExactly("00", "03", "06", "09");
        assertThat(serialsOf(
                        db,
                        owner,
                        new DeviceFilter(
                                Optional.of(DeviceState.QUARANTINED),
                                Optional.of(f.hub().id()),
                                Optional.of("2.0.0"),
                                Optional.of(new DeviceFilter.Tag("site", "paris")),
                                Optional.empty())))
                .containsExactly("07", "11");
        assertThat(serialsOf(
                        db,
                        owner,
                        new DeviceFilter(
                                Optional.empty(),
                                Optional.of(f.hub().id()),
                                Optional.of("2.0.0"),
                                Optional.empty(),
                                Optional.empty())))
                .containsExactly("07", "09", "11");
        assertThat(serialsOf(db, owner, product(f.hub().id()).withState(Optional.of(DeviceState.QUARANTINED))))
                .containsExactly("03", "07", "11");
        assertThat(serialsOf(
                        db,
                        owner,
                        new DeviceFilter(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("3.0.0"),
                                Optional.empty(),
                                Optional.empty())))
                .isEmpty();
    }

    @EachStore
    void integrityCountsOnlyAFreshLatestResultAndUnknownIsEveryOtherDevice(JdbcDatabase db) {
        Fleet f = fleet(db);
        String owner = f.owner().id();

        assertThat(serialsOf(db, owner, integrity(Optional.of(Tier.AFFIRMING))))
                .containsExactly("00", "01", "02", "03");
        assertThat(serialsOf(db, owner, integrity(Optional.of(Tier.CONTRAINDICATED))))
                .containsExactly("04");
        assertThat(serialsOf(db, owner, integrity(Optional.of(Tier.WARNING)))).containsExactly("07");
        assertThat(serialsOf(db, owner, integrity(Optional.empty())))
                .containsExactly("05", "06", "08", "09", "10", "11");
        // the maker sees the devices too, but no result was recorded for it: every one is unknown to it
        assertThat(serialsOf(db, f.maker().id(), integrity(Optional.of(Tier.AFFIRMING))))
                .isEmpty();
        assertThat(serialsOf(db, f.maker().id(), integrity(Optional.empty()))).hasSize(12);
        // with another condition, and with a tag driving the listing
        assertThat(serialsOf(
                        db,
                        owner,
                        integrity(Optional.of(Tier.AFFIRMING)).withState(Optional.of(DeviceState.QUARANTINED))))
                .containsExactly("03");
        assertThat(serialsOf(
                        db,
                        owner,
                        new DeviceFilter(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(new DeviceFilter.Tag("site", "berlin")),
                                Optional.of(new DeviceFilter.Attested(Optional.empty(), FRESH_SINCE)))))
                .containsExactly("06", "09");
    }

    @EachStore
    void everyFilterPagesByCursorWithoutLosingOrRepeatingADevice(JdbcDatabase db) {
        Fleet f = fleet(db);
        String owner = f.owner().id();
        List<DeviceFilter> filters = List.of(
                DeviceFilter.ANY,
                DeviceFilter.of(Optional.of(DeviceState.ACTIVE)),
                product(f.cam().id()),
                integrity(Optional.of(Tier.AFFIRMING)),
                integrity(Optional.empty()),
                new DeviceFilter(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(new DeviceFilter.Tag("site", "paris")),
                        Optional.empty()));
        for (DeviceFilter filter : filters) {
            assertThat(ids(db, owner, filter, 2)).as("%s", filter).isEqualTo(ids(db, owner, filter, 500));
            assertThat(ids(db, f.maker().id(), filter.withAttested(Optional.empty()), 3))
                    .as("maker " + filter)
                    .isEqualTo(ids(db, owner, filter.withAttested(Optional.empty()), 500));
        }
    }

    @EachStore
    void anOrganizationSeesTheDevicesOfItsNamespaceWhoeverOwnsThemOnce(JdbcDatabase db) {
        Fleet f = fleet(db);
        Organization adder = givenOrganization("Adder");
        Organization buyer = givenOrganization("Buyer");
        // devices added without a birth certificate: the adder's namespace, no manufacturer; one owned by the adder,
        // one not owned, one resold to a buyer; and one of the maker in the adder's namespace (not made by the API,
        // but the visibility rule allows it)
        List<Device> added = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            added.add(new Device(
                    String.format("dev_n%02d", i),
                    "SN-N" + i,
                    adder.id(),
                    i == 3 ? Optional.of(f.maker().id()) : Optional.empty(),
                    Optional.of(f.cam().id()),
                    switch (i) {
                        case 0 -> Optional.of(adder.id());
                        case 2 -> Optional.of(buyer.id());
                        default -> Optional.<String>empty();
                    },
                    DeviceState.ACTIVE,
                    true,
                    Optional.empty(),
                    T0,
                    T0));
        }
        db.inTransaction(s -> {
            s.organizations().insert(adder);
            s.organizations().insert(buyer);
            added.forEach(s.devices()::insert);
            return null;
        });

        assertThat(serialsOf(db, adder.id(), DeviceFilter.ANY)).containsExactly("00", "01", "02", "03");
        assertThat(serialsOf(db, adder.id(), product(f.cam().id()))).containsExactly("00", "01", "02", "03");
        assertThat(ids(db, adder.id(), DeviceFilter.of(Optional.of(DeviceState.ACTIVE)), 1))
                .containsExactly("00", "01", "02", "03");
        assertThat(serialsOf(db, buyer.id(), DeviceFilter.ANY)).containsExactly("02");
        assertThat(serialsOf(db, f.maker().id(), product(f.cam().id())))
                .containsExactly("00", "02", "04", "06", "08", "10", "03");
    }

    @EachStore
    void aDeviceResoldOutOfItsNamespaceStaysInTheNamespacesFilteredList(JdbcDatabase db) {
        Fleet f = fleet(db);
        Organization adder = givenOrganization("Adder");
        Organization buyer = givenOrganization("Buyer");
        Device own = new Device(
                "dev_r00",
                "SN-R0",
                adder.id(),
                Optional.empty(),
                Optional.of(f.cam().id()),
                Optional.of(adder.id()),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                T0,
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(adder);
            s.organizations().insert(buyer);
            s.devices().insert(own);
            return null;
        });
        assertThat(serialsOf(db, adder.id(), product(f.cam().id()))).containsExactly("00");

        Device resold = new Device(
                own.id(),
                own.serial(),
                own.namespace(),
                own.manufacturerId(),
                own.productId(),
                Optional.of(buyer.id()),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                T0,
                T0.plusSeconds(60));
        db.inTransaction(s -> s.devices().update(resold, DeviceState.ACTIVE));

        // the adder no longer owns it but still sees it through its namespace, once, filtered or not
        assertThat(serialsOf(db, adder.id(), product(f.cam().id()))).containsExactly("00");
        assertThat(serialsOf(db, adder.id(), DeviceFilter.ANY)).containsExactly("00");
        assertThat(serialsOf(db, buyer.id(), product(f.cam().id()))).containsExactly("00");

        db.inTransaction(s -> s.devices().update(own, DeviceState.ACTIVE));
        assertThat(serialsOf(db, adder.id(), product(f.cam().id()))).containsExactly("00");
        assertThat(serialsOf(db, buyer.id(), product(f.cam().id()))).isEmpty();
    }

    @EachStore
    void aStrangerSeesNoneOfTheDevicesWhateverTheFilter(JdbcDatabase db) {
        Fleet f = fleet(db);
        Organization stranger = givenOrganization("Stranger");
        db.inTransaction(s -> {
            s.organizations().insert(stranger);
            return null;
        });

        assertThat(serialsOf(db, stranger.id(), DeviceFilter.ANY)).isEmpty();
        assertThat(serialsOf(db, stranger.id(), product(f.cam().id()))).isEmpty();
        assertThat(serialsOf(db, stranger.id(), integrity(Optional.empty()))).isEmpty();
        assertThat(serialsOf(
                        db,
                        stranger.id(),
                        new DeviceFilter(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(new DeviceFilter.Tag("site", "berlin")),
                                Optional.empty())))
                .isEmpty();
    }
}
