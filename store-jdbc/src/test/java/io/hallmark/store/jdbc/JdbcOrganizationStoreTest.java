package io.hallmark.store.jdbc;

import static io.hallmark.store.jdbc.Given.givenOrganization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hallmark.server.access.Organization;
import io.hallmark.server.persistence.ConflictException;
import io.hallmark.server.persistence.Page;
import io.hallmark.server.persistence.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

class JdbcOrganizationStoreTest {

    @EachStore
    void insertedOrganizationIsFoundByIdAndByName(JdbcDatabase db) {
        Organization org = givenOrganization("Acme Devices");
        db.inTransaction(s -> {
            s.organizations().insert(org);
            return null;
        });

        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById(org.id())))
                .contains(org);
        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findByName("Acme Devices")))
                .contains(org);
        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findByName("acme devices")))
                .isEmpty();
        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById("org_unknown")))
                .isEmpty();
    }

    @EachStore
    void duplicateOrganizationNameIsAConflict(JdbcDatabase db) {
        db.inTransaction(s -> {
            s.organizations().insert(givenOrganization("Acme"));
            return null;
        });

        assertThatThrownBy(() -> db.inTransaction(s -> {
                    s.organizations().insert(givenOrganization("Acme"));
                    return null;
                }))
                .isInstanceOf(ConflictException.class)
                .hasMessage("organization name already exists");
    }

    @EachStore
    void conflictLeavesTheTransactionUsable(JdbcDatabase db) {
        db.inTransaction(s -> {
            s.organizations().insert(givenOrganization("Acme"));
            return null;
        });
        Organization other = givenOrganization("Other");

        db.inTransaction(s -> {
            assertThatThrownBy(() -> s.organizations().insert(givenOrganization("Acme")))
                    .isInstanceOf(ConflictException.class);
            s.organizations().insert(other);
            return null;
        });

        assertThat(db.<Optional<Organization>>read(s -> s.organizations().findById(other.id())))
                .contains(other);
    }

    @EachStore
    void listPagesThroughOrganizationsOrderedById(JdbcDatabase db) {
        List<Organization> orgs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            orgs.add(givenOrganization("org " + i));
        }
        db.inTransaction(s -> {
            orgs.forEach(s.organizations()::insert);
            return null;
        });
        orgs.sort(Comparator.comparing(Organization::id));

        Page<Organization> first = db.read(s -> s.organizations().list(PageRequest.first(3)));
        Page<Organization> second = db.read(s -> s.organizations().list(new PageRequest(first.next(), 3)));
        Page<Organization> last = db.read(s -> s.organizations().list(new PageRequest(second.next(), 3)));

        assertThat(first.items()).containsExactlyElementsOf(orgs.subList(0, 3));
        assertThat(first.next()).contains(orgs.get(2).id());
        assertThat(second.items()).containsExactlyElementsOf(orgs.subList(3, 6));
        assertThat(last.items()).containsExactly(orgs.get(6));
        assertThat(last.next()).isEmpty();
    }

    @EachStore
    void exactlyFullLastPageHasNoNextCursor(JdbcDatabase db) {
        db.inTransaction(s -> {
            s.organizations().insert(givenOrganization("a"));
            s.organizations().insert(givenOrganization("b"));
            return null;
        });

        Page<Organization> page = db.read(s -> s.organizations().list(PageRequest.first(2)));

        assertThat(page.items()).hasSize(2);
        assertThat(page.next()).isEqualTo(Optional.empty());
    }
}
