package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.protocol.attestation.Tier;
import io.hallmark.server.access.Organization;
import io.hallmark.server.attestation.AttestationPolicy;
import io.hallmark.server.attestation.AttestationRecord;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.identity.Product;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

class JdbcAttestationStoreTest {

    private static Device device(JdbcDatabase db, Organization owner, String serial) {
        Device d = new Device(
                Ids.newId("dev"),
                serial,
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
            s.devices().insert(d);
            return null;
        });
        return d;
    }

    private static AttestationRecord result(Device d, Tier status, int second) {
        return new AttestationRecord(
                Ids.newId("att"), d.id(), d.ownerId().orElseThrow(), status, T0.plusSeconds(second), "e.a.r" + second);
    }

    @EachStore
    void theLatestResultAndTheHistoryNewestFirstAreKeptPerDevice(JdbcDatabase db) {
        Organization owner = givenOrganization("owner");
        db.inTransaction(s -> {
            s.organizations().insert(owner);
            return null;
        });
        Device a = device(db, owner, "A-1");
        Device b = device(db, owner, "B-1");
        AttestationRecord first = result(a, Tier.AFFIRMING, 0);
        AttestationRecord sameInstant = result(a, Tier.CONTRAINDICATED, 0);
        AttestationRecord other = result(b, Tier.WARNING, 5);
        db.inTransaction(s -> {
            s.attestations().insert(first);
            s.attestations().insert(sameInstant);
            s.attestations().insert(other);
            return null;
        });

        Optional<AttestationRecord> latest = db.read(s -> s.attestations().findLatest(a.id()));
        List<AttestationRecord> history = db.read(s -> s.attestations().history(a.id(), 10));
        List<AttestationRecord> newest = db.read(s -> s.attestations().history(a.id(), 1));
        List<AttestationRecord> ofOwner = db.read(s -> s.attestations().latestOf(owner.id()));
        Optional<AttestationRecord> none = db.read(s -> s.attestations().findLatest("dev_NONE"));

        assertThat(latest).contains(sameInstant);
        assertThat(history).containsExactly(sameInstant, first);
        assertThat(newest).containsExactly(sameInstant);
        assertThat(ofOwner).containsExactlyInAnyOrder(sameInstant, other);
        assertThat(none).isEmpty();
    }

    @EachStore
    void theLatestResultsOfAProductsDevicesAreFoundWhoeverOwnsThem(JdbcDatabase db) {
        Organization maker = givenOrganization("maker");
        Organization owner = givenOrganization("owner");
        Product cam = new Product(Ids.newId("prd"), maker.id(), "C-1", "Cam", "1.0", Optional.empty(), T0);
        Product other = new Product(Ids.newId("prd"), maker.id(), "C-2", "Cam 2", "1.0", Optional.empty(), T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.organizations().insert(owner);
            s.products().insert(cam);
            s.products().insert(other);
            return null;
        });
        Device a = productDevice(db, maker, owner, cam, "P-1");
        Device b = productDevice(db, maker, owner, cam, "P-2");
        Device c = productDevice(db, maker, owner, other, "P-3");
        productDevice(db, maker, owner, cam, "P-4"); // never attested
        AttestationRecord aOld = result(a, Tier.AFFIRMING, 0);
        AttestationRecord aNew = result(a, Tier.CONTRAINDICATED, 10);
        AttestationRecord bOnly = result(b, Tier.AFFIRMING, 5);
        db.inTransaction(s -> {
            s.attestations().insert(aOld);
            s.attestations().insert(aNew);
            s.attestations().insert(bOnly);
            s.attestations().insert(result(c, Tier.CONTRAINDICATED, 5));
            return null;
        });

        List<AttestationRecord> ofCam = db.read(s -> s.attestations().latestOfProduct(cam.id()));
        List<AttestationRecord> ofNone = db.read(s -> s.attestations().latestOfProduct("prd_NONE"));
        assertThat(ofCam).containsExactlyInAnyOrder(aNew, bOnly);
        assertThat(ofNone).isEmpty();
    }

    private static Device productDevice(
            JdbcDatabase db, Organization maker, Organization owner, Product product, String serial) {
        Device d = new Device(
                Ids.newId("dev"),
                serial,
                maker.id(),
                Optional.of(maker.id()),
                Optional.of(product.id()),
                Optional.of(owner.id()),
                DeviceState.ACTIVE,
                false,
                Optional.empty(),
                T0,
                T0);
        db.inTransaction(s -> {
            s.devices().insert(d);
            return null;
        });
        return d;
    }

    @EachStore
    void policiesAndReferenceValuesAreReplacedWhole(JdbcDatabase db) {
        Organization maker = givenOrganization("maker");
        Product p = new Product(Ids.newId("prd"), maker.id(), "T-1", "Thermo", "2.25.1", Optional.empty(), T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.products().insert(p);
            return null;
        });
        AttestationPolicy policy = new AttestationPolicy(Duration.ofMinutes(10), true);
        String d1 = "sha-256:" + "a".repeat(64);
        String d2 = "sha-256:" + "b".repeat(64);

        db.inTransaction(s -> {
            s.attestations().putPolicy(maker.id(), AttestationPolicy.DEFAULT);
            s.attestations().putPolicy(maker.id(), policy);
            s.attestations().putReferenceValues(p.id(), Map.of("kernel", Set.of(d1, d2), "app", Set.of(d1)));
            s.attestations().putReferenceValues(p.id(), Map.of("kernel", Set.of(d2)));
            return null;
        });

        Optional<AttestationPolicy> found = db.read(s -> s.attestations().findPolicy(maker.id()));
        Map<String, Set<String>> values = db.read(s -> s.attestations().referenceValues(p.id()));
        Optional<AttestationPolicy> noPolicy = db.read(s -> s.attestations().findPolicy("org_NONE"));
        Map<String, Set<String>> noValues = db.read(s -> s.attestations().referenceValues("prd_NONE"));

        assertThat(found).contains(policy);
        assertThat(values).isEqualTo(Map.of("kernel", Set.of(d2)));
        assertThat(noPolicy).isEmpty();
        assertThat(noValues).isEmpty();
    }
}
