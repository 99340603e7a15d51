package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.fleetaudit.FindingFilter;
import io.hallmark.server.fleetaudit.FindingSeverity;
import io.hallmark.server.fleetaudit.FindingState;
import io.hallmark.server.fleetaudit.FleetFinding;
import io.hallmark.server.fleetaudit.MitigationPolicy;
import io.hallmark.server.fleetaudit.Resource;
import io.hallmark.server.fleetaudit.Suppression;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

class JdbcFleetAuditStoreTest {
    private static Organization org(JdbcDatabase db, String name) {
        Organization o = givenOrganization(name);
        db.inTransaction(s -> {
            s.organizations().insert(o);
            return null;
        });
        return o;
    }

    private static FleetFinding finding(Organization o, String check, String resource, FindingState state) {
        return new FleetFinding(
                Ids.newId("faf"),
                o.id(),
                check,
                FindingSeverity.HIGH,
                new Resource("device", resource, "SN-" + resource),
                "valid for more than 30 days",
                "expires in 3 days",
                T0,
                T0,
                state,
                Optional.empty());
    }

    private static void insert(JdbcDatabase db, FleetFinding... findings) {
        db.inTransaction(s -> {
            s.fleetAudit().insertAll(List.of(findings), "far_1");
            return null;
        });
    }

    @EachStore
    void findingsRoundTripAndUpdatesKeepTheirFirstSeen(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        FleetFinding f = finding(o, "device.certificate.expiring", "dev_1", FindingState.OPEN);
        insert(db, f);
        assertThat(db.<Optional<FleetFinding>>read(s -> s.fleetAudit().find(f.id())))
                .contains(f);

        Instant later = T0.plusSeconds(86_400);
        FleetFinding again = new FleetFinding(
                f.id(),
                f.orgId(),
                f.checkId(),
                FindingSeverity.HIGH,
                f.resource(),
                f.expected(),
                "expires in 2 days",
                f.firstSeen(),
                later,
                FindingState.SUPPRESSED,
                Optional.empty());
        db.inTransaction(s -> {
            s.fleetAudit().updateAll(List.of(again), "far_2");
            return null;
        });
        assertThat(db.<Optional<FleetFinding>>read(s -> s.fleetAudit().find(f.id())))
                .contains(again);
    }

    @EachStore
    void unresolvedFindsOnlyTheOrganizationsOpenAndSuppressedFindingsOfTheResources(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        Organization other = org(db, "Other");
        FleetFinding open = finding(o, "device.key.weak", "dev_1", FindingState.OPEN);
        FleetFinding suppressed = finding(o, "device.key.roca", "dev_1", FindingState.SUPPRESSED);
        FleetFinding resolved = finding(o, "device.certificate.expiring", "dev_1", FindingState.RESOLVED);
        FleetFinding elsewhere = finding(other, "device.key.weak", "dev_1", FindingState.OPEN);
        FleetFinding otherDevice = finding(o, "device.key.weak", "dev_2", FindingState.OPEN);
        insert(db, open, suppressed, resolved, elsewhere, otherDevice);

        assertThat(db.<List<FleetFinding>>read(s -> s.fleetAudit().unresolved(o.id(), Set.of("dev_1", "dev_9"))))
                .containsExactlyInAnyOrder(open, suppressed);
    }

    @EachStore
    void resolveUnseenResolvesWhatTheRunDidNotSeeEvenAtTheSameInstant(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        FleetFinding gone = finding(o, "device.key.weak", "dev_1", FindingState.OPEN);
        FleetFinding goneSuppressed = finding(o, "device.key.weak", "dev_3", FindingState.SUPPRESSED);
        insert(db, gone, goneSuppressed);
        Instant run = T0;
        FleetFinding seen = new FleetFinding(
                Ids.newId("faf"),
                o.id(),
                "device.key.weak",
                FindingSeverity.HIGH,
                new Resource("device", "dev_2", "SN-2"),
                "e",
                "a",
                run,
                run,
                FindingState.OPEN,
                Optional.empty());
        db.inTransaction(s -> {
            s.fleetAudit().insertAll(List.of(seen), "far_2");
            return null;
        });

        assertThat(db.<Integer>inTransaction(s -> s.fleetAudit().resolveUnseen(o.id(), "far_2", run)))
                .isEqualTo(2);
        FleetFinding after = db.<Optional<FleetFinding>>read(s -> s.fleetAudit().find(gone.id()))
                .orElseThrow();
        assertThat(after.state()).isEqualTo(FindingState.RESOLVED);
        assertThat(after.resolvedAt()).contains(run);
        assertThat(db.<Optional<FleetFinding>>read(s -> s.fleetAudit().find(seen.id())))
                .contains(seen);
    }

    @EachStore
    void listFiltersAndPagesNewestFirst(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        FleetFinding a = finding(o, "device.key.weak", "dev_1", FindingState.OPEN);
        FleetFinding b = finding(o, "device.key.weak", "dev_2", FindingState.RESOLVED);
        FleetFinding c = finding(o, "device.certificate.expiring", "dev_3", FindingState.OPEN);
        insert(db, a);
        insert(db, b);
        insert(db, c);

        Page<FleetFinding> first = db.read(s -> s.fleetAudit().list(o.id(), FindingFilter.all(), PageRequest.first(2)));
        assertThat(first.items()).containsExactly(c, b);
        Page<FleetFinding> second =
                db.read(s -> s.fleetAudit().list(o.id(), FindingFilter.all(), new PageRequest(first.next(), 2)));
        assertThat(second.items()).containsExactly(a);
        assertThat(second.next()).isEmpty();

        FindingFilter weakOpen = new FindingFilter(
                Optional.of("device.key.weak"), Optional.of(FindingSeverity.HIGH), Optional.of(FindingState.OPEN));
        assertThat(db.<Page<FleetFinding>>read(s -> s.fleetAudit().list(o.id(), weakOpen, PageRequest.first(10)))
                        .items())
                .containsExactly(a);
        FindingFilter low = new FindingFilter(Optional.empty(), Optional.of(FindingSeverity.LOW), Optional.empty());
        assertThat(db.<Page<FleetFinding>>read(s -> s.fleetAudit().list(o.id(), low, PageRequest.first(10)))
                        .items())
                .isEmpty();
    }

    @EachStore
    void suppressionsRoundTripAndSuppressTheOpenFindingsTheyCover(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        FleetFinding one = finding(o, "device.key.weak", "dev_1", FindingState.OPEN);
        FleetFinding two = finding(o, "device.key.weak", "dev_2", FindingState.OPEN);
        FleetFinding other = finding(o, "device.key.roca", "dev_1", FindingState.OPEN);
        insert(db, one, two, other);
        Suppression forOne = new Suppression(
                Ids.newId("fas"),
                o.id(),
                "device.key.weak",
                Optional.of("dev_1"),
                "lab device",
                T0.plusSeconds(3600),
                "usr_1",
                T0);
        Suppression forAll = new Suppression(
                Ids.newId("fas"),
                o.id(),
                "device.key.weak",
                Optional.empty(),
                "accepted",
                T0.plusSeconds(60),
                "usr_1",
                T0);
        assertThat(db.<Integer>inTransaction(s -> {
                    s.fleetAudit().insertSuppression(forOne);
                    return s.fleetAudit().suppressOpen(o.id(), "device.key.weak", Optional.of("dev_1"));
                }))
                .isEqualTo(1);
        assertThat(db.<Integer>inTransaction(s -> {
                    s.fleetAudit().insertSuppression(forAll);
                    return s.fleetAudit().suppressOpen(o.id(), "device.key.weak", Optional.empty());
                }))
                .isEqualTo(1);
        assertThat(db.<List<Suppression>>read(s -> s.fleetAudit().suppressions(o.id())))
                .containsExactly(forAll, forOne);
        assertThat(db.<Optional<FleetFinding>>read(s -> s.fleetAudit().find(other.id()))
                        .orElseThrow()
                        .state())
                .isEqualTo(FindingState.OPEN);
    }

    @EachStore
    void aMitigationPolicyRoundTripsAndIsReplaced(JdbcDatabase db) {
        Organization o = org(db, "Owner");
        assertThat(db.<Optional<MitigationPolicy>>read(s -> s.fleetAudit().mitigationPolicy(o.id())))
                .isEmpty();
        MitigationPolicy p = new MitigationPolicy(
                List.of(
                        new MitigationPolicy.Rule(
                                "device.credentials.default",
                                Set.of(MitigationPolicy.Action.NOTIFY, MitigationPolicy.Action.QUARANTINE)),
                        new MitigationPolicy.Rule("critical", Set.of(MitigationPolicy.Action.ROLLOUT))),
                Optional.of("usr_1"),
                Optional.of(T0));
        db.inTransaction(s -> {
            s.fleetAudit().putMitigationPolicy(o.id(), p);
            return null;
        });
        assertThat(db.<Optional<MitigationPolicy>>read(s -> s.fleetAudit().mitigationPolicy(o.id())))
                .contains(p);
        MitigationPolicy none = new MitigationPolicy(List.of(), Optional.of("usr_2"), Optional.of(T0.plusSeconds(1)));
        db.inTransaction(s -> {
            s.fleetAudit().putMitigationPolicy(o.id(), none);
            return null;
        });
        assertThat(db.<Optional<MitigationPolicy>>read(s -> s.fleetAudit().mitigationPolicy(o.id())))
                .contains(none);
    }
}
