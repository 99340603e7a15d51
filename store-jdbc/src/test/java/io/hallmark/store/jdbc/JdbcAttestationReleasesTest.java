package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.attestation.ReferenceValues;
import io.hallmark.server.attestation.ReleaseReference;
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
import java.util.Set;
import java.util.TreeMap;

/** What the attestation store reads of releases and rollouts, and the devices' production flag. */
class JdbcAttestationReleasesTest {
    private static final String KERNEL_1 = "11".repeat(32);
    private static final String KERNEL_2 = "22".repeat(48);

    private static Release release(Organization maker, Product p, String version, Map<String, String> measurements) {
        return new Release(
                Ids.newId("rel"),
                maker.id(),
                p.id(),
                p.model(),
                version,
                p.model() + "/" + version + "/fw.bin",
                "ef".repeat(32),
                10,
                Optional.empty(),
                new TreeMap<>(measurements),
                List.of(),
                false,
                Release.State.PUBLISHED,
                "usr_X",
                T0,
                Optional.empty());
    }

    private static Rollout rollout(Organization owner, Release r) {
        return new Rollout(
                Ids.newId("rol"),
                owner.id(),
                r.id(),
                r.productId(),
                RolloutSelector.PRODUCT,
                List.of("100%"),
                List.of(0L),
                0,
                90,
                10,
                0,
                Optional.empty(),
                false,
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
    void theInstalledReleaseAndTheReleaseOfTheVersionAreReadWithMeasurementsAndRevocation(JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Organization owner = givenOrganization("Owner");
        Product p = new Product(Ids.newId("prd"), maker.id(), "cam-9", "Camera", "2.25.1", Optional.empty(), T0);
        Release one = release(maker, p, "1.0.0", Map.of("kernel", KERNEL_1, "boot/x", "33".repeat(64)));
        Release two = release(maker, p, "2.0.0", Map.of("kernel", KERNEL_2));
        Device d = new Device(
                Ids.newId("dev"),
                "CAM-1",
                maker.id(),
                Optional.of(maker.id()),
                Optional.of(p.id()),
                Optional.of(owner.id()),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                T0,
                T0);
        Rollout r = rollout(owner, two);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.organizations().insert(owner);
            s.products().insert(p);
            s.releases().insert(one);
            s.releases().insert(two);
            s.devices().insert(d);
            s.rollouts().insert(r);
            s.rollouts().release(r, maker.id(), 0, Long.MAX_VALUE, T0);
            return null;
        });

        ReleaseReference.Candidates assigned = db.read(s -> s.attestations().releases(d.id(), p.id(), "1.0.0"));
        assertThat(assigned.installed()).as("assigned, not installed yet").isEmpty();
        assertThat(assigned.versioned().orElseThrow().referenceValues())
                .containsEntry("kernel", Set.of("sha-256:" + KERNEL_1))
                .containsEntry("boot/x", Set.of("sha-512:" + "33".repeat(64)));

        db.inTransaction(s -> {
            s.rollouts()
                    .move(
                            new RolloutDevice(
                                    r.id(),
                                    d.id(),
                                    1,
                                    RolloutDevice.State.INSTALLED,
                                    Optional.empty(),
                                    Optional.of(T0),
                                    T0.plusSeconds(60)),
                            RolloutDevice.State.ASSIGNED);
            s.releases().revoke(two.revoked(new Release.Revocation("usr_X", T0.plusSeconds(90), "recalled")));
            return null;
        });
        ReleaseReference.Candidates installed = db.read(s -> s.attestations().releases(d.id(), p.id(), "9.9"));

        ReleaseReference got = installed.installed().orElseThrow();
        assertThat(got.releaseId()).isEqualTo(two.id());
        assertThat(got.revoked()).isTrue();
        assertThat(got.referenceValues()).containsExactly(Map.entry("kernel", Set.of("sha-384:" + KERNEL_2)));
        assertThat(installed.versioned()).as("no release 9.9").isEmpty();
        assertThat(db.<ReleaseReference.Candidates>read(s -> s.attestations().releases("dev_NONE", p.id(), "")))
                .isEqualTo(ReleaseReference.Candidates.NONE);
    }

    @EachStore
    void referenceValuesComeFromTheReleaseOfTheVersionElseTheAllowListAndAReleaseWithoutMeasurementsIsPassedOver(
            JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Product p = new Product(Ids.newId("prd"), maker.id(), "pump-3", "Pump", "2.25.1", Optional.empty(), T0);
        Release measured = release(maker, p, "1.0.0", Map.of("kernel", KERNEL_1));
        Release bare = release(maker, p, "2.0.0", Map.of());
        Device d = new Device(
                Ids.newId("dev"),
                "PUMP-1",
                maker.id(),
                Optional.of(maker.id()),
                Optional.of(p.id()),
                Optional.of(maker.id()),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                T0,
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.products().insert(p);
            s.releases().insert(measured);
            s.releases().insert(bare);
            s.devices().insert(d);
            s.attestations().putReferenceValues(p.id(), Map.of("kernel", Set.of("sha-256:" + "44".repeat(32))));
            return null;
        });
        ReferenceValues references = ReferenceValues.releasesThenAllowList();

        ReferenceValues.Reference v1 = db.read(s -> references.forDevice(s, d, Optional.of("1.0.0")));
        ReferenceValues.Reference v2 = db.read(s -> references.forDevice(s, d, Optional.of("2.0.0")));
        ReferenceValues.Reference unknown = db.read(s -> references.forDevice(s, d, Optional.of("9")));

        assertThat(v1.source()).isEqualTo("release 1.0.0");
        assertThat(v1.values()).containsExactly(Map.entry("kernel", Set.of("sha-256:" + KERNEL_1)));
        assertThat(v1.revoked()).isEmpty();
        assertThat(v2.source()).as("no measurements: the allow-list").isEqualTo("allow-list");
        assertThat(unknown.values()).containsExactly(Map.entry("kernel", Set.of("sha-256:" + "44".repeat(32))));
        assertThat(db.read(s -> ReferenceValues.productAllowLists().forDevice(s, d, Optional.of("1.0.0")))
                        .source())
                .isEqualTo("allow-list");
    }

    @EachStore
    void aDeviceIsInProductionOnlyWhileItAndItsProductAre(JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Product p = new Product(Ids.newId("prd"), maker.id(), "lab-1", "Lab", "2.25.1", Optional.empty(), T0);
        Device d = new Device(
                Ids.newId("dev"),
                "LAB-1",
                maker.id(),
                Optional.of(maker.id()),
                Optional.of(p.id()),
                Optional.of(maker.id()),
                DeviceState.ACTIVE,
                true,
                Optional.empty(),
                T0,
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.products().insert(p);
            s.devices().insert(d);
            s.attestations().setProduction(p.id(), false);
            return null;
        });

        assertThat(db.<Boolean>read(s -> s.attestations().production(p.id()))).isFalse();
        assertThat(db.<Boolean>read(s -> s.attestations().production(d.id()))).isFalse();
        db.inTransaction(s -> {
            s.attestations().setProduction(p.id(), true);
            return null;
        });
        assertThat(db.<Boolean>read(s -> s.attestations().production(d.id()))).isTrue();
    }

    @EachStore
    void devicesAreInProductionUntilMarkedAsDevelopment(JdbcDatabase db) {
        Organization owner = givenOrganization("Owner");
        Device d = new Device(
                Ids.newId("dev"),
                "DEV-1",
                owner.id(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(owner.id()),
                DeviceState.ACTIVE,
                false,
                Optional.empty(),
                T0,
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(owner);
            s.devices().insert(d);
            return null;
        });
        assertThat(db.<Boolean>read(s -> s.attestations().production(d.id()))).isTrue();

        db.inTransaction(s -> {
            s.attestations().setProduction(d.id(), false);
            return null;
        });

        assertThat(db.<Boolean>read(s -> s.attestations().production(d.id()))).isFalse();
    }
}
