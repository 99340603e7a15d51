package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.identity.ActivationPolicy;
import io.hallmark.server.identity.CertificateStatus;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceCertificate;
import io.hallmark.server.identity.DeviceEvent;
import io.hallmark.server.identity.DeviceFilter;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.DeviceStore;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.pki.OrganizationCa;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class JdbcIdentityStoreTest {

    private static Organization org(JdbcDatabase db, String name) {
        Organization o = givenOrganization(name);
        db.inTransaction(s -> {
            s.organizations().insert(o);
            return null;
        });
        return o;
    }

    private static Device device(String namespace, String serial, Optional<String> owner, DeviceState state) {
        return new Device(
                Ids.newId("dev"),
                serial,
                namespace,
                Optional.of(namespace),
                Optional.empty(),
                owner,
                state,
                false,
                Optional.empty(),
                T0,
                T0);
    }

    private static DeviceCertificate certificate(Device d, String orgId, long serial, CertificateStatus status) {
        byte[] der = new byte[] {0x30, 0x03, 0x02, 0x01, (byte) serial};
        return new DeviceCertificate(
                "org." + orgId + ".ldevid-ca",
                BigInteger.valueOf(serial),
                d.id(),
                orgId,
                OrganizationCa.Purpose.LDEVID,
                T0,
                T0.plusSeconds(3600),
                status,
                Optional.empty(),
                Optional.empty(),
                String.format("%064x", serial),
                der);
    }

    @EachStore
    void productIsFoundByIdAndModelAndAModelIsUniquePerManufacturer(JdbcDatabase db) {
        Organization maker = org(db, "Maker");
        Product p = new Product(
                Ids.newId("prd"),
                maker.id(),
                "cam-200",
                "Camera",
                "2.25.1234",
                Optional.of(LocalDate.of(2031, 12, 31)),
                T0);
        db.inTransaction(s -> {
            s.products().insert(p);
            return null;
        });

        assertThat(db.<Optional<Product>>read(s -> s.products().findById(p.id())))
                .contains(p);
        assertThat(db.<Optional<Product>>read(s -> s.products().findByModel(maker.id(), "cam-200")))
                .contains(p);
        assertThat(db.<Page<Product>>read(s -> s.products().list(maker.id(), PageRequest.first(10)))
                        .items())
                .containsExactly(p);
        Product twin = new Product(Ids.newId("prd"), maker.id(), "cam-200", "Other", "2.25.99", Optional.empty(), T0);
        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.products().insert(twin);
                    return null;
                }))
                .isInstanceOf(ConflictException.class);
    }

    @EachStore
    void aSerialIsUniqueWithinItsNamespaceOnly(JdbcDatabase db) {
        Organization a = org(db, "A");
        Organization b = org(db, "B");
        db.inTransaction(s -> {
            s.devices().insert(device(a.id(), "SN-1", Optional.empty(), DeviceState.MANUFACTURED));
            s.devices().insert(device(b.id(), "SN-1", Optional.empty(), DeviceState.MANUFACTURED));
            return null;
        });

        assertThat(db.<List<Device>>read(s -> s.devices().findAllBySerial("SN-1")))
                .hasSize(2);
        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.devices().insert(device(a.id(), "SN-1", Optional.empty(), DeviceState.MANUFACTURED));
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("SN-1");
    }

    @EachStore
    void updateAppliesOnlyWhenTheDeviceIsStillInTheExpectedState(JdbcDatabase db) {
        Organization maker = org(db, "Maker");
        Organization owner = org(db, "Owner");
        Device d = device(maker.id(), "SN-2", Optional.empty(), DeviceState.MANUFACTURED);
        db.inTransaction(s -> {
            s.devices().insert(d);
            return null;
        });
        Device owned = d.withOwner(Optional.of(owner.id()), T0.plusSeconds(1)).withState(DeviceState.OWNED, T0);

        assertThat(db.<Boolean>inTransaction(s -> s.devices().update(owned, DeviceState.MANUFACTURED)))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.devices().update(owned, DeviceState.MANUFACTURED)))
                .as("a second, stale update")
                .isFalse();
        Device stored =
                db.<Optional<Device>>read(s -> s.devices().findById(d.id())).orElseThrow();
        assertThat(stored.state()).isEqualTo(DeviceState.OWNED);
        assertThat(stored.ownerId()).contains(owner.id());
        assertThat(db.<List<Device>>read(s -> s.devices().findVisible(owner.id(), "SN-2")))
                .hasSize(1);
        assertThat(db.<List<Device>>read(s -> s.devices().findVisible(maker.id(), "SN-2")))
                .hasSize(1);
    }

    @EachStore
    void listShowsOwnAndManufacturedDevicesByStatePageByPage(JdbcDatabase db) {
        Organization maker = org(db, "Maker");
        Organization owner = org(db, "Owner");
        Organization stranger = org(db, "Stranger");
        db.inTransaction(s -> {
            for (int i = 0; i < 5; i++) {
                s.devices().insert(device(maker.id(), "M-" + i, Optional.empty(), DeviceState.MANUFACTURED));
                s.devices().insert(device(owner.id(), "O-" + i, Optional.of(owner.id()), DeviceState.ACTIVE));
            }
            return null;
        });

        Page<Device> first = db.read(s ->
                s.devices().list(owner.id(), DeviceFilter.of(Optional.of(DeviceState.ACTIVE)), PageRequest.first(3)));
        assertThat(first.items()).hasSize(3).allMatch(d -> d.state() == DeviceState.ACTIVE);
        Page<Device> second = db.read(s -> s.devices()
                .list(owner.id(), DeviceFilter.of(Optional.of(DeviceState.ACTIVE)), new PageRequest(first.next(), 3)));
        assertThat(second.items()).hasSize(2);
        assertThat(second.next()).isEmpty();
        assertThat(db.<Page<Device>>read(s -> s.devices().list(maker.id(), DeviceFilter.ANY, PageRequest.first(50)))
                        .items())
                .hasSize(5);
        assertThat(db.<Page<Device>>read(s -> s.devices().list(stranger.id(), DeviceFilter.ANY, PageRequest.first(50)))
                        .items())
                .isEmpty();
    }

    @EachStore
    void historyAndEnrollmentSecretsAreKeptPerDevice(JdbcDatabase db) {
        Organization owner = org(db, "Owner");
        Device d = device(owner.id(), "SN-3", Optional.of(owner.id()), DeviceState.OWNED);
        byte[] hash = new byte[32];
        hash[0] = 7;
        db.inTransaction(s -> {
            s.devices().insert(d);
            s.devices()
                    .appendEvent(new DeviceEvent(
                            Ids.newId("dve"),
                            d.id(),
                            T0,
                            "device.add",
                            Optional.empty(),
                            DeviceState.OWNED,
                            "usr_x",
                            Optional.empty()));
            s.devices()
                    .appendEvent(new DeviceEvent(
                            Ids.newId("dve"),
                            d.id(),
                            T0.plusSeconds(5),
                            "device.decommission",
                            Optional.of(DeviceState.OWNED),
                            DeviceState.DECOMMISSIONED,
                            "usr_x",
                            Optional.of("returned")));
            s.devices().putEnrollmentSecret(d.id(), hash, T0.plusSeconds(60));
            return null;
        });

        assertThat(db.<List<DeviceEvent>>read(s -> s.devices().events(d.id())))
                .extracting(DeviceEvent::action)
                .containsExactly("device.add", "device.decommission");
        DeviceStore.EnrollmentSecret secret = db.<Optional<DeviceStore.EnrollmentSecret>>read(
                        s -> s.devices().findEnrollmentSecret(d.id()))
                .orElseThrow();
        assertThat(secret.hash()).isEqualTo(hash);
        assertThat(secret.expiresAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(db.<Boolean>inTransaction(s -> s.devices().deleteEnrollmentSecret(d.id())))
                .isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.devices().deleteEnrollmentSecret(d.id())))
                .isFalse();
    }

    @EachStore
    void certificatesOfSeveralDevicesComeTogether(JdbcDatabase db) {
        Organization owner = org(db, "Owner");
        Device d1 = device(owner.id(), "SN-7", Optional.of(owner.id()), DeviceState.ACTIVE);
        Device d2 = device(owner.id(), "SN-8", Optional.of(owner.id()), DeviceState.ACTIVE);
        Device d3 = device(owner.id(), "SN-9", Optional.of(owner.id()), DeviceState.ACTIVE);
        db.inTransaction(s -> {
            s.devices().insert(d1);
            s.devices().insert(d2);
            s.devices().insert(d3);
            s.deviceCertificates().insert(certificate(d1, owner.id(), 21, CertificateStatus.GOOD));
            s.deviceCertificates().insert(certificate(d1, owner.id(), 22, CertificateStatus.REVOKED));
            s.deviceCertificates().insert(certificate(d2, owner.id(), 23, CertificateStatus.GOOD));
            s.deviceCertificates().insert(certificate(d3, owner.id(), 24, CertificateStatus.GOOD));
            return null;
        });

        assertThat(db.<List<DeviceCertificate>>read(s -> s.deviceCertificates().forDevices(List.of(d1.id(), d2.id()))))
                .extracting(DeviceCertificate::serialNumber)
                .containsExactlyInAnyOrder(BigInteger.valueOf(21), BigInteger.valueOf(22), BigInteger.valueOf(23));
        assertThat(db.<List<DeviceCertificate>>read(s -> s.deviceCertificates().forDevices(List.of())))
                .isEmpty();
    }

    @EachStore
    void certificateStatusChangesOnlyFromTheGivenStatesAndOfTheGivenIssuers(JdbcDatabase db) {
        Organization maker = org(db, "Maker");
        Organization owner = org(db, "Owner");
        Device d = device(maker.id(), "SN-4", Optional.of(owner.id()), DeviceState.ACTIVE);
        DeviceCertificate ownerGood = certificate(d, owner.id(), 11, CertificateStatus.GOOD);
        DeviceCertificate ownerRevoked = certificate(d, owner.id(), 12, CertificateStatus.REVOKED);
        DeviceCertificate makerGood = certificate(d, maker.id(), 13, CertificateStatus.GOOD);
        db.inTransaction(s -> {
            s.devices().insert(d);
            s.deviceCertificates().insert(ownerGood);
            s.deviceCertificates().insert(ownerRevoked);
            s.deviceCertificates().insert(makerGood);
            return null;
        });

        List<DeviceCertificate> held = db.inTransaction(s -> s.deviceCertificates()
                .changeStatus(
                        d.id(),
                        Set.of(owner.id()),
                        EnumSet.of(CertificateStatus.GOOD),
                        CertificateStatus.HELD,
                        T0.plusSeconds(9),
                        Optional.of("certificateHold")));

        assertThat(held).singleElement().satisfies(c -> {
            assertThat(c.serialNumber()).isEqualTo(BigInteger.valueOf(11));
            assertThat(c.status()).isEqualTo(CertificateStatus.HELD);
            assertThat(c.statusChangedAt()).contains(T0.plusSeconds(9));
            assertThat(c.reason()).contains("certificateHold");
        });
        assertThat(db.<Optional<DeviceCertificate>>read(
                                s -> s.deviceCertificates().findBySha256(makerGood.sha256()))
                        .orElseThrow()
                        .status())
                .isEqualTo(CertificateStatus.GOOD);
        assertThat(db.<List<DeviceCertificate>>read(s -> s.deviceCertificates().revoked(ownerGood.caAlias(), T0)))
                .extracting(DeviceCertificate::serialNumber)
                .containsExactly(BigInteger.valueOf(11), BigInteger.valueOf(12));
        assertThat(db.<List<DeviceCertificate>>read(
                        s -> s.deviceCertificates().revoked(ownerGood.caAlias(), T0.plusSeconds(7200))))
                .as("expired entries leave the list")
                .isEmpty();
    }

    @EachStore
    void activationPolicyIsSetAndReplaced(JdbcDatabase db) {
        Organization owner = org(db, "Owner");
        assertThat(db.<Optional<ActivationPolicy>>read(s -> s.identityPolicies().findActivation(owner.id())))
                .isEmpty();
        db.inTransaction(s -> {
            s.identityPolicies().putActivation(owner.id(), ActivationPolicy.APPROVAL);
            return null;
        });
        db.inTransaction(s -> {
            s.identityPolicies().putActivation(owner.id(), ActivationPolicy.AUTO);
            return null;
        });
        assertThat(db.<Optional<ActivationPolicy>>read(s -> s.identityPolicies().findActivation(owner.id())))
                .contains(ActivationPolicy.AUTO);
    }

    @EachStore
    void quarantineOnViolationIsOffUntilSetAndThenReplaced(JdbcDatabase db) {
        Organization owner = org(db, "Owner");
        assertThat(db.<Optional<Boolean>>read(s -> s.identityPolicies().findQuarantineOnViolation(owner.id())))
                .isEmpty();
        db.inTransaction(s -> {
            s.identityPolicies().putQuarantineOnViolation(owner.id(), true);
            return null;
        });
        assertThat(db.<Optional<Boolean>>read(s -> s.identityPolicies().findQuarantineOnViolation(owner.id())))
                .contains(true);
        db.inTransaction(s -> {
            s.identityPolicies().putQuarantineOnViolation(owner.id(), false);
            return null;
        });
        assertThat(db.<Optional<Boolean>>read(s -> s.identityPolicies().findQuarantineOnViolation(owner.id())))
                .contains(false);
    }

    @EachStore
    void eventsOfOneMillisecondKeepTheOrderTheyWereWrittenIn(JdbcDatabase db) {
        Organization owner = org(db, "Owner");
        Device d = device(owner.id(), "SN-5", Optional.of(owner.id()), DeviceState.OWNED);
        db.inTransaction(s -> {
            s.devices().insert(d);
            for (String action : List.of("device.enroll", "device.activate", "device.quarantine", "device.release")) {
                s.devices()
                        .appendEvent(new DeviceEvent(
                                Ids.newId("dve"),
                                d.id(),
                                T0,
                                action,
                                Optional.empty(),
                                DeviceState.ACTIVE,
                                "x",
                                Optional.empty()));
            }
            return null;
        });

        assertThat(db.<List<DeviceEvent>>read(s -> s.devices().events(d.id())))
                .extracting(DeviceEvent::action)
                .containsExactly("device.enroll", "device.activate", "device.quarantine", "device.release");
    }
}
