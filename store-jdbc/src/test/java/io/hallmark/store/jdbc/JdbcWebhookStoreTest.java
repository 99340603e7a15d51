package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;

import io.hallmark.server.access.Organization;
import io.hallmark.server.notify.Webhook;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class JdbcWebhookStoreTest {
    @EachStore
    void aWebhookRoundTripsIsListedAndDeleted(JdbcDatabase db) {
        Organization o = givenOrganization("Owner");
        Webhook w = new Webhook(
                "whk_00000000000000000001",
                o.id(),
                URI.create("https://siem.example.com/hooks/hallmark?x=1"),
                List.of("behaviour.", "device.quarantine"),
                false,
                "0123456789abcdef0123456789abcdef",
                "usr_ADMIN",
                T0);
        db.inTransaction(s -> {
            s.organizations().insert(o);
            s.webhooks().insert(w);
            return null;
        });
        assertThat(db.<Optional<Webhook>>read(s -> s.webhooks().find(w.id()))).contains(w);
        assertThat(db.<List<Webhook>>read(s -> s.webhooks().all())).containsExactly(w);
        assertThat(db.<Boolean>inTransaction(s -> s.webhooks().delete(w.id()))).isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.webhooks().delete(w.id()))).isFalse();
        assertThat(db.<List<Webhook>>read(s -> s.webhooks().all())).isEmpty();
    }
}
