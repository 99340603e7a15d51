package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.access.Organization;
import io.hallmark.server.identity.CaRevocation;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.pki.CertificateStatus;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

class JdbcCaRevocationStoreTest {
    @EachStore
    void aRevocationRoundTripsIsFoundByItsRootAndCannotBeStoredTwice(JdbcDatabase db) {
        Organization o = givenOrganization("Owner");
        String root = "org." + o.id() + ".root";
        CaRevocation r = new CaRevocation(
                o.id(),
                "org." + o.id() + ".ldevid-ca",
                root,
                new BigInteger("00f1e2d3c4b5a69788796a5b4c3d2e1f0a", 16),
                CertificateStatus.Reason.KEY_COMPROMISE,
                T0,
                "usr_ADMIN");
        db.inTransaction(s -> {
            s.organizations().insert(o);
            s.caRevocations().insert(r);
            return null;
        });
        assertThat(db.<Optional<CaRevocation>>read(s -> s.caRevocations().find(r.caAlias())))
                .contains(r);
        assertThat(db.<Optional<CaRevocation>>read(s -> s.caRevocations().find("org.none.ldevid-ca")))
                .isEmpty();
        assertThat(db.<List<CaRevocation>>read(s -> s.caRevocations().byRoot(root)))
                .containsExactly(r);
        assertThat(db.<List<CaRevocation>>read(s -> s.caRevocations().byRoot("org.none.root")))
                .isEmpty();
        assertThat(db.<List<CaRevocation>>read(s -> s.caRevocations().all())).containsExactly(r);
        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.caRevocations().insert(r);
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already revoked");
    }
}
