package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.T0;
import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.core.Ids;
import io.hallmark.server.access.Organization;
import io.hallmark.server.identity.Product;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.PageRequest;
import io.hallmark.server.update.Release;
import io.hallmark.server.update.TufProductRole;
import io.hallmark.server.update.TufRepositoryState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

class JdbcUpdateStoreTest {

    private static Product product(JdbcDatabase db) {
        Organization maker = givenOrganization("Maker");
        Product p = new Product(Ids.newId("prd"), maker.id(), "cam-200", "Camera", "2.25.1", Optional.empty(), T0);
        db.inTransaction(s -> {
            s.organizations().insert(maker);
            s.products().insert(p);
            return null;
        });
        return p;
    }

    private static Release release(Product p, String version) {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("pcr0", "ab".repeat(32));
        m.put("kernel=img", "cd".repeat(48));
        return new Release(
                Ids.newId("rel"),
                p.orgId(),
                p.id(),
                p.model(),
                version,
                p.model() + "/" + version + "/fw.bin",
                "ef".repeat(32),
                1234,
                Optional.of("01".repeat(32)),
                m,
                List.of("rev-a", "rev-b"),
                true,
                Release.State.PUBLISHED,
                "usr_X",
                T0,
                Optional.empty());
    }

    @EachStore
    void aReleaseRoundTripsAndIsRevokedOnce(JdbcDatabase db) {
        Product p = product(db);
        Release r = release(p, "1.0.0");
        db.inTransaction(s -> {
            s.releases().insert(r);
            return null;
        });

        assertThat(db.<Optional<Release>>read(s -> s.releases().findById(r.id())))
                .contains(r);
        assertThat(db.<List<Release>>read(s -> s.releases().published(p.orgId())))
                .containsExactly(r);
        assertThat(db.<Optional<Release>>read(s -> s.releases().findPublished(p.orgId(), r.targetPath())))
                .contains(r);

        Release revoked = r.revoked(new Release.Revocation("usr_Y", T0.plusSeconds(5), "bricks rev-a"));
        assertThat(db.<Boolean>inTransaction(s -> s.releases().revoke(revoked))).isTrue();
        assertThat(db.<Boolean>inTransaction(s -> s.releases().revoke(revoked))).isFalse();
        assertThat(db.<Optional<Release>>read(s -> s.releases().findById(r.id())))
                .contains(revoked);
        assertThat(db.<List<Release>>read(s -> s.releases().published(p.orgId())))
                .isEmpty();
        assertThat(db.<io.hallmark.server.persistence.Page<Release>>read(
                                s -> s.releases().list(p.orgId(), PageRequest.first(10)))
                        .items())
                .containsExactly(revoked);
    }

    @EachStore
    void aProductHasEachVersionOnce(JdbcDatabase db) {
        Product p = product(db);
        db.inTransaction(s -> {
            s.releases().insert(release(p, "1.0.0"));
            return null;
        });
        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.releases().insert(release(p, "1.0.0"));
                    return null;
                }))
                .isInstanceOf(ConflictException.class);
    }

    private static final String LONG_ROLE_FILE = "1234567890.product-" + "m".repeat(64) + ".json";

    @EachStore
    void aRepositoryKeepsItsVersionsAndFilesAndIsFoundWhenExpiring(JdbcDatabase db) {
        Product p = product(db);
        TufRepositoryState st = new TufRepositoryState(
                p.orgId(),
                1,
                1,
                1,
                1,
                T0.plus(Duration.ofDays(365)),
                T0.plus(Duration.ofDays(90)),
                T0.plus(Duration.ofDays(30)),
                T0.plus(Duration.ofDays(1)));
        byte[] ts1 = "{\"v\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] ts2 = "{\"v\":2}".getBytes(StandardCharsets.UTF_8);
        db.inTransaction(s -> {
            s.tufRepositories().insert(st);
            s.tufRepositories().putFile(p.orgId(), "timestamp.json", ts1, T0);
            s.tufRepositories().putFile(p.orgId(), "1.root.json", ts1, T0);
            // a product's delegated role whose directory has the longest model name (V27)
            s.tufRepositories().putFile(p.orgId(), LONG_ROLE_FILE, ts1, T0);
            return null;
        });
        TufRepositoryState next = new TufRepositoryState(
                p.orgId(),
                1,
                2,
                2,
                2,
                st.rootExpires(),
                st.targetsExpires(),
                st.snapshotExpires(),
                T0.plus(Duration.ofDays(2)));
        db.inTransaction(s -> {
            assertThat(s.tufRepositories().lock(p.orgId())).contains(st);
            s.tufRepositories().update(next);
            s.tufRepositories().putFile(p.orgId(), "timestamp.json", ts2, T0);
            return null;
        });

        assertThat(db.<Optional<TufRepositoryState>>read(
                        s -> s.tufRepositories().find(p.orgId())))
                .contains(next);
        assertThat(db.<Optional<byte[]>>read(s -> s.tufRepositories().file(p.orgId(), "timestamp.json"))
                        .orElseThrow())
                .isEqualTo(ts2);
        assertThat(db.<Optional<byte[]>>read(s -> s.tufRepositories().file(p.orgId(), LONG_ROLE_FILE)))
                .isPresent();
        assertThat(db.<Optional<byte[]>>read(s -> s.tufRepositories().file(p.orgId(), "1.root.json"))
                        .orElseThrow())
                .isEqualTo(ts1);
        assertThat(db.<Optional<byte[]>>read(s -> s.tufRepositories().file(p.orgId(), "2.root.json")))
                .isEmpty();
        assertThat(db.<List<TufRepositoryState>>read(
                        s -> s.tufRepositories().expiringBefore(T0.plus(Duration.ofDays(3)))))
                .containsExactly(next);
        assertThat(db.<List<TufRepositoryState>>read(
                        s -> s.tufRepositories().expiringBefore(T0.plus(Duration.ofDays(1)))))
                .isEmpty();
    }

    @EachStore
    void aProductRoleKeepsItsKeysAndPendingVersionAndPendingReleasesArePublishedOnce(JdbcDatabase db) {
        Product p = product(db);
        Release r = release(p, "2.0.0");
        Release pending = new Release(
                r.id(),
                r.orgId(),
                r.productId(),
                r.productModel(),
                r.version(),
                r.targetPath(),
                r.imageSha256(),
                r.imageLength(),
                r.sbomSha256(),
                r.measurements(),
                r.hardware(),
                r.security(),
                Release.State.PENDING,
                r.publishedBy(),
                r.publishedAt(),
                Optional.empty());
        String role = "product-cam-200";
        byte[] file = "{\"signatures\":[],\"signed\":{}}".getBytes(StandardCharsets.UTF_8);
        db.inTransaction(s -> {
            s.releases().insert(pending);
            s.tufRepositories()
                    .putRole(new TufProductRole(
                            p.orgId(), role, 2, Optional.empty(), Optional.of("{\"keys\":{}}"), Optional.of(file), 0));
            return null;
        });
        assertThat(db.<List<Release>>read(s -> s.releases().published(p.orgId())))
                .isEmpty();
        assertThat(db.<List<Release>>read(s -> s.releases().pending(p.orgId()))).containsExactly(pending);
        TufProductRole read = db.<Optional<TufProductRole>>read(
                        s -> s.tufRepositories().findRole(p.orgId(), role))
                .orElseThrow();
        assertThat(read.vaultKey()).isEqualTo(2);
        assertThat(read.offline()).isEmpty();
        assertThat(read.next()).contains("{\"keys\":{}}");
        assertThat(read.pending().orElseThrow()).isEqualTo(file);

        db.inTransaction(s -> {
            s.tufRepositories()
                    .putRole(new TufProductRole(
                            p.orgId(), role, 2, Optional.of("{}"), Optional.empty(), Optional.empty(), 5));
            s.releases().publishPending(p.orgId(), List.of(r.targetPath()));
            return null;
        });
        read = db.<Optional<TufProductRole>>read(s -> s.tufRepositories().findRole(p.orgId(), role))
                .orElseThrow();
        assertThat(read.pending()).isEmpty();
        assertThat(read.next()).isEmpty();
        assertThat(read.signedVersion()).isEqualTo(5);
        assertThat(db.<List<Release>>read(s -> s.releases().published(p.orgId())))
                .containsExactly(r);
        assertThat(db.<Optional<TufProductRole>>read(s -> s.tufRepositories().findRole(p.orgId(), "product-x")))
                .isEmpty();
        // the roles the server must renew offline: keys in force or set, not the online ones
        db.inTransaction(s -> {
            s.tufRepositories()
                    .putRole(new TufProductRole(
                            p.orgId(), "product-online", 3, Optional.empty(), Optional.empty(), Optional.empty(), 0));
            return null;
        });
        assertThat(db.<List<TufProductRole>>read(s -> s.tufRepositories().offlineRoles()))
                .extracting(TufProductRole::role)
                .containsExactly(role);
    }
}
