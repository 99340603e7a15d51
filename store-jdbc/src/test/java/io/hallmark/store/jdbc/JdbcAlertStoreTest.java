package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.behaviour.Alert;
import io.hallmark.server.behaviour.AlertState;
import io.hallmark.server.behaviour.Incident;
import io.hallmark.server.behaviour.detect.Finding;
import io.hallmark.server.behaviour.detect.Finding.FindingSeverity;
import io.hallmark.server.identity.Device;
import io.hallmark.server.identity.DeviceState;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.List;
import java.util.Optional;

class JdbcAlertStoreTest {
    private static final String VICTIM = "203.0.113.9:80/tcp";

    private static Organization org(JdbcDatabase db) {
        Organization o = givenOrganization("Owner");
        db.inTransaction(s -> {
            s.organizations().insert(o);
            return null;
        });
        return o;
    }

    private static Device device(JdbcDatabase db, Organization owner, String serial) {
        Device d = new Device(
                Ids.newId("dev"),
                serial,
                owner.id(),
                Optional.of(owner.id()),
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

    private static Incident incident(Organization o, Incident.Kind kind, String subject, int minute) {
        return new Incident(
                Ids.newId("inc"),
                o.id(),
                kind,
                subject,
                FindingSeverity.MEDIUM,
                AlertState.OPEN,
                T0.plusSeconds(60L * minute),
                T0.plusSeconds(60L * minute),
                0,
                0,
                Optional.empty());
    }

    private static Alert alert(Device d, Incident i, String finding, String destination, int minute) {
        return new Alert(
                Ids.newId("alr"),
                i.orgId(),
                d.id(),
                d.serial(),
                new Finding(finding, FindingSeverity.HIGH, "bytes_out_per_s", "at most 9000", "4000000", destination),
                AlertState.OPEN,
                T0.plusSeconds(60L * minute),
                T0.plusSeconds(60L * minute),
                1,
                i.id(),
                Optional.empty());
    }

    private static void store(JdbcDatabase db, Incident i, Alert... alerts) {
        db.inTransaction(s -> {
            s.alerts().put(i);
            for (Alert a : alerts) {
                s.alerts().insert(a);
            }
            return null;
        });
    }

    @EachStore
    void anAlertRoundTripsWithItsEvidenceAndItsTriage(JdbcDatabase db) {
        Organization o = org(db);
        Device d = device(db, o, "SN-1");
        Incident i = incident(o, Incident.Kind.DEVICE, d.id(), 0);
        Alert a = alert(d, i, "behaviour.baseline.bytes_out_per_s", VICTIM, 0);
        store(db, i, a);
        assertThat(db.<Optional<Alert>>read(s -> s.alerts().findAlert(a.id()))).contains(a);

        Alert acked = new Alert(
                a.id(),
                a.orgId(),
                a.deviceId(),
                a.serial(),
                a.finding(),
                AlertState.ACKNOWLEDGED,
                a.firstSeen(),
                T0.plusSeconds(600),
                7,
                a.incidentId(),
                Optional.of(new Alert.Triage("usr_X", T0.plusSeconds(601), "on it")));
        assertThat(db.<Boolean>inTransaction(s -> s.alerts().update(acked, AlertState.RESOLVED)))
                .as("only from the expected state")
                .isFalse();
        assertThat(db.<Boolean>inTransaction(s -> s.alerts().update(acked, AlertState.OPEN)))
                .isTrue();
        assertThat(db.<Optional<Alert>>read(s -> s.alerts().findAlert(a.id()))).contains(acked);
        assertThat(db.<List<Alert>>read(s -> s.alerts().unresolvedAlerts(10))).containsExactly(acked);
    }

    @EachStore
    void anIncidentCountsItsAlertsAndDevicesAndTakesLaterChanges(JdbcDatabase db) {
        Organization o = org(db);
        Device d1 = device(db, o, "SN-1");
        Device d2 = device(db, o, "SN-2");
        Incident fleet = incident(o, Incident.Kind.FLEET, VICTIM, 0);
        store(
                db,
                fleet,
                alert(d1, fleet, "behaviour.baseline.bytes_out_per_s", VICTIM, 0),
                alert(d1, fleet, "behaviour.baseline.packets_out_per_s", VICTIM, 0),
                alert(d2, fleet, "behaviour.baseline.bytes_out_per_s", VICTIM, 1));
        Incident read = db.<Optional<Incident>>read(s -> s.alerts().findIncident(fleet.id()))
                .orElseThrow();
        assertThat(read.alerts()).isEqualTo(3);
        assertThat(read.devices()).isEqualTo(2);

        Incident resolved = new Incident(
                fleet.id(),
                o.id(),
                fleet.kind(),
                fleet.subject(),
                FindingSeverity.CRITICAL,
                AlertState.RESOLVED,
                fleet.opened(),
                T0.plusSeconds(900),
                0,
                0,
                Optional.of(new Alert.Triage("usr_X", T0.plusSeconds(900), "blocked upstream")));
        db.inTransaction(s -> {
            s.alerts().put(resolved);
            return null;
        });
        Incident after = db.<Optional<Incident>>read(s -> s.alerts().findIncident(fleet.id()))
                .orElseThrow();
        assertThat(after.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(after.severity()).isEqualTo(FindingSeverity.CRITICAL);
        assertThat(after.triage()).isEqualTo(resolved.triage());
        assertThat(db.<List<Incident>>read(s -> s.alerts().unresolvedIncidents(10)))
                .isEmpty();
    }

    @EachStore
    void regroupingMovesOnlyTheNamedDevicesUnresolvedAlerts(JdbcDatabase db) {
        Organization o = org(db);
        Device d1 = device(db, o, "SN-1");
        Device d2 = device(db, o, "SN-2");
        Device d3 = device(db, o, "SN-3");
        Incident own1 = incident(o, Incident.Kind.DEVICE, d1.id(), 0);
        Incident own3 = incident(o, Incident.Kind.DEVICE, d3.id(), 0);
        Alert toVictim = alert(d1, own1, "behaviour.baseline.bytes_out_per_s", VICTIM, 0);
        Alert elsewhere = alert(d1, own1, "behaviour.listen.telnet", "", 0);
        Alert notNamed = alert(d3, own3, "behaviour.baseline.bytes_out_per_s", VICTIM, 0);
        store(db, own1, toVictim, elsewhere);
        store(db, own3, notNamed);
        Incident fleet = incident(o, Incident.Kind.FLEET, VICTIM, 1);
        store(db, fleet);

        int moved = db.inTransaction(s -> s.alerts().regroup(o.id(), List.of(d1.id(), d2.id()), fleet.id()));

        assertThat(moved).isEqualTo(2);
        assertThat(db.<Optional<Alert>>read(s -> s.alerts().findAlert(toVictim.id())))
                .hasValueSatisfying(a -> assertThat(a.incidentId()).isEqualTo(fleet.id()));
        assertThat(db.<Optional<Alert>>read(s -> s.alerts().findAlert(elsewhere.id())))
                .hasValueSatisfying(a -> assertThat(a.incidentId()).isEqualTo(fleet.id()));
        assertThat(db.<Optional<Alert>>read(s -> s.alerts().findAlert(notNamed.id())))
                .hasValueSatisfying(a -> assertThat(a.incidentId()).isEqualTo(own3.id()));
    }

    @EachStore
    void alertsAndIncidentsArePagedNewestFirstAndFilteredByStateAndDevice(JdbcDatabase db) {
        Organization o = org(db);
        Device d1 = device(db, o, "SN-1");
        Device d2 = device(db, o, "SN-2");
        Incident i1 = incident(o, Incident.Kind.DEVICE, d1.id(), 0);
        Incident i2 = incident(o, Incident.Kind.DEVICE, d2.id(), 1);
        Alert first = alert(d1, i1, "behaviour.listen.new", "", 0);
        Alert second = alert(d2, i2, "behaviour.listen.new", "", 1);
        Alert third = alert(d1, i1, "behaviour.auth.spike", "", 2);
        store(db, i1, first);
        store(db, i2, second);
        db.inTransaction(s -> {
            s.alerts().insert(third);
            return null;
        });

        Page<Alert> page1 =
                db.read(s -> s.alerts().alerts(o.id(), Optional.empty(), Optional.empty(), PageRequest.first(2)));
        assertThat(page1.items()).containsExactly(third, second);
        Page<Alert> page2 = db.read(
                s -> s.alerts().alerts(o.id(), Optional.empty(), Optional.empty(), new PageRequest(page1.next(), 2)));
        assertThat(page2.items()).containsExactly(first);
        assertThat(page2.next()).isEmpty();
        assertThat(db.<Page<Alert>>read(s -> s.alerts()
                                .alerts(
                                        o.id(),
                                        Optional.of(AlertState.OPEN),
                                        Optional.of(d1.id()),
                                        PageRequest.first(10)))
                        .items())
                .containsExactly(third, first);
        assertThat(db.<Page<Alert>>read(s -> s.alerts()
                                .alerts(
                                        o.id(),
                                        Optional.of(AlertState.RESOLVED),
                                        Optional.empty(),
                                        PageRequest.first(10)))
                        .items())
                .isEmpty();
        assertThat(db.<Page<Incident>>read(s -> s.alerts().incidents(o.id(), Optional.empty(), PageRequest.first(10)))
                        .items())
                .extracting(Incident::id)
                .containsExactly(i2.id(), i1.id());
        assertThat(db.<Page<Alert>>read(s -> s.alerts()
                                .alerts(
                                        o.id(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        new PageRequest(Optional.of("alr_unknown"), 10)))
                        .items())
                .as("an unknown cursor gives nothing, not everything")
                .isEmpty();
    }
}
